// The inbox: "mark as read" without reloading the page, through the API, and the bell's
// number kept in step. Without JavaScript the forms post and the page reloads.
(function () {
  "use strict";

  function updateBell(delta) {
    var bell = document.getElementById("bell");
    if (!bell) return;
    var n = Math.max(0, (parseInt(bell.getAttribute("data-unread"), 10) || 0) + delta);
    bell.setAttribute("data-unread", String(n));
    var badge = bell.querySelector("[data-testid=bell-count]");
    if (badge && n === 0) {
      badge.remove();
    } else if (badge) {
      badge.textContent = n > 99 ? "99+" : String(n);
    }
  }

  function markRead(form, event) {
    var url = form.getAttribute("data-api-url");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token || !window.fetch) return; // let the form post
    event.preventDefault();
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token.value, Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        var item = form.closest(".inbox-item");
        if (item) {
          item.classList.remove("unread");
          var dot = item.querySelector("[data-testid=unread-marker]");
          if (dot) dot.remove();
        }
        form.remove();
        updateBell(-1);
        if (!document.querySelector(".inbox-item.unread")) {
          var all = document.getElementById("mark-all-read");
          if (all) all.remove();
        }
      })
      .catch(function () {
        form.submit(); // fall back to the plain form post
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.classList.contains("mark-read")) markRead(form, event);
  });
})();
