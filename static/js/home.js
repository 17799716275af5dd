/* The rider home's "rest stations open near me" (templates/home/venues_nearby.html): with the
   phone's permission, ask the venue list API for the nearest open stations. The browser asks
   for permission only when the rider taps the button, unless it was already granted. */
(function () {
  "use strict";
  var panel = document.getElementById("home-nearby");
  if (!panel || !("geolocation" in navigator)) return;
  var list = panel.querySelector("ul");
  var ask = panel.querySelector(".home-nearby-ask");
  var status = panel.querySelector(".home-nearby-status");

  function distance(m) {
    return m >= 1000 ? (m / 1000).toFixed(1) + " " + panel.dataset.km : Math.round(m) + " " + panel.dataset.m;
  }
  function show(venues) {
    list.textContent = "";
    venues.forEach(function (v) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/venues/" + v.id + "/";
      a.setAttribute("data-testid", "home-nearby-venue");
      var name = document.createElement("span");
      name.textContent = v.name;
      var far = document.createElement("span");
      far.className = "muted";
      far.textContent = v.distance_m == null ? "" : distance(v.distance_m);
      a.appendChild(name);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(far);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = venues.length === 0;
    status.textContent = venues.length ? "" : panel.dataset.none;
  }
  function locate() {
    navigator.geolocation.getCurrentPosition(function (pos) {
      ask.hidden = true;
      var near = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
      fetch(panel.dataset.api + "&near=" + encodeURIComponent(near), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (page) { show(page.results || []); })
        .catch(function () { status.textContent = panel.dataset.failed; });
    }, function () { ask.hidden = true; }, { maximumAge: 300000, timeout: 15000 });
  }
  ask.hidden = false;
  ask.querySelector("button").addEventListener("click", locate);
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({ name: "geolocation" }).then(function (p) { if (p.state === "granted") locate(); }, function () {});
  }
})();
