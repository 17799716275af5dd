"""Today's work: the queues of the reviewers' morning digest (one registry,
friendlystreet.notifications.digest), counted live on the dashboard, as badges on the staff
navigation, and a notice when a queue goes from empty to non-empty.

Every count is made by one function, `counts()`, never cached: the dashboard's cards, the
figures API's `queues` and the dashboard's badges count now, on every request.

Badges elsewhere. Counting every queue on every staff page would add a query per queue to each
of them; instead the navigation reads the last counts seen (QueueCount, one row per queue) in
one query, and counts now only the queue whose page it is (its `url_name`, or one of its
`item_url_names`: a claim's review page). A queue with no count recorded yet (a new
installation before the first refresh, a queue added by an update) is counted then, by
counts(), and recorded: once, after which the page is back to its one query. The record is
written by `queues_refresh()`, which a periodic task runs every REFRESH_SECONDS, by the
dashboard home, and by a queue's own page when its count moved (decisions bring the reviewer
back to the queue, so the other pages' badges follow them at once). What changes without
anyone looking at the queue (a rider's new claim) reaches the other pages' badges with the
next refresh: within REFRESH_SECONDS with Celery beat running; without beat, when someone
opens the dashboard or the queue.

Arrivals. `queues_record()` moves each row from the count it read to the new one with a
compare-and-set (`filter(code=..., count=old).update(count=new)`): of two refreshes racing,
only the one whose update changed the row goes on, and only a move from 0 to more notifies
(once) the staff who handle that queue. A queue seen for the first time is recorded without a
notice (nobody knows what it was before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from friendlystreet.accounts.selectors import staff_holding
from friendlystreet.notifications import digest
from friendlystreet.notifications.services import notify, recipient_language

from .models import QueueCount

ARRIVAL_KIND = "dashboard_queue_arrived"
REFRESH_SECONDS = 180


@dataclass
class Line:
    source: digest.DigestSource
    count: int
    url: str = ""
    oldest: datetime | None = None
    detail: str = ""

    @property
    def code(self) -> str:
        return self.source.code

    @property
    def label(self):
        return self.source.label


def _url(source: digest.DigestSource) -> str:
    if not source.url_name:
        return ""
    try:
        return reverse(source.url_name) + source.url_query
    except NoReverseMatch:
        return ""


def visible_sources(user) -> list[digest.DigestSource]:
    return [
        s for s in sorted(digest.digest_sources.values(), key=lambda s: (s.order, s.code)) if not s.perm or user.has_perm(s.perm)
    ]


def counts(sources) -> dict[str, int]:
    """{code: count} of each queue, counted now for the whole street (one query each, never
    cached): the one count of today's work. The dashboard's cards and the figures API's
    `queues` (today_for), the badges (on a queue's own page, and the record the others read)
    and the periodic record (all_counts) all come from it."""
    return {source.code: int(source.count(None) or 0) for source in sources}


def today_for(user) -> list[Line]:
    """The queues this member of staff handles, counted now (zeros too: "nothing waits" is
    news), with the oldest item's time and the detail line where the source gives them. One
    query per queue, one more for each oldest and detail."""
    lines = []
    sources = visible_sources(user)
    now = counts(sources)
    for source in sources:
        n = now[source.code]
        lines.append(
            Line(
                source=source,
                count=n,
                url=_url(source),
                oldest=source.oldest(None) if (source.oldest and n) else None,
                detail=str(source.detail(None)) if source.detail else "",
            )
        )
    return lines


def all_counts() -> dict[str, int]:
    """Every queue's count now, for everybody (the periodic refresh)."""
    return counts(digest.digest_sources.values())


def badge_sources() -> dict[str, digest.DigestSource]:
    """{url_name: the queue whose count is that page's badge}: of the queues that open a page
    (the new reports' line opens the reports filtered to 已提交, the overdue ones' the same
    page filtered to overdue), the first in display order. So 治理线索 counts the new reports,
    as it did before their line opened the filtered list."""
    chosen: dict[str, digest.DigestSource] = {}
    for source in sorted(digest.digest_sources.values(), key=lambda s: (s.order, s.code)):
        if source.url_name:
            chosen.setdefault(source.url_name, source)
    return chosen


def badge_pages() -> dict[str, digest.DigestSource]:
    """{url_name: the queue counted now on that page}: each badge's queue page and the pages of
    its items, as its source declares them (url_name, item_url_names)."""
    pages: dict[str, digest.DigestSource] = {}
    for name, source in badge_sources().items():
        pages[name] = source
        for item in source.item_url_names:
            pages.setdefault(item, source)
    return pages


def live_badges(lines: list[Line]) -> dict[str, int]:
    """{url_name: count} from the lines counted now (the dashboard's own)."""
    chosen = {source.code for source in badge_sources().values()}
    return {line.source.url_name: line.count for line in lines if line.code in chosen}


def badges(here: str = "") -> dict[str, int]:
    """{url_name: last count seen} of the queues with a page: the navigation's badges (one query).
    The queue whose page is being shown (`here`, the URL name of its page or of one of its
    items' pages, badge_pages()) is counted now (counts()): a reviewer who just decided three
    claims sees the same count on the menu as in the page's heading. And when that count is
    not the one recorded, the record is moved to it (one compare-and-set, only then), so the
    badge on every other page says it too, instead of the count from before the decisions
    until the next refresh. A queue with nothing recorded yet is counted now as well and
    recorded (one insert for them all), so its badge shows before the first refresh and the
    next page reads it in the one query."""
    chosen = badge_sources()
    shown = badge_pages().get(here) if here else None
    by_code = {s.code: name for name, s in chosen.items()}
    rows = dict(QueueCount.objects.filter(code__in=list(by_code)).values_list("code", "count"))
    missing = [source for source in chosen.values() if source.code not in rows]
    live = [shown] if shown is not None and shown.code in rows else []
    now = counts(missing + live)
    if missing:
        _record_new({source.code: now[source.code] for source in missing}, timezone.now())
    if live and rows[shown.code] != now[shown.code]:
        _move(shown.code, rows[shown.code], now[shown.code], timezone.now())
    rows.update(now)
    return {by_code[code]: n for code, n in rows.items() if n}


def queue_keys(lines: list[Line]) -> dict[str, int]:
    """{API key: count} of the lines whose source names one (the figures API's `queues`)."""
    return {line.source.queue: line.count for line in lines if line.source.queue}


def queues_record(seen_now: dict[str, int], *, now: datetime | None = None) -> list[str]:
    """Store the counts seen now (by counts()); notify on each queue that went from 0 to more.
    Returns the codes of the queues that did (each at most once however many callers race)."""
    now = now or timezone.now()
    seen = {row.code: row.count for row in QueueCount.objects.filter(code__in=list(seen_now))}
    _record_new({code: n for code, n in seen_now.items() if code not in seen}, now)
    arrived = []
    for code, n in seen_now.items():
        old = seen.get(code)
        if old is None or old == n:
            continue
        if _move(code, old, n, now):
            arrived.append(code)
    return arrived


def _record_new(first: dict[str, int], now: datetime) -> None:
    """Record queues seen for the first time (one insert), without a notice: nobody knows what
    they were before. A row another caller wrote meanwhile stays as it is."""
    if first:
        QueueCount.objects.bulk_create(
            [QueueCount(code=code, count=n, changed_at=now) for code, n in first.items()], ignore_conflicts=True
        )


def _move(code: str, old: int, n: int, now: datetime) -> bool:
    """Move the queue's record from `old` to `n` (a compare-and-set: of two callers racing,
    one moves it); tell its handlers when that was from empty to non-empty. True if told."""
    with transaction.atomic():
        moved = QueueCount.objects.filter(code=code, count=old).update(count=n, changed_at=now)
        source = digest.digest_sources.get(code)
        if moved and old == 0 and n > 0 and source is not None and source.arrival:
            _notify_arrival(source, n)
            return True
    return False


def queues_refresh() -> list[str]:
    """The periodic task's work: count every queue, record, notify arrivals."""
    return queues_record(all_counts())


def handlers_of(source: digest.DigestSource):
    """Active staff who handle the queue: the source's permission, and the staff area."""
    return staff_holding(source.perm)


def _notify_arrival(source: digest.DigestSource, n: int) -> None:
    link = _url(source) or reverse("staff_dashboard")
    for user in handlers_of(source):
        with translation.override(recipient_language(user)):
            label = str(source.label)
        notify(user, ARRIVAL_KIND, {"queue": label, "count": n}, link=link)
