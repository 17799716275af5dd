"""The community (社区) column of a ledger, split as the dashboard and the monthly summary split
their figures, so that a summary's row can be checked against the detailed files: a rider by
their home community (the subquery the volunteers app registers), a voucher, an activity or a
report by its place's. What belongs to none reads 未归属社区, the name of the summary's row."""

from __future__ import annotations

from django.db.models import Expression


def rider_community(outer_ref: str) -> Expression:
    """The community id of the rider the row's `outer_ref` field points at (None: none)."""
    from friendlystreet.dashboard.registry import rider_community as registered

    return registered(outer_ref)


def community_names() -> dict[int | None, str]:
    """{community id: name} of every community, and None: the row of no community. Read once
    per export (one query), in the export's language: an English file names a community by the
    English name staff gave it, as its "No community" row is English (names.row_label())."""
    from friendlystreet.dashboard.figures import unassigned
    from friendlystreet.dashboard.registry import registry
    from friendlystreet.names import row_label

    names: dict[int | None, str] = {c["id"]: row_label(c) for c in (registry.communities() if registry.communities else [])}
    names[None] = unassigned()["name"]
    return names
