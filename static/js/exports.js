// The exports page: the progress of queued and running exports, polled from the API every
// two seconds; when one is done or failed (or gone) the page reloads to show its link (or why
// it failed). A queued export's bar moves without a value until the export starts; then it
// shows how far it got (40%).
// Without JavaScript the page shows the state at the time it was loaded.
// The form: under the ledger select, the chosen ledger's description (its option's
// data-description); 本月 / 上月 fill the two dates in place (without the script they are
// links to the page with those dates).
(function () {
  "use strict";

  var INTERVAL = 2000;

  function poll(row) {
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
          window.location.reload();
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
    if (!window.fetch) return;
    var rows = document.querySelectorAll("tr[data-poll-url]");
    for (var i = 0; i < rows.length; i++) {
      window.setTimeout(poll.bind(null, rows[i]), INTERVAL);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
