/* Claim review: keyboard shortcuts for reviewers going through the queue.
 *
 *   a  approve and open the next pending claim
 *   r  reject: focus the reason; the reviewer types it, then
 *      Ctrl+Enter (⌘+Enter on a Mac) in the box sends "Reject and next"
 *   n  next claim without deciding (on the queue: open the first claim)
 *
 * With a reason for rejection typed but not sent (the claim's, or the queue's for the selected
 * claims), a only returns to it, and n (or a click on "Next pending claim") asks first, by the
 * language switch's question asker (site.js, FSUnsaved): cancelled, the reviewer is back in the
 * box with the text.
 *
 * Keys are ignored while typing in a field (a text box, a textarea, a select; not a
 * checkbox or a button), with a modifier held, or when the page has nothing to act on.
 * Static file: the Content-Security-Policy forbids inline scripts.
 *
 * The hints about the keys (.shortcuts, hidden in the page) are shown only on a screen
 * wider than a phone's, with a mouse: a phone or a tablet has no keys to press, and
 * without this script the keys do nothing either. */
(function () {
  "use strict";

  var KEYBOARD = "(min-width: 641px) and (hover: hover) and (pointer: fine)";

  function showHints(query) {
    document.querySelectorAll(".shortcuts").forEach(function (hint) { hint.hidden = !query.matches; });
  }

  if (window.matchMedia) {
    var keyboard = window.matchMedia(KEYBOARD);
    showHints(keyboard);
    if (keyboard.addEventListener) { keyboard.addEventListener("change", showHints); }
  }

  // Inputs that take no typed text: a reviewer who has just ticked a claim's box (its focus
  // stays on the box) still means the key.
  var NOT_TYPED = ["checkbox", "radio", "button", "submit", "reset", "image", "range", "color", "file"];

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    if (tag === "INPUT") { return NOT_TYPED.indexOf(target.type) === -1; }
    return tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function press(id) {
    var button = document.getElementById(id);
    if (!button || button.disabled) { return false; }
    button.click();  // a real submit: the form's checks and the CSRF token go with it
    return true;
  }

  var busy = false;  // one decision per page: a held key must not send the form twice

  // A reason typed for a rejection not yet sent: the boxes that would lose it carry the question
  // to ask before leaving (data-unsaved, the language switch's attribute; site.js's submit
  // listener reads it on forms only).
  function typedReason() {
    var boxes = document.querySelectorAll("textarea[data-unsaved], input[data-unsaved]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value.trim()) { return boxes[i]; }
    }
    return null;
  }

  // Leaving the page with a reason typed: asked first; kept, the reviewer is back in its box.
  function mayLeave() {
    var typed = typedReason();
    return !typed || window.FSUnsaved.mayDrop(typed, typed);
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (!link) { return false; }
    if (mayLeave()) { window.location.assign(link.href); }
    return true;
  }

  // The link the n key follows, clicked: the same question. A click that opens a new tab
  // (Ctrl, ⌘, Shift) leaves nothing behind.
  var next = document.getElementById("next-claim");
  if (next) {
    next.addEventListener("click", function (event) {
      if (!event.ctrlKey && !event.metaKey && !event.shiftKey && !mayLeave()) { event.preventDefault(); }
    });
  }

  // Ctrl+Enter (⌘+Enter) in the rejection's reason box: "Reject and next", as its button would.
  // An empty box is not sent: the browser says the reason is needed, and the keys go on working.
  function sendRejection(event) {
    var form = document.getElementById("reject-form");
    if (!form || !form.contains(event.target)) { return false; }
    if (!busy && !event.repeat) {
      if (form.checkValidity()) { busy = press("reject-next") || press("reject"); }
      else { form.reportValidity(); }
    }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    // Enter in the queue's one-line reason box would send its form by the first button,
    // "Approve selected": the claims the reason was typed to reject were approved. It sends
    // nothing; "Reject selected" is a button to press.
    if (event.key === "Enter" && event.target.id === "bulk-reason") {
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
      if (!event.defaultPrevented && sendRejection(event)) { event.preventDefault(); }
      return;
    }
    if (busy || event.defaultPrevented || event.repeat) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var done = false;
    var typed = event.key === "a" && typedReason();  // approving would drop it
    if (typed) {
      typed.focus();
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case "a":
        done = busy = press("approve-next");
        break;
      case "r": {
        var reason = document.querySelector("#reject-form textarea, #reject-form input[name=reason]");
        if (reason) { reason.focus(); done = true; }
        break;
      }
      case "n":
        done = follow("#next-claim") || follow("[data-testid=queue-row] a.open-claim");
        break;
    }
    if (done) { event.preventDefault(); }  // the "r" must not land in the reason field
  });
})();
