/* Photo inputs on riders' forms (a claim, a report, the evidence for verification): a file
   larger than the server takes, or more files than the form takes, is said next to the field
   as soon as they are chosen, and the form is not sent with them. Without this the whole file
   went up first, tens of seconds on mobile data, only to be refused (and a browser never
   refills a file input). The limits and the words come from the input's data-max-bytes /
   data-too-large and data-max-files / data-too-many, which the server renders from the very
   limits it checks against (friendlystreet.uploads.size_check_attrs, {% size_check_attrs %});
   the server still checks. No inline scripts (strict CSP).

   What other scripts read: a refused choice is the input's custom validity (its
   validationMessage, and validity.valid false), so "are the chosen photos fine?" is
   `input.validity.valid` on every form. It is said in the page, in a line right under the
   input (id <input id>_problem, role=alert, in the input's aria-describedby while it speaks,
   aria-invalid on the input), never in the browser's bubble, which opens under the field,
   behind the bottom tab bar on a phone. On sending, the page scrolls to the line (site.css
   keeps it above the tab bar) and the field takes the focus.

   Load this before a page's own script, so that a form stopped here asks nothing else (a
   page's own submit handlers, and site.js, see the event's defaultPrevented: site.js then
   neither asks its question nor marks the form as sent). */
(function () {
  "use strict";

  // The words for `input`'s chosen files: "" when the form takes them.
  function problem(input) {
    var files = Array.prototype.slice.call(input.files || []);
    var most = parseInt(input.getAttribute("data-max-files"), 10);
    if (most && files.length > most) return input.getAttribute("data-too-many");
    var largest = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (largest && files.some(function (f) { return f.size > largest; })) return input.getAttribute("data-too-large");
    return "";
  }

  // The line right after the input that says so (made once, hidden while nothing is wrong).
  function line(input) {
    var next = input.nextElementSibling;
    if (next && next.classList.contains("upload-problem")) return next;
    var p = document.createElement("p");
    p.className = "errorlist upload-problem";
    p.setAttribute("role", "alert");
    p.hidden = true;
    if (input.id) p.id = input.id + "_problem";
    input.insertAdjacentElement("afterend", p);
    return p;
  }

  // Says what is wrong (or nothing); true when the chosen files may be sent.
  function check(input) {
    var text = problem(input);
    var p = line(input);
    input.setCustomValidity(text);
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    p.textContent = text;
    p.hidden = !text;
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== p.id; });
    if (text && p.id) described.push(p.id);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
    return !text;
  }

  // The rider tried to send: the line in the middle of the screen, the field focused.
  function point(input) {
    line(input).scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  }

  function watch(input) {
    // Where the rider can read it: not under the keyboard's picker or the tab bar.
    input.addEventListener("change", function () {
      if (!check(input)) line(input).scrollIntoView({ block: "nearest" });
    });
    // A form the browser validates itself (no novalidate) stops at the custom validity before
    // any submit event, with its bubble: the line instead.
    input.addEventListener("invalid", function (event) {
      if (!input.validity.customError || !problem(input)) return; // not ours (e.g. required)
      event.preventDefault();
      point(input);
    });
    if (!input.form) return;
    input.form.addEventListener("submit", function (event) {
      if (check(input)) return;
      event.preventDefault();
      point(input);
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    document.querySelectorAll("input[type=file][data-max-bytes], input[type=file][data-max-files]").forEach(watch);
  });
})();
