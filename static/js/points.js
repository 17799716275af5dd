/* Points pages: small progressive enhancements; every form works without them. */
(function () {
  "use strict";

  // Claim form: label the quantity as hours or times for the chosen rule, say when a
  // photo is needed, and stop a fourth photo before the upload.
  var form = document.getElementById("claim-form");
  if (form) {
    var rule = form.querySelector("select[name=rule]");
    var quantity = form.querySelector("input[name=quantity]");
    var photos = form.querySelector("input[name=photos]");
    var photoNote = document.getElementById("photo-needed");
    var update = function () {
      var option = rule.options[rule.selectedIndex];
      if (photoNote) { photoNote.hidden = !(option && option.getAttribute("data-photo") === "1"); }
      if (!option || !option.value || !quantity) { return; }
      var hourly = option.getAttribute("data-hour") === "1";
      quantity.step = hourly ? "0.5" : "1";
      quantity.min = hourly ? "0.5" : "1";
      quantity.max = hourly ? "24" : "10";
      if (photos) { photos.required = option.getAttribute("data-photo") === "1"; }
    };
    if (rule) { rule.addEventListener("change", update); update(); }
    if (photos) {
      photos.addEventListener("change", function () {
        photos.setCustomValidity(photos.files.length > 3 ? form.getAttribute("data-too-many-photos") : "");
        photos.reportValidity();
      });
    }
  }

  // Review queue: select all.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(".select-claim").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // Forms that ask before they act (withdraw).
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
