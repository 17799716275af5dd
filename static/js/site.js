/* On every page: forms that ask before they act (data-confirm="the question") and forms
   sent once (data-once: a second tap while the first request travels does nothing; the
   server refuses a repeat anyway, by the form's idempotency key). Every form works without
   this script. One listener for the page, after the page's own (a form a page's script
   stopped, e.g. a fourth photo, is neither asked about nor marked as sent). */
(function () {
  "use strict";
  function buttons(form, disabled) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = disabled; });
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
    if (question && !window.confirm(question)) {
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
