// The staff activity form: as the start and end are typed, say whether the activity has already
// started or ended (the note templates/volunteers/staff/_activity_past_note.html draws for what was
// sent): such an activity is entered to record who attended (services.activity_check decides).
(function () {
  "use strict";
  var note = document.getElementById("activity-past-note");
  var start = document.getElementById("id_starts_at");
  var end = document.getElementById("id_ends_at");
  if (!note || !start) return;

  function moment(input) {
    // datetime-local: "2026-12-07T09:00", read in the browser's own time zone (the street's).
    if (!input || !input.value) return null;
    var when = new Date(input.value);
    return isNaN(when.getTime()) ? null : when;
  }

  function redraw() {
    var now = new Date();
    var starts = moment(start);
    var ends = moment(end);
    var which = "";
    if (starts && starts <= now) which = ends && ends <= now ? "ended" : "started";
    note.hidden = !which;
    if (which) note.textContent = note.dataset[which];
  }

  start.addEventListener("input", redraw);
  start.addEventListener("change", redraw);
  if (end) {
    end.addEventListener("input", redraw);
    end.addEventListener("change", redraw);
  }
})();
