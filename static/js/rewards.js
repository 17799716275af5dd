/* Rider pages of the rewards: ask before spending or cancelling, and send a form once.
   Every form works without this script; the server refuses a second purchase anyway
   (the form's idempotency key). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        return;
      }
      if (form.hasAttribute("data-once")) {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }
    });
  });
})();
