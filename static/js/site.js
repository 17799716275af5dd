/* On every page: forms that ask before they act (data-confirm="the question") and forms
   sent once (data-once: a second tap while the first request travels does nothing; the
   server refuses a repeat anyway, by the form's idempotency key). Every form works without
   this script. One listener for the page, after the page's own (a form a page's script
   stopped, e.g. a fourth photo, is neither asked about nor marked as sent). A language switch
   (data-unsaved="the question") reloads the page empty: it asks first when another form on the
   page holds input not sent yet. The question itself is asked by FSUnsaved.mayDrop, which the
   claim review's keys (review.js, loaded after this file) ask too. */
(function () {
  "use strict";
  // Input not sent yet that an action would drop: asked first, by the question the server wrote
  // in the page's language on `asker` (its data-unsaved). Cancelled, the action is not taken and
  // the rider is back in `field` (the box holding the input) when one is given. True: go on.
  function mayDrop(asker, field) {
    if (window.confirm(asker.getAttribute("data-unsaved"))) { return true; }
    if (field) { field.focus(); }
    return false;
  }
  window.FSUnsaved = { mayDrop: mayDrop };
  function buttons(form, disabled) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = disabled; });
  }
  // What a rider would lose: a field changed from what the page came with, or anything in a form
  // that came back refused (its errors marked: what it holds was never saved). Hidden fields are
  // the page's own.
  function holdsInput(form) {
    var refused = form.querySelector("[aria-invalid=true], .errorlist") !== null;
    return Array.prototype.some.call(form.elements, function (el) {
      if (el.disabled || !el.name || /^(hidden|submit|button|reset)$/.test(el.type)) { return false; }
      if (el.type === "file") { return el.files.length > 0; }
      if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked || (refused && el.checked); }
      if (el.tagName === "SELECT") {
        var noneMarked = el.querySelector("option[selected]") === null;  // the first one shows
        return Array.prototype.some.call(el.options, function (o, i) {
          return o.selected !== (o.defaultSelected || (noneMarked && !el.multiple && i === 0));
        }) || (refused && el.value !== "");
      }
      return el.value !== el.defaultValue || (refused && el.value !== "");
    });
  }
  function unsentElsewhere(form) {
    return Array.prototype.some.call(document.forms, function (f) {
      return f !== form && f.method === "post" && holdsInput(f);
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    var once = form.hasAttribute("data-once");
    // A second tap on a form already sent is dropped before the question: asked again while
    // the first request travels, the rider would answer a question about nothing.
    if (once && form.getAttribute("data-sent")) {
      event.preventDefault();
      return;
    }
    var question = form.getAttribute("data-confirm");
    if (question ? !window.confirm(question) : form.hasAttribute("data-unsaved") && unsentElsewhere(form) && !mayDrop(form)) {
      event.preventDefault();
      return;
    }
    if (once) {
      form.setAttribute("data-sent", "1");
      // After the submit has started, so that the pressed button's own name and value go with it.
      window.setTimeout(function () { buttons(form, true); }, 0);
    }
  });
  // The browser's Back shows the page from its cache: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.removeAttribute("data-sent");
      buttons(form, false);
    });
  });
})();
