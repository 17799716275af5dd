/* Points pages: small progressive enhancements; every form works without them. */
(function () {
  "use strict";

  // Claim form: label the quantity as hours or times for the chosen rule, say the rule's
  // points and caps and when a photo is needed. Too many or too large photos: static/js/uploads.js.
  var form = document.getElementById("claim-form");
  if (form) {
    var rule = form.querySelector("select[name=rule]");
    var quantity = form.querySelector("input[name=quantity]");
    var photos = form.querySelector("input[name=photos]");
    var photoNote = document.getElementById("photo-needed");
    var facts = document.getElementById("rule-facts");
    var update = function () {
      var option = rule.options[rule.selectedIndex];
      if (photoNote) { photoNote.hidden = !(option && option.getAttribute("data-photo") === "1"); }
      if (facts) {
        // The chosen rule's points, caps and photo requirement, in words under the select.
        facts.textContent = (option && option.getAttribute("data-facts")) || "";
        facts.hidden = !facts.textContent;
      }
      if (!option || !option.value || !quantity) { return; }
      var hourly = option.getAttribute("data-hour") === "1";
      // The label and its help say hours or times, as the claim's page will.
      ["quantity-label", "id_quantity_helptext"].forEach(function (id) {
        var node = document.getElementById(id);
        if (node) { node.textContent = node.getAttribute(hourly ? "data-hours" : "data-times"); }
      });
      quantity.step = hourly ? "0.5" : "1";
      quantity.min = hourly ? "0.5" : "1";
      quantity.max = hourly ? "24" : "10";
      if (photos) { photos.required = option.getAttribute("data-photo") === "1"; }
    };
    if (rule) { rule.addEventListener("change", update); update(); }
  }

  // A voucher shown at the counter: once the counter confirms it (or it expires, or another
  // tab cancels it) the page reloads and says so. It asks the API every few seconds while the
  // page is in view, as the exports page follows its exports; without the script a reload does.
  var voucher = document.querySelector("[data-testid=voucher-detail][data-poll-url]");
  if (voucher && window.fetch) {
    var POLL = 4000;
    var check = function () {
      if (document.hidden) { window.setTimeout(check, POLL); return; }
      fetch(voucher.getAttribute("data-poll-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.status && data.status !== voucher.getAttribute("data-status")) {
            window.location.reload();
            return;
          }
          window.setTimeout(check, data ? POLL : POLL * 3);
        })
        .catch(function () { window.setTimeout(check, POLL * 3); });
    };
    window.setTimeout(check, POLL);
  }

  // Review queue: select all and "N selected" (read out as it changes). Both stay hidden
  // without this script; the boxes and the bulk buttons work without it.
  var all = document.getElementById("select-all");
  var count = document.getElementById("selected-count");
  var boxes = document.querySelectorAll(".select-claim");
  if (all && boxes.length) {
    var counted = function () {
      var n = 0;
      boxes.forEach(function (box) { if (box.checked) { n += 1; } });
      all.checked = n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
      if (count) {
        count.querySelector(".n").textContent = String(n);
      }
    };
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      counted();
    });
    boxes.forEach(function (box) { box.addEventListener("change", counted); });
    document.getElementById("select-bar").hidden = false;
    if (count) { count.hidden = false; }
    counted();  // a reload keeps the ticks
  }
})();
