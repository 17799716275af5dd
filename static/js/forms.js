/* Staff and partner forms ({% form_fields %}): the opening-hours editor and the map that
   picks a point. Both enhance plain fields that work without this file: the hours are
   selects and time inputs, the point is two number inputs. No inline scripts (strict CSP):
   texts come from data- attributes. */
(function () {
  "use strict";

  // --- opening hours ------------------------------------------------------------------------

  function initHours(editor) {
    editor.classList.add("is-live");
    var rows = Array.prototype.slice.call(editor.querySelectorAll(".fs-hours-row"));

    function part(row, name) { return row.querySelector("[data-part=" + name + "]"); }

    // The day's mode (the select's value) → the row's class: "" is 未填写 (not given), which,
    // like a closed or 24-hour day, has no times to fill until 营业 (open) is chosen.
    var MODES = { "": "unset", open: "open", closed: "closed", "24h": "24h" };

    function refresh(row) {
      var mode = part(row, "mode").value;
      Object.keys(MODES).forEach(function (m) { row.classList.toggle("fs-hours-" + MODES[m], m === mode); });
      // "next day" beside a closing time earlier than the opening time (22:00–02:00), as the
      // server reads it (forms.hours_text_from_rows): the same time for both is refused there,
      // and 00:00 is midnight at the end of the same day.
      row.querySelectorAll(".fs-hours-times").forEach(function (span) {
        var opens = span.querySelector("[data-part=opens]").value;
        var closes = span.querySelector("[data-part=closes]").value;
        var next = span.querySelector("[data-part=next]");
        next.hidden = !(opens && closes && closes < opens && closes !== "00:00");
      });
      var second = part(row, "second");
      var add = row.querySelector("[data-action=second]");
      if (add) add.hidden = second.classList.contains("is-used");
    }

    rows.forEach(function (row) {
      var copy = row.querySelector("[data-action=copy]");
      var add = row.querySelector("[data-action=second]");
      if (copy) copy.hidden = false;
      row.addEventListener("change", function () { refresh(row); });
      row.addEventListener("input", function () { refresh(row); });
      if (add) {
        add.addEventListener("click", function () {
          var second = part(row, "second");
          second.classList.add("is-used");
          refresh(row);
          second.querySelector("input").focus();
        });
      }
      if (copy) {
        copy.addEventListener("click", function () {
          var monday = rows[0];
          var from = monday.querySelectorAll("select, input");
          var to = row.querySelectorAll("select, input");
          for (var i = 0; i < from.length && i < to.length; i++) to[i].value = from[i].value;
          part(row, "second").classList.toggle("is-used", part(monday, "second").classList.contains("is-used"));
          refresh(row);
        });
      }
      refresh(row);
    });
  }

  // --- a point on the map --------------------------------------------------------------------

  function fixed(n) { return (Math.round(n * 1e6) / 1e6).toFixed(6); }

  function initPicker(box) {
    var el = box.querySelector(".fs-map");
    var lat = document.getElementById(el.dataset.latInput);
    var lng = document.getElementById(el.dataset.lngInput);
    var status = box.querySelector(".fs-map-status");
    if (!lat || !lng || !window.L || !window.FSMaps) return;
    box.hidden = false;
    var started = false;
    // A pin the form draws read-only (an ended activity's) is shown, not moved: a disabled
    // field is never sent, so a moved pin would look saved and be dropped.
    var kept = lat.disabled && lng.disabled;

    function start() {
      if (started) return;
      started = true;
      var map = L.map(el, { scrollWheelZoom: false });
      FSMaps.tiles(map, el, function () {
        box.classList.add("is-failed");
        if (status) status.textContent = el.dataset.failed;
      });
      var marker = null;

      function stored() {
        var y = parseFloat(lat.value), x = parseFloat(lng.value);
        return isNaN(y) || isNaN(x) ? null : [y, x];
      }

      // A point picked on the tiles (their CRS) → the form's numbers (what is stored).
      function pick(y, x) {
        var p = FSMaps.fromMap(el, y, x);
        lat.value = fixed(p[0]);
        lng.value = fixed(p[1]);
        lat.dispatchEvent(new Event("change", { bubbles: true }));
        if (status) status.textContent = el.dataset.pinned + " " + lat.value + ", " + lng.value;
      }

      function place(at) {
        if (!marker) {
          marker = L.marker(at, { draggable: !kept, keyboard: true }).addTo(map);
          marker.on("dragend", function () { var p = marker.getLatLng(); pick(p.lat, p.lng); });
        } else {
          marker.setLatLng(at);
        }
      }

      var now = stored();
      if (now) {
        var drawn = FSMaps.toMap(el, now[0], now[1]);
        map.setView(drawn, 17);
        place(drawn);
      } else {
        map.setView(FSMaps.toMap(el, parseFloat(el.dataset.centreLat), parseFloat(el.dataset.centreLng)), 15);
      }
      if (!kept) map.on("click", function (e) { place(e.latlng); pick(e.latlng.lat, e.latlng.lng); });
      // Numbers typed by hand move the pin.
      [lat, lng].forEach(function (input) {
        input.addEventListener("input", function () {
          var p = stored();
          if (!p) return;
          var at = FSMaps.toMap(el, p[0], p[1]);
          place(at);
          map.panTo(at);
        });
      });
    }

    var details = box.querySelector("details");
    if (details) {
      details.addEventListener("toggle", function () {
        if (details.open) start();
      });
    } else {
      start();
    }
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    document.querySelectorAll("[data-hours-editor]").forEach(initHours);
    document.querySelectorAll(".fs-map-field").forEach(initPicker);
  });
})();
