/* Sign-in and phone-verification codes: "Request new code" waits 60 seconds after a code
   was sent (an SMS takes a moment; a second one would only confuse), counting down on the
   button itself. */
(function () {
  "use strict";
  var WAIT = 60;
  document.querySelectorAll('button[form="resend"]').forEach(function (button) {
    var label = button.textContent.trim();
    var left = WAIT;
    button.disabled = true;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = label + " (" + left + ")";
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  });
})();
