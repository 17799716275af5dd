"""Extension points of the venues app, for the apps that depend on it.

Dependencies point one way (volunteers → points → venues), so venues never imports
points; instead points subscribes here, in its AppConfig.ready():

    from venues import hooks

    def _earn_for_tip(*, tip, reviewer):
        return claim_create_from_source(rider=tip.author, ..., notify_rider=False)

    hooks.tip_approved.connect(_earn_for_tip)

`tip_approved` — sent by `services.tip_approve` INSIDE its transaction, after the
tip row is saved as approved. Subscribers get keyword arguments `tip` (a
`venues.models.Tip`) and `reviewer` (the user). If a subscriber raises, the whole
approval rolls back: the tip stays pending and the reviewer sees the error, so an
approved tip and its points are never out of step. A tip is approved at most once
(the service refuses a second approval), so a subscriber is called once per tip;
still, make it idempotent (a unique constraint on the claim's source) in case of
a retry.

A subscriber returns what it paid the author: None (nothing), a number of points, or an
object with an integer `points` (the points app's approved Claim). `send()` returns the
subscribers' answers and `points_paid()` adds them up: the approval's one notice to the
author (venues.tip_approved, sent after the hook) names them, in the author's language. So a
subscriber does not tell the author itself (the points app: `notify_rider=False`): one
approval, one notice.

`tip_points` — what approving a tip would pay its author now: providers (the points app's
rule for approved tips, with its caps) get a list of tips and return {tip id: points}. The
moderation page says it on each pending tip's card (通过后作者获得 5 积分), and the tip form
what a tip would pay the rider writing it (selectors.points_for_a_new_tip): that tip is not
saved yet (its id is None, its created_at now), so a provider reads the tip's author and time,
never its row. Without a provider both say nothing. Register with `register_tip_points(func)`.

`venue_fields` — serializer fields that `GET /api/v1/venues/{id}/` declares beside the
venue's own (e.g. points adds `rewards`), so the answer and the schema come from the same
field. Register a factory (a field is bound to one serializer), e.g. the field's class:

    hooks.register_venue_field("rewards", VenueRewardsField)

The field reads its value from the venue (override `get_attribute(venue)`), and only from
`venue.pk`: the detail serializes these fields on every request without loading the venue
(it gets a bare `Venue(pk=...)`), so they may show fast-changing data (stock left). The
answer is public and cached by phones for a minute: nothing per user.

`venue_panels` — `(template_name, context_func)` pairs; the venue page includes
each template with `panel=context_func(venue_id, request)` and `venue_id` in its
context (e.g. points renders the rewards the venue offers). They run on every request,
outside the venues cache (cache.py): they may show signed-in, per-user or fast-changing
data. They get the venue's id, not the object, because a cached page has not loaded the
venue.

`staff_venue_panels` — `(template_name, context_func)` pairs for the staff venue form, once
the venue exists: the form includes each template with `panel=context_func(venue, request)`
(e.g. points lists the venue's rewards with a link to add one). Staff pages are not cached, so
they get the venue itself; one query each at most.

These are plain lists of callables rather than Django signals: receivers are
held strongly (a signal's weak reference silently drops a locally defined
function), the order is the registration order, and errors propagate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named list of subscribers called in order with keyword arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._subscribers: list[Callable[..., Any]] = []

    def connect(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Subscribe (idempotent); usable as a decorator."""
        if func not in self._subscribers:
            self._subscribers.append(func)
        return func

    def disconnect(self, func: Callable[..., Any]) -> None:
        if func in self._subscribers:
            self._subscribers.remove(func)

    def send(self, **kwargs: Any) -> list[Any]:
        """Call every subscriber in order; their answers, in the same order."""
        return [func(**kwargs) for func in list(self._subscribers)]

    def __len__(self) -> int:
        return len(self._subscribers)


tip_approved = Hook("tip_approved")

tip_points: list[Callable[[list[Any]], dict[int, int]]] = []

venue_fields: dict[str, Callable[[], Any]] = {}
venue_panels: list[tuple[str, Callable[[int, Any], dict]]] = []
staff_venue_panels: list[tuple[str, Callable[[Any, Any], dict]]] = []


def register_venue_field(name: str, make: Callable[[], Any]) -> None:
    """`make()` returns a new serializer field for `name` (see `venue_fields` above)."""
    venue_fields[name] = make


def register_venue_panel(template_name: str, context_func: Callable[[int, Any], dict]) -> None:
    entry = (template_name, context_func)
    if entry not in venue_panels:
        venue_panels.append(entry)


def register_staff_venue_panel(template_name: str, context_func: Callable[[Any, Any], dict]) -> None:
    entry = (template_name, context_func)
    if entry not in staff_venue_panels:
        staff_venue_panels.append(entry)


def register_tip_points(func: Callable[[list[Any]], dict[int, int]]) -> None:
    """`func(tips)` → {tip id: points its author would get if it were approved now}."""
    if func not in tip_points:
        tip_points.append(func)


def points_paid(answers: list[Any]) -> int:
    """What `tip_approved`'s subscribers paid, from their answers (see above): a number, or an
    object's integer `points` (a claim not approved, whose points are None, paid nothing)."""
    total = 0
    for answer in answers:
        points = answer if isinstance(answer, int) and not isinstance(answer, bool) else getattr(answer, "points", None)
        if isinstance(points, int) and not isinstance(points, bool) and points > 0:
            total += points
    return total


def points_for_tips(tips: list[Any]) -> dict[int, int]:
    """The providers' answers summed per tip; a tip no provider names is left out (no line)."""
    out: dict[int, int] = {}
    for func in tip_points:
        for tip_id, points in func(tips).items():
            out[tip_id] = out.get(tip_id, 0) + points
    return out
