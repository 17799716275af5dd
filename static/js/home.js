/* The rider home's "rest stations open near me" (templates/home/venues_nearby.html): with the
   phone's permission, ask the venue list API for the nearest open stations. The browser asks
   for permission only when the rider taps the button, unless it was already granted. Without
   a position (refused, or not found) the panel says so and lists the stations open now, not
   sorted by distance. Distances are the API's words (distance_text): one rule, the server's.
   Asked in the page's language (Accept-Language, which alone decides a public answer's and
   which it varies on): the browser keeps answers for a minute, and one kept from before the
   footer's language switch must not be reused on the page after it. */
(function () {
  "use strict";
  var panel = document.getElementById("home-nearby");
  if (!panel || !("geolocation" in navigator)) return;
  var list = panel.querySelector("ul");
  var ask = panel.querySelector(".home-nearby-ask");
  var status = panel.querySelector(".home-nearby-status");
  var without = panel.querySelector(".home-nearby-without");

  function show(venues, none) {
    list.textContent = "";
    venues.forEach(function (v) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/venues/" + v.id + "/";
      a.setAttribute("data-testid", "home-nearby-venue");
      var name = document.createElement("span");
      name.textContent = v.name;
      a.appendChild(name);
      if (v.distance_text) {
        var far = document.createElement("span");
        far.className = "muted";
        far.setAttribute("data-testid", "home-nearby-distance");
        far.textContent = v.distance_text;
        a.appendChild(document.createTextNode(" "));
        a.appendChild(far);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = venues.length === 0;
    status.textContent = venues.length ? "" : none;
  }
  function load(near, none) {
    var url = panel.dataset.api + (near ? "&near=" + encodeURIComponent(near) : "");
    fetch(url, { headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (page) { show(page.results || [], none); })
      .catch(function () { status.textContent = panel.dataset.failed; });
  }
  // No position: say why, and list the stations open now without distances. The button
  // stays for another try (no signal, a timeout, a permission given since in the settings),
  // except right after the rider said no to the browser's question.
  function withoutPosition(refused, justAsked) {
    without.textContent = refused ? panel.dataset.refused : panel.dataset.unavailable;
    without.hidden = false;
    ask.hidden = refused && justAsked;
    load(null, panel.dataset.noneOpen);
  }
  function locate() {
    navigator.geolocation.getCurrentPosition(function (pos) {
      ask.hidden = true;
      without.hidden = true;
      var near = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
      load(near, panel.dataset.none);
    }, function (error) {
      withoutPosition(error.code === error.PERMISSION_DENIED, true);
    }, { maximumAge: 300000, timeout: 15000 });
  }
  ask.hidden = false;
  ask.querySelector("button").addEventListener("click", locate);
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({ name: "geolocation" }).then(function (p) {
      if (p.state === "granted") locate();
      else if (p.state === "denied") withoutPosition(true, false);
    }, function () {});
  }
})();
