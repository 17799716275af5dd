"""The venues app's part of the staff dashboard (friendlystreet.dashboard.registry): compound
tips approved, the communities for the map (each placed at the mean of its active venues'
coordinates, communities having none of their own), and the tips waiting for moderation as a
queue of today's work."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.dashboard.aggregates import grouped
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import FigureSource, register_communities, register_figure_source

from .models import ONCE_APPROVED, Community, Tip, TipStatus

PERM_MODERATE = "venues.moderate_tip"


def _approved(period: Period):
    # A tip withdrawn since was approved on its day all the same (its points stay paid).
    return Tip.objects.filter(status__in=ONCE_APPROVED, **period.range("reviewed_at"))


def compute(period: Period, community_id: int | None = None) -> dict:
    tips = _approved(period)
    if community_id is not None:
        tips = tips.filter(compound__community_id=community_id)
    return {"tips_approved": tips.count()}


def by_community(period: Period) -> dict:
    return grouped(_approved(period).values(cid=F("compound__community_id")).annotate(tips_approved=Count("pk")).order_by())


def communities() -> list[dict]:
    """Every community with the mean position of its active venues (None when it has none):
    one grouped query. `name` is the Chinese name (exports), `name_en` the optional English one
    (pages: names.row_label())."""
    active = Q(venues__active=True)
    rows = Community.objects.annotate(lat=Avg("venues__lat", filter=active), lng=Avg("venues__lng", filter=active)).values(
        "id", "name", "name_en", "lat", "lng"
    )
    return list(rows.order_by("position", "name"))


def tips_pending(user) -> int:
    return Tip.objects.filter(status=TipStatus.PENDING).count()


def oldest_tip(user):
    return Tip.objects.filter(status=TipStatus.PENDING).order_by("created_at", "id").values_list("created_at", flat=True).first()


def register() -> None:
    """Called from VenuesConfig.ready()."""
    from friendlystreet.notifications.digest import DigestSource, register_digest_source

    register_figure_source(FigureSource(code="venues", keys=("tips_approved",), compute=compute, by_community=by_community))
    register_communities(communities)
    register_digest_source(
        DigestSource(
            code="venues.tips_pending",
            label=_("Compound tips waiting for review"),
            count=tips_pending,
            perm=PERM_MODERATE,
            order=25,
            url_name="venues:staff_tip_queue",
            queue="tips_pending",
            oldest=oldest_tip,
        )
    )
