/* The staff dashboard: draw each chart from its data (the json_script "dashboard-charts", the
   same numbers as the table under it) and the communities' map. Without scripts, or when
   Chart.js or Leaflet did not load, the tables are the page. */
(function () {
  "use strict";
  var COLOURS = ["#d9480f", "#1971c2", "#2b8a3e", "#ae3ec9", "#e67700", "#0c8599"];

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function drawCharts() {
    var charts = data("dashboard-charts");
    if (!charts || typeof window.Chart === "undefined") return;
    charts.forEach(function (chart) {
      var canvas = document.querySelector('[data-chart-canvas="' + chart.code + '"]');
      if (!canvas || !chart.labels.length) return;
      canvas.parentElement.hidden = false;
      new window.Chart(canvas, {
        type: chart.kind,
        data: {
          labels: chart.labels,
          datasets: chart.series.map(function (s, i) {
            return { label: s.label, data: s.data, borderColor: COLOURS[i % COLOURS.length],
                     backgroundColor: COLOURS[i % COLOURS.length], tension: 0.2, pointRadius: 2 };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  }

  function drawMap() {
    var el = document.getElementById("dashboard-map");
    var points = data("dashboard-communities");
    if (!el || !points || !points.length || typeof window.L === "undefined" || !window.FSMaps) return;
    el.hidden = false;
    var map = window.L.map(el, { scrollWheelZoom: false });
    // Tiles and the conversion to the tiles' system (GCJ-02 for AMap): static/js/maps.js.
    // No tiles (a firewall, no network): the map goes, the table by community stays.
    window.FSMaps.tiles(map, el, function () { el.hidden = true; });
    var most = Math.max.apply(null, points.map(function (p) { return p.active + p.redeemed + p.reports; }).concat([1]));
    var bounds = [];
    points.forEach(function (p) {
      var activity = p.active + p.redeemed + p.reports;
      var at = window.FSMaps.toMap(el, p.lat, p.lng);
      var marker = window.L.circleMarker(at, {
        radius: 8 + 22 * activity / most, color: "#a83a0c", fillColor: "#d9480f", fillOpacity: 0.45, weight: 2
      }).addTo(map);
      var text = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.name;
      text.appendChild(title);
      [["active", el.dataset.labelActive], ["redeemed", el.dataset.labelRedeemed], ["reports", el.dataset.labelReports]].forEach(function (pair) {
        var line = document.createElement("div");
        line.textContent = pair[1] + ": " + p[pair[0]];
        text.appendChild(line);
      });
      marker.bindPopup(text);
      bounds.push(at);
    });
    if (bounds.length === 1) map.setView(bounds[0], 15); else map.fitBounds(bounds, { padding: [30, 30] });
  }

  function start() { drawCharts(); drawMap(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
