"""What a check-in answered, in words: the heading and the sentence the staff's check-in page
shows, and the `head` and `message` of the check-in API. One wording for both, so an app at the
event tells staff what the page would have told them."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from friendlystreet.days import local_today, local_zone

from . import selectors
from .models import Signup
from .services import Checkin, CheckinResult


class Words(NamedTuple):
    head: str
    message: str


# result → (the verdict's heading, what it means)
VERDICTS = {
    # The points paid are said as they were: a cap may lower them, a rule switched off pays none.
    CheckinResult.OK: Words(gettext_lazy("Checked in"), gettext_lazy("Attendance recorded. %(paid)s")),
    CheckinResult.ALREADY_CHECKED_IN: Words(
        gettext_lazy("Already checked in"),
        gettext_lazy("This rider has already checked in; nothing was paid again."),
    ),
    CheckinResult.NOT_SIGNED_UP: Words(
        gettext_lazy("Not signed up"),
        gettext_lazy("This rider has not signed up for this activity."),
    ),
    CheckinResult.SIGNUP_CANCELLED: Words(
        gettext_lazy("Cancelled their sign-up"),
        gettext_lazy("This rider cancelled their sign-up; they can be signed up again here."),
    ),
    CheckinResult.UNKNOWN_CODE: Words(
        gettext_lazy("Unrecognised check-in code"),
        gettext_lazy("This is neither a rider's check-in code nor a mobile number. Scan again or type the phone number."),
    ),
    CheckinResult.UNKNOWN_PHONE: Words(
        gettext_lazy("Not registered"),
        gettext_lazy("This phone number has not registered with Friendly Street."),
    ),
    CheckinResult.WRONG_ACTIVITY: Words(
        gettext_lazy("Another activity"),
        gettext_lazy("This check-in code belongs to another activity."),
    ),
    CheckinResult.CANCELLED: Words(
        gettext_lazy("Activity cancelled"),
        gettext_lazy("This activity is cancelled: nobody can check in."),
    ),
}


def checkin_words(outcome: Checkin, *, now: datetime | None = None) -> Words:
    """The verdict of one check-in (at `now`), in the current language: what was paid, where a
    rider on the waitlist stands, when a rider cancelled, said as staff at the door need it."""
    head, message = VERDICTS[outcome.result]
    signup = outcome.signup
    if outcome.result == CheckinResult.OK:
        message = message % {"paid": paid_words(signup)}
    elif outcome.result == CheckinResult.NOT_SIGNED_UP and signup is not None and signup.status == Signup.Status.WAITLISTED:
        # Signed up, but in the queue: say so (and where), not "not signed up".
        head = _("On the waitlist: number %(position)s") % {"position": selectors.waitlist_position(signup)}
        message = _("This rider is on the waitlist and has no place yet.")
    elif outcome.result == CheckinResult.SIGNUP_CANCELLED and signup.cancelled_at is not None:
        message = _cancelled_at_message(signup.cancelled_at, now)
    return Words(str(head), str(message))


def paid_words(signup: Signup) -> str:
    """What a check-in paid, as staff may tell the rider: the points, or why there were none."""
    points = selectors.attendance_paid([signup]).get(signup.pk)
    if points is None:
        return _("No points paid: this activity's earning rule is switched off.")
    if not points:
        return _("No points paid: the rider has reached the earning rule's cap.")
    return ngettext("%(points)s point paid.", "%(points)s points paid.", points) % {"points": points}


def _cancelled_at_message(cancelled_at: datetime, now: datetime | None) -> str:
    """When the rider cancelled, as staff at the door say it: the time today, else the date too;
    in the programme's calendar (friendlystreet.days), whatever time zone is active."""
    local = cancelled_at.astimezone(local_zone())
    when = local.strftime("%H:%M") if local.date() == local_today(now) else local.strftime("%m-%d %H:%M")
    return _("This rider cancelled their sign-up at %(time)s; they can be signed up again here.") % {"time": when}
