/* Venues: the map (Leaflet, vendored) and "nearest to me". The page works without this
   file: the list, filters and links are plain HTML. No inline scripts (strict CSP). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function popup(marker) {
    var box = document.createElement("div");
    var strong = document.createElement(marker.url ? "a" : "strong");
    strong.textContent = marker.name;
    if (marker.url) strong.href = marker.url;
    box.appendChild(strong);
    if (marker.kind_label) {
      var kind = document.createElement("div");
      kind.textContent = marker.kind_label;
      box.appendChild(kind);
    }
    return box;
  }

  function initMap() {
    var el = document.getElementById("venue-map");
    if (!el || !window.L) return;
    var markers = readJSON("venue-markers");
    var single = readJSON("venue-marker");
    var gates = readJSON("gate-markers") || [];
    if (!markers) markers = single ? [single] : [];
    markers = markers.concat(gates);
    if (!markers.length) return;

    el.classList.add("is-ready");
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution, maxZoom: 19 });
    var failures = 0;
    // When tiles cannot load (offline, blocked), hide the grey box: the list below is the page.
    tiles.on("tileerror", function () {
      failures += 1;
      if (failures >= 4) { el.classList.remove("is-ready"); el.classList.add("tiles-failed"); }
    });
    tiles.addTo(map);

    var bounds = [];
    markers.forEach(function (m) {
      if (typeof m.lat !== "number" || typeof m.lng !== "number") return;
      var options = {};
      if (m.kind === "gate") {
        L.circleMarker([m.lat, m.lng], { radius: 7, color: m.open ? "#2b8a3e" : "#c92a2a" })
          .bindPopup(popup(m)).addTo(map);
      } else {
        L.marker([m.lat, m.lng], options).bindPopup(popup(m)).addTo(map);
      }
      bounds.push([m.lat, m.lng]);
    });
    if (el.dataset.nearLat) {
      var me = [parseFloat(el.dataset.nearLat), parseFloat(el.dataset.nearLng)];
      L.circleMarker(me, { radius: 8, color: "#1c7ed6", fillOpacity: 0.8 }).addTo(map);
      bounds.push(me);
    }
    if (bounds.length === 1) map.setView(bounds[0], 16);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  function initLocate() {
    var button = document.getElementById("locate-me");
    var form = document.getElementById("venue-filters");
    if (!button || !form || !("geolocation" in navigator)) return;
    var near = form.querySelector("input[name=near]");
    var status = document.getElementById("locate-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = button.dataset.waiting || "…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          near.value = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
          form.submit();
        },
        function () { if (status) status.textContent = button.dataset.denied || ""; },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () { initLocate(); initMap(); });
})();
