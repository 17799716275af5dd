// The volunteer record's "Print or save as PDF" button (no inline script: the CSP refuses it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
