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

  /* One axis, or two when a series is read on the right (points beside counts of vouchers:
     on one axis the counts lie flat). With two, each axis is titled and coloured as its
     series, and only the left one draws the grid. */
  function twoAxes(series) {
    var right = series.filter(function (s) { return s.axis === "right"; }).length;
    return right > 0 && right < series.length;
  }

  function scales(series) {
    if (!twoAxes(series)) return { y: { beginAtZero: true, ticks: { precision: 0 } } };
    var right = [], left = [];
    series.forEach(function (s, i) { (s.axis === "right" ? right : left).push(i); });
    function axis(indexes, position) {
      var colour = COLOURS[indexes[0] % COLOURS.length];
      return {
        position: position, beginAtZero: true,
        ticks: { precision: 0, color: colour },
        title: { display: true, color: colour, text: indexes.map(function (i) { return series[i].label; }).join(" / ") },
        grid: { drawOnChartArea: position === "left" }
      };
    }
    return { y: axis(left, "left"), y1: axis(right, "right") };
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
                     backgroundColor: COLOURS[i % COLOURS.length], tension: 0.2, pointRadius: 2,
                     yAxisID: s.axis === "right" && twoAxes(chart.series) ? "y1" : "y" };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: scales(chart.series),
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

  /* A chart's table that has rows below its box, or columns to its right (the six states of
     the reports on a phone), says so under it, until it is scrolled to the end (a cut-off last
     row or column is otherwise easy to take for the whole table); its arrow points the way. */
  function scrollHints() {
    document.querySelectorAll("[data-scroll-table]").forEach(function (box) {
      var hint = box.parentElement.querySelector("[data-scroll-hint]");
      if (!hint) return;
      function update() {
        var below = box.scrollHeight - box.clientHeight - box.scrollTop > 2;
        var right = box.scrollWidth - box.clientWidth - box.scrollLeft > 2;
        hint.hidden = !(below || right);
        hint.setAttribute("data-more", below && right ? "both" : below ? "down" : "right");
      }
      box.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
      update();
    });
  }

  function start() { scrollHints(); drawCharts(); drawMap(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
