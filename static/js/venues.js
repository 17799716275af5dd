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

  // A pin coloured and lettered by the venue's kind (the legend explains both; venues.css).
  // Leaflet positions the icon element with an inline transform, so the teardrop turned
  // on its point is the inner span: its tip is the anchor, the letter is turned back upright.
  function pin(m) {
    return L.divIcon({
      className: "venue-pin",
      html: '<span class="pin pin-' + m.kind + '"><span>' + (m.letter || "").replace(/[<>&"]/g, "") + "</span></span>",
      iconSize: [30, 36],
      iconAnchor: [15, 36],
      popupAnchor: [0, -34]
    });
  }

  // On a phone: the map or the list (the toggle); on a wide screen both, side by side.
  // "Nearest to me" (a position in the request) opens on the list: sorted, with distances.
  function initToggle(page, failed, first, onMap) {
    var toggle = document.getElementById("view-toggle");
    if (!page || !toggle) return;
    var buttons = toggle.querySelectorAll("button[data-view]");
    function show(view) {
      page.classList.remove("view-map", "view-list");
      page.classList.add("view-" + view);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.view === view ? "true" : "false"); });
      if (view === "map" && onMap) onMap();
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { show(b.dataset.view); });
    });
    if (failed) { toggle.hidden = true; show("list"); return; }
    show(first);
  }

  // A marker of the list names its venue by id only: its name and link are the card's, its
  // kind's name and letter the legend's.
  function fromPage(m) {
    var link = document.querySelector('#venue-list [data-venue-id="' + m.id + '"] h2 a');
    var kind = document.querySelector('#map-legend li[data-kind="' + m.kind + '"]');
    if (link && !m.name) { m.name = link.textContent; m.url = link.getAttribute("href"); }
    if (kind && !m.letter) { m.letter = kind.firstChild.textContent; m.kind_label = kind.lastChild.textContent.trim(); }
    return m;
  }

  function initMap() {
    var el = document.getElementById("venue-map");
    var page = document.getElementById("venues-page");
    if (!el || !window.L || !window.FSMaps) { initToggle(page, true); return; }
    var markers = readJSON("venue-markers");
    var single = readJSON("venue-marker");
    var gates = readJSON("gate-markers") || [];
    markers = markers ? markers.map(fromPage) : single ? [single] : [];
    markers = markers.concat(gates);
    if (!markers.length) { initToggle(page, true); return; }

    el.classList.add("is-ready");
    var legend = document.getElementById("map-legend");
    if (legend) legend.hidden = false;
    var map = null;

    // Drawn when first seen: a map hidden behind the list would fit its view to no size and
    // ask for tiles nobody sees (and time out as "tiles failed").
    function draw() {
      if (map) { map.invalidateSize(); return; }
      if (!el.offsetWidth) return;
      map = L.map(el, { scrollWheelZoom: false });
      // Tiles that do not come (a basement, a blocked service): say so and show the list.
      FSMaps.tiles(map, el, function () {
        el.classList.remove("is-ready");
        el.classList.add("tiles-failed");
        if (legend) legend.hidden = true;
        var message = document.getElementById("map-failed");
        if (message) message.hidden = false;
        if (page) {
          page.classList.add("tiles-failed");
          initToggle(page, true);
          var toggle = document.getElementById("view-toggle");
          if (toggle) toggle.hidden = true;
        }
      });

      var bounds = [];
      markers.forEach(function (m) {
        if (typeof m.lat !== "number" || typeof m.lng !== "number") return;
        var at = FSMaps.toMap(el, m.lat, m.lng);
        var drawn;
        if (m.kind === "gate") {
          // E-bikes may enter (true), may not (false), not known yet (null): as the legend says.
          drawn = L.circleMarker(at, { radius: 7, color: m.open === true ? "#2b8a3e" : m.open === false ? "#c92a2a" : "#868e96" });
        } else {
          drawn = L.marker(at, { icon: pin(m), title: m.name + (m.kind_label ? " · " + m.kind_label : ""), alt: m.name });
        }
        drawn.bindPopup(popup(m));
        if (m.id && m.kind !== "gate") {
          drawn.on("add", function () {
            var node = drawn.getElement();
            if (!node) return;
            node.dataset.venueId = m.id;
            node.dataset.kind = m.kind;
            node.setAttribute("aria-label", m.name + (m.kind_label ? " · " + m.kind_label : ""));
            // Where the pin is drawn, in the tiles' system (checked by the browser test).
            node.dataset.mapLat = drawn.getLatLng().lat;
            node.dataset.mapLng = drawn.getLatLng().lng;
          });
        }
        drawn.addTo(map);
        bounds.push(at);
      });
      if (el.dataset.nearLat) {
        // The phone's position is WGS-84, like the stored points. Its dot has a pane above
        // the pins' (600), under the popups' (700), so no pin hides it; taps go through it.
        var pane = map.createPane("me");
        pane.style.zIndex = 640;
        pane.style.pointerEvents = "none";
        var me = FSMaps.toMap(el, parseFloat(el.dataset.nearLat), parseFloat(el.dataset.nearLng));
        L.circleMarker(me, { pane: "me", interactive: false, radius: 8, color: "#1c7ed6", fillOpacity: 0.8, className: "me-dot" }).addTo(map);
        // The rider and the nearest venues (the markers come nearest first), not the whole street.
        bounds = bounds.slice(0, 3).concat([me]);
      }
      if (bounds.length === 1) map.setView(bounds[0], 16);
      else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }

    initToggle(page, false, el.dataset.nearLat ? "list" : "map", draw);
    draw();
    // A phone turned or a window widened: the map may show beside the list now.
    window.addEventListener("resize", function () { if (!map) draw(); });
  }

  // An empty result's "choose it under Amenities": the link opens the filter sheet.
  function initAmenityHint() {
    var link = document.getElementById("open-amenities");
    var sheet = document.getElementById("filter-sheet");
    if (link && sheet) link.addEventListener("click", function () { sheet.open = true; });
  }

  // "Only venues open now", beside the map: applied on a tap, with the sheet's other filters
  // as they are (without JavaScript, the sheet's button sends it with them).
  function initOpenToggle() {
    var box = document.getElementById("id_open_now");
    var form = document.getElementById("venue-filters");
    if (!box || !form) return;
    box.addEventListener("change", function () {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
  }

  function initLocate() {
    var button = document.getElementById("locate-me");
    var form = document.getElementById("venue-filters");
    if (!button || !form) return;
    if (!("geolocation" in navigator)) { button.remove(); return; }
    var near = form.querySelector("input[name=near]");
    var status = document.getElementById("locate-status");
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

  ready(function () { initLocate(); initOpenToggle(); initMap(); initAmenityHint(); });
})();
