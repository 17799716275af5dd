/* Claim review: keyboard shortcuts for reviewers going through the queue.
 *
 *   a  approve and open the next pending claim
 *   r  reject: focus the reason (the reviewer types it, then presses Reject)
 *   n  next claim without deciding (on the queue: open the first claim)
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

  function follow(selector) {
    var link = document.querySelector(selector);
    if (!link) { return false; }
    window.location.assign(link.href);
    return true;
  }

  var busy = false;  // one decision per page: a held key must not send the form twice

  document.addEventListener("keydown", function (event) {
    if (busy || event.defaultPrevented || event.repeat) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var done = false;
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
