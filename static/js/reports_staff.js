/* Staff triage of neighbourhood reports: small enhancements; every form works without them.
   No inline scripts (strict CSP): the reply templates come as JSON (json_script). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // The list: select all for the bulk action.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(".select-report").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // The answer form: the original's number only for a duplicate; reply templates for the
  // chosen move fill the note; a rejection needs a note.
  var form = document.getElementById("transition-form");
  if (form) {
    var templates = readJSON("reply-templates") || {};
    var original = document.getElementById("original-field");
    var originalInput = document.getElementById("id_duplicate_of");
    var picker = document.getElementById("reply-template");
    var pickerField = document.getElementById("template-field");
    var note = document.getElementById("id_note");
    var placeholder = picker ? picker.options[0].textContent : "";
    // The words a template put in the note, as long as nobody changed them: they were written
    // for one answer, and choosing another takes them out (an accepted report's words must not
    // become a rejection's reason). Words staff typed or changed stay.
    var filled = "";

    var chosen = function () {
      var radio = form.querySelector("input[name=status]:checked");
      return radio ? radio.value : "";
    };

    var update = function () {
      var move = chosen();
      var radio = form.querySelector("input[name=status]:checked");
      if (original) {
        original.hidden = move !== "duplicate";
        originalInput.required = move === "duplicate";
      }
      // An update without a move is only its note; a rejection needs its reason, a
      // resolution what was done (services.report_transition refuses them without).
      var keep = move === "keep";
      if (note && filled && note.value === filled) note.value = "";
      filled = "";
      if (note) note.required = move === "rejected" || move === "resolved" || keep;
      // A final state cannot be left: static/js/site.js asks this question before sending.
      var question = radio ? radio.getAttribute("data-confirm-question") : "";
      if (question) form.setAttribute("data-confirm", question);
      else form.removeAttribute("data-confirm");
      if (!picker) return;
      var list = templates[move] || [];
      while (picker.options.length) picker.remove(0);
      picker.add(new Option(placeholder, ""));
      list.forEach(function (t, i) { picker.add(new Option(t.title, String(i))); });
      pickerField.hidden = list.length === 0;
    };

    if (picker) {
      picker.addEventListener("change", function () {
        var list = templates[chosen()] || [];
        var t = list[parseInt(picker.value, 10)];
        if (!t || !note) return;
        // Words staff wrote (typed, changed, or kept from a refused answer) are asked about
        // before a template takes their place; a template's own untouched text is not theirs.
        var typed = note.value.trim() !== "" && note.value !== filled;
        if (typed && !window.confirm(picker.getAttribute("data-replace-question"))) {
          picker.value = "";  // the note stays as they wrote it; the list shows no template chosen
          note.focus();
          return;
        }
        note.value = t.text;
        filled = t.text;
        note.focus();
      });
    }
    form.querySelectorAll("input[name=status]").forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  // A small map of the pin (Leaflet, vendored). Without it the coordinates' link remains.
  var el = document.getElementById("report-map");
  // Tiles and the WGS-84 → tiles' system conversion (GCJ-02 for AMap) from static/js/maps.js.
  if (el && window.L && window.FSMaps) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    if (!isNaN(lat) && !isNaN(lng)) {
      el.classList.add("is-ready");
      var at = FSMaps.toMap(el, lat, lng);
      var map = L.map(el, { scrollWheelZoom: false }).setView(at, 17);
      FSMaps.tiles(map, el, function () { el.classList.remove("is-ready"); });
      L.marker(at).addTo(map);
    }
  }
})();
