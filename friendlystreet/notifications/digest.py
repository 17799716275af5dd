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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DIGEST_PERM = "notifications.receive_digest"


@dataclass(frozen=True)
class DigestSource:
    code: str
    label: object  # lazy translated
    count: Callable[[Any], int]
    perm: str | None = None
    order: int = 100


digest_sources: dict[str, DigestSource] = {}


def register_digest_source(source: DigestSource) -> DigestSource:
    digest_sources[source.code] = source
    return source


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
