/* Neighbourhood reports: the pin on the report form (the phone's location first), "is this
   the same problem?" as the pin or the category changes, "me too" without leaving the form,
   and the maps of a report and of the resolved ones. The photos are checked before sending by
   static/js/uploads.js, as on every form with photos. Leaflet is vendored; no inline scripts
   (strict CSP): everything comes from data- attributes. Without this file the form still
   works with an address. */
(function () {
  "use strict";

  // Tiles and coordinates through static/js/maps.js: stored points are WGS-84 (what phones
  // report); AMap's tiles are drawn in GCJ-02, so a point is converted to be drawn and a
  // point picked on the map converted back before it goes into the form.
  // Tiles that do not come (a weak signal, a blocked map service) would leave a grey box with
  // a pin on nothing: the box goes and the page's #map-failed says so, as on the venue map.
  function tiles(map, el) {
    FSMaps.tiles(map, el, function () {
      el.classList.remove("is-ready");
      var message = document.getElementById("map-failed");
      if (message) message.hidden = false;
    });
  }
  function toMap(el, y, x) { return FSMaps.toMap(el, y, x); }
  function fromMap(el, y, x) { return FSMaps.fromMap(el, y, x); }

  function fixed(n) { return (Math.round(n * 1e6) / 1e6).toFixed(6); }

  // --- the report form -------------------------------------------------------------------

  // The form's idempotency key belongs to this entry of the browser's history. "Back" after
  // sending fetches the page again (no-store) with a new key, and the browser refills what was
  // typed: the key this entry was first shown with goes back in, so that sending again lands
  // on the report already made (services.report_submit) instead of making a second one.
  function keepKey() {
    var form = document.getElementById("report-form");
    var input = form && form.querySelector("input[name=idempotency_key]");
    if (!input || !window.history || !history.replaceState) return;
    var state = history.state && typeof history.state === "object" ? history.state : {};
    if (state.reportKey) {
      input.value = state.reportKey;
      return;
    }
    try {
      history.replaceState(Object.assign({}, state, { reportKey: input.value }), "");
    } catch (e) { /* no history state: one key per page, as without this script */ }
  }

  // The server's answer to the last attempt marks fields (an errorlist under each, id
  // id_<name>_error, and the summary at the top). A message speaks of what was sent: once the
  // rider changes its field and it is filled (a kind chosen, words written, a pin or an
  // address, photos the form takes), the message goes; emptied again, it comes back. Whether
  // the words are enough stays the server's to say when the form is sent. When no marked field
  // is left, the summary goes too.
  function initErrors() {
    var form = document.getElementById("report-form");
    var summary = form && form.querySelector(".rp-error");
    if (!summary) return;
    var value = function (id) {
      var input = document.getElementById(id);
      return input ? input.value.trim() : "";
    };
    var groups = [
      { names: ["category"], errors: ["id_category_error"],
        filled: function () { return !!form.querySelector("input[name=category]:checked"); } },
      { names: ["description"], errors: ["id_description_error"],
        filled: function () { return !!value("id_description"); } },
      { names: ["lat", "lng", "address"], errors: ["id_lat_error", "id_lng_error", "id_address_error"],
        filled: function () { return !!((value("id_lat") && value("id_lng")) || value("id_address")); } },
      { names: ["community"], errors: ["id_community_error"], filled: function () { return true; } },
      // Photos the form takes: static/js/uploads.js gives too many or too large ones a custom
      // validity (its listener on the input runs before this one on the form).
      { names: ["photos"], errors: ["id_photos_error", "photos-lost"],
        filled: function () {
          var photos = document.getElementById("id_photos");
          return !!(photos && photos.files && photos.files.length && photos.validity.valid);
        } }
    ];
    var settle = function (e) {
      var name = e.target && e.target.name;
      groups.forEach(function (group) {
        if (group.names.indexOf(name) === -1) return;
        var fixed = group.filled();
        group.errors.forEach(function (id) {
          var error = document.getElementById(id);
          if (error) error.hidden = fixed;
        });
      });
      var left = Array.prototype.some.call(form.querySelectorAll(".errorlist"), function (error) {
        return !error.hidden;
      });
      summary.hidden = !left;
    };
    form.addEventListener("input", settle);
    form.addEventListener("change", settle);
  }

  function initForm() {
    var form = document.getElementById("report-form");
    var el = document.getElementById("report-map");
    if (!form || !el) return;
    var lat = document.getElementById("id_lat");
    var lng = document.getElementById("id_lng");
    var status = document.getElementById("place-status");
    var locate = document.getElementById("locate-me");
    var clear = document.getElementById("clear-pin");
    var nearby = document.getElementById("nearby");
    var address = document.getElementById("id_address");
    var pinAuto = document.getElementById("id_pin_auto");
    var question = document.getElementById("pin-question");
    var say = function (text) { if (status) status.textContent = text || ""; };
    // The pin the page put where the phone is, which the rider has neither moved nor confirmed
    // (kept in a hidden input, so that it stays so when the page comes back with an error).
    var auto = function () { return !!(pinAuto && pinAuto.value && lat.value); };
    var setAuto = function (yes) { if (pinAuto) pinAuto.value = yes ? "1" : ""; };

    var map = null;
    var marker = null;
    if (window.L && window.FSMaps) {
      el.classList.add("is-ready");
      map = L.map(el, { scrollWheelZoom: false });
      tiles(map, el);
      map.setView(toMap(el, parseFloat(el.dataset.centreLat), parseFloat(el.dataset.centreLng)), 15);
      map.on("click", function (e) {
        var stored = fromMap(el, e.latlng.lat, e.latlng.lng);
        setAuto(false);
        setPin(stored[0], stored[1], true);
        say(el.dataset.pinned);
      });
    }

    // (y, x): a stored (WGS-84) point, from the phone, the form or a click converted back.
    // The pin's inputs are hidden: a change is announced, as the rider's typing is (initErrors).
    function changed() { lat.dispatchEvent(new Event("change", { bubbles: true })); }

    function setPin(y, x, keepView) {
      lat.value = fixed(y);
      lng.value = fixed(x);
      changed();
      if (map) {
        var drawn = toMap(el, y, x);
        if (!marker) {
          marker = L.marker(drawn, { draggable: true, keyboard: true }).addTo(map);
          marker.on("dragend", function () {
            setAuto(false);
            var p = marker.getLatLng();
            var stored = fromMap(el, p.lat, p.lng);
            lat.value = fixed(stored[0]);
            lng.value = fixed(stored[1]);
            changed();
            say(el.dataset.pinned);
            checkNearby();
          });
        } else {
          marker.setLatLng(drawn);
        }
        if (!keepView) map.setView(drawn, 17);
      }
      if (clear) clear.hidden = false;
      checkNearby();
    }

    function clearPin() {
      setAuto(false);
      lat.value = "";
      lng.value = "";
      changed();
      if (marker) { map.removeLayer(marker); marker = null; }
      if (clear) clear.hidden = true;
      say(el.dataset.cleared);
      checkNearby();
    }

    // On opening the form (byRider false) the pin goes where the phone is, unasked; "Use my
    // location" is the rider's own choice of that place.
    function locateMe(byRider) {
      if (!("geolocation" in navigator)) { say(el.dataset.unavailable); return; }
      say(el.dataset.locating);
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          setAuto(byRider !== true);
          setPin(pos.coords.latitude, pos.coords.longitude, false);
          say(el.dataset.located);
        },
        function (err) { say(err && err.code === 1 ? el.dataset.denied : el.dataset.unavailable); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    }

    // "Is this the same problem?": open reports of the category within 200 m of the pin.
    var asked = "";
    function checkNearby() {
      if (!nearby) return;
      var category = form.querySelector("input[name=category]:checked");
      if (!category || !lat.value || !lng.value) { nearby.hidden = true; nearby.innerHTML = ""; asked = ""; return; }
      var query = "?category=" + encodeURIComponent(category.value) + "&lat=" + lat.value + "&lng=" + lng.value;
      if (query === asked) return;
      asked = query;
      fetch(nearby.dataset.url + query, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (query !== asked) return; // a newer question is on its way
          nearby.innerHTML = html;
          nearby.hidden = !html.trim();
        })
        .catch(function () { nearby.hidden = true; });
    }

    // "Me too" answers in place, so nothing typed in the form is lost.
    if (nearby) {
      nearby.addEventListener("submit", function (e) {
        var meToo = e.target;
        if (!meToo.classList.contains("rp-me-too-form")) return;
        e.preventDefault();
        var button = meToo.querySelector("button");
        var count = meToo.closest(".rp-nearby-item").querySelector(".rp-me-too-count");
        if (button) button.disabled = true;
        fetch(meToo.action, {
          method: "POST", body: new FormData(meToo), credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" }
        })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            meToo.outerHTML = html;
            // Counted: the card's "N people see it too" now counts the rider too.
            var answer = count && count.closest(".rp-nearby-item").querySelector("[data-count]");
            if (answer) count.textContent = " · " + answer.dataset.count;
          })
          .catch(function () { if (button) button.disabled = false; });
      });
    }

    form.querySelectorAll("input[name=category]").forEach(function (input) {
      input.addEventListener("change", checkNearby);
    });
    if (locate && "geolocation" in navigator) {
      locate.hidden = false;
      locate.addEventListener("click", function () { locateMe(true); });
    }
    if (clear) clear.addEventListener("click", clearPin);

    // An address typed while the pin is still where the phone was put it: two places, and the
    // pin may not be the problem's. Ask before sending which one is meant, instead of sending both.
    if (question) {
      form.addEventListener("submit", function (e) {
        if (e.defaultPrevented || !auto() || !address || !address.value.trim()) return;
        e.preventDefault();
        question.hidden = false;
        question.scrollIntoView({ block: "center" });
        var first = question.querySelector("button");
        if (first) first.focus();
      });
      question.addEventListener("click", function (e) {
        var answer = e.target.closest("button[data-pin]");
        if (!answer) return;
        if (answer.getAttribute("data-pin") === "keep") setAuto(false);
        else clearPin();
        question.hidden = true;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      });
    }

    if (lat.value && lng.value) {
      // Back after an error: the pin stays where the rider put it.
      setPin(parseFloat(lat.value), parseFloat(lng.value), false);
    } else {
      locateMe(false);
    }
  }

  // --- a report's pin; the public map of resolved reports -----------------------------------

  function initPinMap() {
    var el = document.getElementById("report-map");
    if (!el || !window.L || !window.FSMaps || !el.dataset.pinLat) return;
    el.classList.add("is-ready");
    var at = toMap(el, parseFloat(el.dataset.pinLat), parseFloat(el.dataset.pinLng));
    var map = L.map(el, { scrollWheelZoom: false });
    tiles(map, el);
    L.marker(at).addTo(map);
    map.setView(at, 17);
  }

  function initResolvedMap() {
    var el = document.getElementById("report-map");
    if (!el || !window.L || !window.FSMaps || !el.dataset.markers) return;
    var source = document.getElementById(el.dataset.markers);
    var markers = [];
    try { markers = JSON.parse(source.textContent); } catch (e) { return; }
    if (!markers.length) return;
    el.classList.add("is-ready");
    var map = L.map(el, { scrollWheelZoom: false });
    tiles(map, el);
    var bounds = [];
    markers.forEach(function (m) {
      var box = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = m.name;
      box.appendChild(name);
      if (m.resolved_on) {
        var when = document.createElement("div");
        when.textContent = el.dataset.resolvedLabel + " " + m.resolved_on;
        box.appendChild(when);
      }
      // A circle, not a pin: the place is rounded to about 100 m.
      var at = toMap(el, m.lat, m.lng);
      L.circle(at, { radius: 50, color: "#2b8a3e", fillOpacity: 0.3 }).bindPopup(box).addTo(map);
      bounds.push(at);
    });
    if (bounds.length === 1) map.setView(bounds[0], 16);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () { keepKey(); initErrors(); initForm(); initPinMap(); initResolvedMap(); });
})();
