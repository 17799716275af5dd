/* Sign-in and phone-verification codes: "Request new code" waits 60 seconds after a code
   was sent (an SMS takes a moment; a second one would only confuse), counting down on the
   button itself. The page says how many of them are really left (data-wait, from when the
   server sent the code: accounts/code_resend.py), so a reload after a wrong code goes on
   counting instead of starting again at 60. Counted against the clock, not by ticks, which a
   phone slows down while the page is in the background. */
(function () {
  "use strict";
  var WAIT = 60; // a page that does not say
  document.querySelectorAll('button[form="resend"]').forEach(function (button) {
    var label = button.textContent.trim();
    var wait = parseInt(button.getAttribute("data-wait"), 10);
    if (isNaN(wait)) { wait = WAIT; }
    var until = Date.now() + Math.max(0, Math.min(wait, WAIT)) * 1000;
    function tick() {
      var ms = until - Date.now();
      if (ms <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = label + " (" + Math.ceil(ms / 1000) + ")";
      window.setTimeout(tick, ms % 1000 || 1000);
    }
    tick();
  });
})();
