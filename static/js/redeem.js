/* The merchant's redemption page: scan a voucher's QR with the phone's camera, or type
   the code. The browser's BarcodeDetector reads the camera's frames where it can (Chrome on
   Android); elsewhere (iOS Safari, Chrome on a desktop) the vendored jsQR does, loaded
   only when the camera starts. A scanned code goes through the same look-up form as a
   typed one, and typing always works. */
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

  if (!(navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function")) { return; }
  start.hidden = false;

  // A reader takes the video and answers (a promise) the code in its current frame, or "".
  function nativeReader() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) { return null; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (frame) {
        return detector.detect(frame).then(function (codes) {
          return codes.length ? (codes[0].rawValue || "") : "";
        });
      };
    }).catch(function () { return null; });
  }

  function scriptReader() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var script = document.createElement("script");
      script.src = start.getAttribute("data-reader");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (frame) {
        var w = frame.videoWidth, h = frame.videoHeight;
        if (!w || !h) { return Promise.resolve(""); }
        // 640 pixels across are plenty for a code held up to the phone, and quick to read.
        var scale = Math.min(1, 640 / Math.max(w, h));
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        context.drawImage(frame, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(found ? found.data : "");
      };
    });
  }

  var reader = null;
  function readerReady() {
    if (reader) { return Promise.resolve(reader); }
    return nativeReader().then(function (native) { return native || scriptReader(); }).then(function (r) {
      reader = r;
      return r;
    });
  }

  function scan() {
    if (!stream) { return; }
    reader(video).then(function (found) {
      found = (found || "").trim();
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
    // The camera is asked for first, within the tap (iOS allows it only there).
    var camera = navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    Promise.all([camera, readerReady()]).then(function (both) {
      stream = both[0];
      video.srcObject = stream;
      box.hidden = false;
      start.hidden = true;
      return video.play();
    }).then(function () {
      // Below the last customer's verdict the camera would open half off a phone's screen,
      // its Stop button out of sight: brought whole into view (once it has its size).
      box.scrollIntoView({ block: "nearest" });
      scan();
    }).catch(function () {
      camera.then(function (s) { s.getTracks().forEach(function (t) { t.stop(); }); }).catch(function () {});
      stopCamera();
      showError();
      input.focus();
    });
  });
  if (stop) { stop.addEventListener("click", stopCamera); }
  window.addEventListener("pagehide", stopCamera);
})();
