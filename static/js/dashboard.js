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

  /* One axis, or two when a series is read on the other side, right or top (points beside
     counts of vouchers: on one axis the counts lie flat). With two, each axis is titled and
     coloured as its series, and only the first one draws the grid. */
  function twoAxes(series) {
    var right = series.filter(function (s) { return s.axis === "right"; }).length;
    return right > 0 && right < series.length;
  }

  /* A chart of categories (kind "bar": claims by category, venues, reports by category) lies
     on its side: each category's name on its own row at the left, read across, never tilted,
     skipped or run into its neighbour's (学习培训 and 安全文明骑行 touched side by side at a
     desk), however many categories and however narrow the phone. A name too long for its row
     breaks into lines (wrap); the box grows with the rows (height). Days stay along the bottom. */
  function sideways(chart) { return chart.kind === "bar"; }

  var LINE = 6;    // characters of a Chinese name on one line (6 × 12 px: 安全文明骑行 whole)
  var WORDS = 16;  // letters of an English name on one line, broken at spaces

  function wrap(label) {
    var text = String(label);
    var chars = Array.from(text);
    if (!/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(text)) {
      // Words: broken at spaces only (Sanitation stays whole).
      if (chars.length <= WORDS) return text;
      var lines = [], line = "";
      text.split(/\s+/).forEach(function (word) {
        if (line && (line + " " + word).length > WORDS) { lines.push(line); line = word; }
        else line = line ? line + " " + word : word;
      });
      if (line) lines.push(line);
      return lines.length > 1 ? lines : text;
    }
    if (chars.length <= LINE) return text;
    // Chinese: even lines (消防通道堵塞 is one line; a 9-character name is 5 + 4, not 6 + 3).
    var count = Math.ceil(chars.length / LINE), size = Math.ceil(chars.length / count), out = [];
    for (var i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
    return out;
  }

  function lineCount(label) {
    var wrapped = wrap(label);
    return Array.isArray(wrapped) ? wrapped.length : 1;
  }

  /* A row of a chart on its side: room for its name's lines and for one bar of each series;
     around the rows, the value axes (two: one at the top too) and the legend. */
  function height(chart) {
    var lines = Math.max.apply(null, chart.labels.map(lineCount).concat([1]));
    var row = Math.max(16 * lines + 12, 6 * chart.series.length + 16);
    var around = 70 + (twoAxes(chart.series) ? 50 : 0) + 12 * chart.series.length;
    return Math.max(180, chart.labels.length * row + around);
  }

  /* The value axes: one, or two when a series is read on the other side (twoAxes). A chart on
     its side has them along the bottom (and the top for the second); the categories down the
     left. */
  function scales(chart) {
    var series = chart.series;
    var across = sideways(chart);
    var value = across ? "x" : "y";
    var out = {};
    if (across) {
      out.y = { ticks: { autoSkip: false, callback: function (v) { return wrap(this.getLabelForValue(v)); } } };
    }
    if (!twoAxes(series)) {
      out[value] = { beginAtZero: true, ticks: { precision: 0 } };
      return out;
    }
    var right = [], left = [];
    series.forEach(function (s, i) { (s.axis === "right" ? right : left).push(i); });
    function axis(indexes, position, first) {
      var colour = COLOURS[indexes[0] % COLOURS.length];
      return {
        position: position, beginAtZero: true,
        ticks: { precision: 0, color: colour },
        title: { display: true, color: colour, text: indexes.map(function (i) { return series[i].label; }).join(" / ") },
        grid: { drawOnChartArea: first }
      };
    }
    out[value] = axis(left, across ? "bottom" : "left", true);
    out[value + "1"] = axis(right, across ? "top" : "right", false);
    return out;
  }

  function drawCharts() {
    var charts = data("dashboard-charts");
    if (!charts || typeof window.Chart === "undefined") return;
    charts.forEach(function (chart) {
      var canvas = document.querySelector('[data-chart-canvas="' + chart.code + '"]');
      if (!canvas || !chart.labels.length) return;
      canvas.parentElement.hidden = false;
      var across = sideways(chart);
      if (across) canvas.parentElement.style.height = height(chart) + "px";
      var valueAxis = across ? "xAxisID" : "yAxisID";
      new window.Chart(canvas, {
        type: chart.kind,
        data: {
          labels: chart.labels,
          datasets: chart.series.map(function (s, i) {
            var set = { label: s.label, data: s.data, borderColor: COLOURS[i % COLOURS.length],
                        backgroundColor: COLOURS[i % COLOURS.length], tension: 0.2, pointRadius: 2,
                        maxBarThickness: 18 };
            set[valueAxis] = (across ? "x" : "y") + (s.axis === "right" && twoAxes(chart.series) ? "1" : "");
            return set;
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          indexAxis: across ? "y" : "x",
          scales: scales(chart),
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
     row or column is otherwise easy to take for the whole table); its arrow points the way and
     its words name what is hidden (rows, columns, or both: the hint's [data-scroll-way] parts).
     Less than a cell's padding (th, td: .5rem) out of the box hides no figure: a table 425 px
     wide in 422 px said "scroll for more" with every row and column in view. */
  var SLACK = 8;

  function scrollHints() {
    document.querySelectorAll("[data-scroll-table]").forEach(function (box) {
      var hint = box.parentElement.querySelector("[data-scroll-hint]");
      if (!hint) return;
      function update() {
        var below = box.scrollHeight - box.clientHeight - box.scrollTop > SLACK;
        var right = box.scrollWidth - box.clientWidth - box.scrollLeft > SLACK;
        var way = below && right ? "both" : below ? "down" : "right";
        hint.hidden = !(below || right);
        hint.setAttribute("data-more", way);
        hint.querySelectorAll("[data-scroll-way]").forEach(function (words) {
          words.hidden = words.getAttribute("data-scroll-way") !== way;
        });
      }
      box.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
      update();
    });
  }

  function start() { scrollHints(); drawCharts(); drawMap(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
