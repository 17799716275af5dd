/* The merchant's redemption page: scan a voucher's QR with the phone's camera where the
   browser can (BarcodeDetector + getUserMedia), otherwise type the code. The scanned code
   goes through the same look-up form as a typed one. No library: browsers without
   BarcodeDetector (iOS Safari today) keep the typing path, which always works. */
(function () {
  "use strict";

  var form = document.getElementById("lookup-form");
  var input = document.getElementById("code-input");
  var start = document.getElementById("scan-start");
  var stop = document.getElementById("scan-stop");
  var box = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var error = document.getElementById("scan-error");
  var stream = null;
  var timer = null;

  // Confirm once: a second tap while the first request travels does nothing.
  document.querySelectorAll("form[data-once]").forEach(function (f) {
    f.addEventListener("submit", function () {
      window.setTimeout(function () {
        f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  if (!form || !input || !start || !video) { return; }

  function showError() {
    if (error) {
      error.textContent = error.getAttribute("data-message");
      error.hidden = false;
    }
  }

  function stopCamera() {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.srcObject = null;
    box.hidden = true;
    start.hidden = false;
  }

  function canScan() {
    return "BarcodeDetector" in window && navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function";
  }

  if (!canScan()) { return; }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) { return; }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    start.hidden = false;

    function scan() {
      if (!stream) { return; }
      detector.detect(video).then(function (codes) {
        var found = codes.length ? (codes[0].rawValue || "").trim() : "";
        if (found) {
          stopCamera();
          input.value = found;
          form.submit();
          return;
        }
        timer = window.setTimeout(scan, 200);
      }).catch(function () {
        timer = window.setTimeout(scan, 400);  // the frame was not ready yet
      });
    }

    start.addEventListener("click", function () {
      if (error) { error.hidden = true; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        box.hidden = false;
        start.hidden = true;
        return video.play();
      }).then(scan).catch(function () {
        stopCamera();
        showError();
        input.focus();
      });
    });
    if (stop) { stop.addEventListener("click", stopCamera); }
    window.addEventListener("pagehide", stopCamera);
  }).catch(function () { /* no scanner: typing it is */ });
})();
