/* Maps: what every page that draws on tiles shares (venues, reports, staff reports, the
   dashboard). Read the settings from the map element ({% map_data %}: data-tile-url,
   -attribution, -subdomains, -tile-crs, -coords), draw tiles, say when they fail, and
   convert coordinates between the system they are stored in (WGS-84, what phones report)
   and the one the tiles are drawn in (GCJ-02 for AMap/高德).
   The conversion is a port of venues/navigation.py; both are held to
   tests/venues/gcj02_vectors.json. No inline scripts (strict CSP). */
(function () {
  "use strict";

  var A = 6378245.0;
  var EE = 0.00669342162296594323;
  var PI = Math.PI;

  function outOfChina(lat, lng) {
    return !(lng > 73.66 && lng < 135.05 && lat > 3.86 && lat < 53.55);
  }

  function transformLat(x, y) {
    var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    ret += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    return ret;
  }

  function transformLng(x, y) {
    var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    ret += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    return ret;
  }

  function wgs84ToGcj02(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var dlat = transformLat(lng - 105.0, lat - 35.0);
    var dlng = transformLng(lng - 105.0, lat - 35.0);
    var radlat = lat / 180.0 * PI;
    var magic = 1 - EE * Math.pow(Math.sin(radlat), 2);
    var sqrtmagic = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * PI);
    dlng = (dlng * 180.0) / (A / sqrtmagic * Math.cos(radlat) * PI);
    return [lat + dlat, lng + dlng];
  }

  // No closed form: step towards the WGS-84 point whose conversion lands here (as Python does).
  function gcj02ToWgs84(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    var wlat = lat, wlng = lng;
    for (var i = 0; i < 10; i++) {
      var g = wgs84ToGcj02(wlat, wlng);
      var dlat = g[0] - lat, dlng = g[1] - lng;
      wlat -= dlat; wlng -= dlng;
      if (Math.abs(dlat) < 1e-9 && Math.abs(dlng) < 1e-9) break;
    }
    return [wlat, wlng];
  }

  function systems(el) {
    var stored = (el && el.dataset.coords) || "wgs84";
    return { stored: stored, tiles: (el && el.dataset.tileCrs) || stored };
  }

  // A stored point → where to draw it on this element's tiles.
  function toMap(el, lat, lng) {
    var s = systems(el);
    if (s.stored === s.tiles) return [lat, lng];
    return s.tiles === "gcj02" ? wgs84ToGcj02(lat, lng) : gcj02ToWgs84(lat, lng);
  }

  // A point picked on the tiles → what to store.
  function fromMap(el, lat, lng) {
    var s = systems(el);
    if (s.stored === s.tiles) return [lat, lng];
    return s.tiles === "gcj02" ? gcj02ToWgs84(lat, lng) : wgs84ToGcj02(lat, lng);
  }

  // Leaflet is credited by name only: its default prefix (1.9) adds a flag before the name,
  // which has no place on a street office's map, and a link to leafletjs.com, 36 × 14 px right
  // under the map, where a thumb moving the map hits it and leaves the site. The name stays, as
  // plain text, beside the tiles' own credit (which their licence asks for). Every map of the
  // site draws its tiles with tiles() below, so this is the one place that sets it.
  var PREFIX = "Leaflet";

  // Leaflet's own English, in the page's words from {% map_data %}: its zoom buttons ("Zoom
  // in"/"Zoom out", tooltip and screen reader) and a pin drawn without a name of its own
  // (alt "Marker"; a venue's pin is named by its venue).
  function nameLeafletsWords(map, el) {
    if (el.dataset.markerAlt) L.Marker.mergeOptions({ alt: el.dataset.markerAlt });
    var container = map.getContainer();
    [["leaflet-control-zoom-in", el.dataset.zoomIn], ["leaflet-control-zoom-out", el.dataset.zoomOut]].forEach(function (pair) {
      var button = container.querySelector("." + pair[0]);
      if (!button || !pair[1]) return;
      button.title = pair[1];
      button.setAttribute("aria-label", pair[1]);
    });
  }

  // The tile layer, added to the map. onFail (optional) is called once when the tiles do not
  // come: several tile errors, or no tile at all after a few seconds (a basement, a firewall).
  function tiles(map, el, onFail) {
    if (map.attributionControl) map.attributionControl.setPrefix(PREFIX);
    nameLeafletsWords(map, el);
    var options = { attribution: el.dataset.attribution || "", maxZoom: 19 };
    if (el.dataset.subdomains) options.subdomains = el.dataset.subdomains;
    var layer = L.tileLayer(el.dataset.tileUrl, options);
    var errors = 0, loaded = 0, failed = false;
    var wait = parseInt(el.dataset.tileTimeout || "8000", 10);
    function fail() {
      if (failed || !onFail) return;
      failed = true;
      onFail();
    }
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      errors += 1;
      if (errors >= 3 && loaded === 0) fail();
    });
    if (onFail) window.setTimeout(function () { if (loaded === 0) fail(); }, wait);
    layer.addTo(map);
    return layer;
  }

  window.FSMaps = {
    wgs84ToGcj02: wgs84ToGcj02,
    gcj02ToWgs84: gcj02ToWgs84,
    toMap: toMap,
    fromMap: fromMap,
    tiles: tiles
  };
})();
