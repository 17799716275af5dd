// The exports page: the progress of queued and running exports, polled from the API every
// two seconds; when one is done or failed (or gone) the list of exports is fetched again and
// put in place of this one, to show its link (or why it failed), and the line above the list
// says so (aria-live). The form is left alone: the reason for unmasking, a date half typed,
// the field being typed in stay as they are (showWhatIsTrue); a keyboard's focus on a link of
// the list stays on that link (refocus). A queued export's bar moves without a value until
// the export starts; then it shows how far it got (40%).
// Without JavaScript the page shows the state at the time it was loaded.
// The form: under the ledger select, the chosen ledger's description (its option's
// data-description); 本月 / 上月 fill the two dates in place (without the script they are
// links to the page with those dates).
(function () {
  "use strict";

  var INTERVAL = 2000;

  function poll(row) {
    // A row of a list since replaced: the new list's row is polled instead.
    if (!document.body.contains(row)) return;
    var url = row.getAttribute("data-poll-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        // Gone (it expired, or another tab's sign-out): the page says what is true now.
        if (response.status === 404) return { status: "gone" };
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data.status === "done" || data.status === "failed" || data.status === "gone") {
          showWhatIsTrue();
          return;
        }
        if (data.status === "running") {
          var bar = row.querySelector("[data-testid=export-progress]");
          if (bar) {
            bar.value = data.progress;
            bar.textContent = data.progress + "%";
          }
          var percent = row.querySelector("[data-testid=export-percent]");
          if (percent) {
            percent.textContent = data.progress + "%";
            percent.classList.remove("muted");
          }
          var status = row.querySelector("[data-testid=export-status]");
          if (status && row.getAttribute("data-status") !== "running") {
            status.textContent = status.getAttribute("data-running-label") || status.textContent;
            status.className = "status running";
          }
          var rows = row.querySelector("[data-testid=export-rows]");
          if (rows) rows.textContent = String(data.rows);
        }
        row.setAttribute("data-status", data.status);
        window.setTimeout(function () { poll(row); }, INTERVAL);
      })
      .catch(function () {
        // A network hiccup or a restart: try again a little later.
        window.setTimeout(function () { poll(row); }, INTERVAL * 3);
      });
  }

  // The list as it is now, from the page by GET, in place of this one; the form is not
  // touched (each unmasking is asked for anew, so a page loaded again would drop the reason
  // being chosen, and a page that came back from a form with a mistake would be sent again).
  // If the page has no list (signed out meanwhile), the page itself is shown by GET with the
  // form's ledger, format and days.
  var refreshing = false;
  var refreshAgain = false;

  function showWhatIsTrue() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    var before = statuses(document);
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("my-exports");
        var list = document.getElementById("my-exports");
        if (!fresh || !list) {
          showPage();
          return;
        }
        var focus = focusIn(list);
        list.parentNode.replaceChild(document.importNode(fresh, true), list);
        if (focus) refocus(focus);
        tell(before, statuses(document));
        watch();
        refreshing = false;
        if (refreshAgain) {
          refreshAgain = false;
          showWhatIsTrue();
        }
      })
      .catch(function () {
        // A network hiccup or a restart: try again a little later.
        refreshing = false;
        window.setTimeout(showWhatIsTrue, INTERVAL * 3);
      });
  }

  // A keyboard on a link of the list (a download, 重新导出) stays on it when the list is put
  // in place of the old one: the same link of the same export (its row's data-id, then its
  // href), else the nearest export's link that is still there (the row below, then above),
  // else the list itself. Before, the focus fell back to the top of the page.
  var FOCUSABLE = "a[href], button, [tabindex]:not([tabindex='-1'])";

  function focusIn(list) {
    var active = document.activeElement;
    if (!active || active === document.body || !list.contains(active)) return null;
    var row = active.closest("tr[data-id]");
    var rows = Array.prototype.map.call(list.querySelectorAll("tr[data-id]"), function (r) { return r.getAttribute("data-id"); });
    return {
      id: row ? row.getAttribute("data-id") : null,
      testid: active.getAttribute("data-testid"),
      href: active.getAttribute("href"),
      rows: rows,
      at: row ? rows.indexOf(row.getAttribute("data-id")) : -1
    };
  }

  function refocus(focus) {
    var list = document.getElementById("my-exports");
    if (!list) return;
    function rowOf(id) {
      var rows = list.querySelectorAll("tr[data-id]");
      for (var i = 0; i < rows.length; i++) if (rows[i].getAttribute("data-id") === id) return rows[i];
      return null;
    }
    var same = null;
    var row = focus.id !== null ? rowOf(focus.id) : null;
    if (row && focus.testid) same = row.querySelector('[data-testid="' + focus.testid + '"]');
    if (!same && focus.href) {
      var links = list.querySelectorAll("a[href]");
      for (var i = 0; i < links.length; i++) if (links[i].getAttribute("href") === focus.href) same = links[i];
    }
    if (same) {
      same.focus({ preventScroll: true });
      return;
    }
    // Gone (the file expired, or the row left the list): its row's other link, else the
    // nearest export's (the row below, then the one above).
    var order = [focus.at];
    for (var step = 1; step < focus.rows.length; step++) order.push(focus.at + step, focus.at - step);
    for (var j = 0; j < order.length; j++) {
      var near = order[j] >= 0 && order[j] < focus.rows.length ? rowOf(focus.rows[order[j]]) : null;
      var target = near && near.querySelector(FOCUSABLE);
      if (target) {
        target.focus();
        return;
      }
    }
    var any = list.querySelector(FOCUSABLE);
    if (any) {
      any.focus();
      return;
    }
    list.setAttribute("tabindex", "-1");
    list.focus();
  }

  function statuses(root) {
    var found = {};
    var rows = root.querySelectorAll("#my-exports tr[data-id]");
    for (var i = 0; i < rows.length; i++) found[rows[i].getAttribute("data-id")] = rows[i].getAttribute("data-status");
    return found;
  }

  // One line for screen readers and for eyes on the form: an export that was pending is done, or failed.
  function tell(before, after) {
    var news = document.getElementById("export-news");
    if (!news) return;
    var said = "";
    Object.keys(before).forEach(function (id) {
      var pending = before[id] === "queued" || before[id] === "running";
      if (!pending) return;
      if (after[id] === "done") said = news.getAttribute("data-done");
      else if (after[id] === "failed" && !said) said = news.getAttribute("data-failed");
    });
    if (said) news.textContent = said;
  }

  function showPage() {
    var query = new URLSearchParams();
    var form = document.getElementById("export-form");
    ["kind", "format", "start", "end"].forEach(function (name) {
      var field = form && form.elements[name];
      if (field && field.value) query.set(name, field.value);
    });
    window.location.replace(window.location.pathname + (query.toString() ? "?" + query.toString() : ""));
  }

  function watch() {
    var rows = document.querySelectorAll("#my-exports tr[data-poll-url]");
    for (var i = 0; i < rows.length; i++) {
      window.setTimeout(poll.bind(null, rows[i]), INTERVAL);
    }
  }

  function describeKind() {
    var select = document.getElementById("id_kind");
    var help = document.getElementById("id_kind_helptext");
    if (!select || !help) return;
    function show() {
      var option = select.options[select.selectedIndex];
      help.textContent = (option && option.getAttribute("data-description")) || "";
    }
    select.addEventListener("change", show);
    show();
  }

  function presets() {
    var start = document.getElementById("id_start");
    var end = document.getElementById("id_end");
    if (!start || !end) return;
    var links = document.querySelectorAll("#export-presets a[data-start]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        event.preventDefault();
        start.value = this.getAttribute("data-start");
        end.value = this.getAttribute("data-end");
        start.dispatchEvent(new Event("change", { bubbles: true }));
        end.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  }

  function start() {
    describeKind();
    presets();
    if (!window.fetch || !window.DOMParser) return;
    watch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
