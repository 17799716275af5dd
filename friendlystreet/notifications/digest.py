"""The morning digest for reviewers: what waits for them, one line per source.

Feature apps register a source in their AppConfig.ready():

    from friendlystreet.notifications.digest import DigestSource, register_digest_source

    register_digest_source(DigestSource(
        code="points.pending_claims",
        label=_("Pending claims"),           # the line reads "Pending claims: 7"
        count=lambda user: Claim.objects.filter(status="pending").count(),
        perm="points.review_claim",          # only recipients with this permission see the line
    ))

Every morning at 08:30 (Asia/Shanghai) each active user with the permission
`notifications.receive_digest` (reviewers and street admins) gets one notification listing
the sources whose count is above zero; someone with nothing pending gets nothing.
`count(user)` is called once per recipient, so it may count "assigned to me" as well as
"waiting for anyone"; keep it to one query.

The staff dashboard (friendlystreet/dashboard) shows the same sources as "Today's work" and as
badges on the staff navigation, so one registry serves both. Optional fields for it:
`url_name` (the queue's page; the badge goes on the navigation link of that name) and
`url_query` (a filter of that page, e.g. "?status=submitted"; a page's badge counts the
first of its lines in display order), `item_url_names` (the pages of one of the queue's items,
e.g. a claim's review page: the menu counts the queue now there too, as on its own page; the
badge's source declares them, the menu matches no paths),
`queue` (the key in the figures API's `queues`), `oldest(user) -> datetime | None` (the
longest-waiting item, shown as a waiting time), `detail(user) -> str` (a second line, e.g.
today's sign-ups), `arrival=False` for a line that is not a queue (no "new work" notice).
The dashboard calls `count(None)` for the whole street's count (badges, notices); a source
whose count depends on the user should count everything for None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

DIGEST_PERM = "notifications.receive_digest"


@dataclass(frozen=True)
class DigestSource:
    code: str
    label: object  # lazy translated
    count: Callable[[Any], int]
    perm: str | None = None
    order: int = 100
    url_name: str = ""
    url_query: str = ""
    item_url_names: tuple[str, ...] = ()
    queue: str = ""
    oldest: Callable[[Any], datetime | None] | None = None
    detail: Callable[[Any], str] | None = None
    arrival: bool = True


digest_sources: dict[str, DigestSource] = {}


def register_digest_source(source: DigestSource) -> DigestSource:
    digest_sources[source.code] = source
    return source


def update_digest_source(code: str, **changes) -> DigestSource | None:
    """Add the dashboard's optional fields to a source another module registered (by code);
    nothing when it is not registered."""
    source = digest_sources.get(code)
    if source is None:
        return None
    digest_sources[code] = replace(source, **changes)
    return digest_sources[code]


def counts_for(user) -> list[tuple[DigestSource, int]]:
    """The non-zero counts this user should see, in display order."""
    lines = []
    for source in sorted(digest_sources.values(), key=lambda s: (s.order, s.code)):
        if source.perm and not user.has_perm(source.perm):
            continue
        n = int(source.count(user) or 0)
        if n > 0:
            lines.append((source, n))
    return lines
