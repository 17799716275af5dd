"""The riders export: the roster of every rider registered by the range's last day, with their
home community and whether they registered or were active in the range. Names and phones are
masked unless the staff member may export personal data (the export is then audited).

Why every rider and not only those who registered in the range: the other ledgers name riders
by ID, and a month's ledgers are checked against the people behind them; a rider who registered
years ago and redeemed last month must be in last month's file. The columns 本期注册 and 本期活跃
count the dashboard's "riders registered" and "active riders" of the range (active: claimed,
redeemed or attended, the dashboard's own rule), and a rider who did nothing is on the list too,
as the office wants to reach them."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import BooleanField, Case, ExpressionWrapper, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .communities import community_names, rider_community
from .people import rider_cells, rider_fields
from .registry import CHUNK, ExportKind, ExportScope, labels, register_export_kind

COLUMNS = (
    _("Rider ID"),
    _("Registered at"),
    # 姓名, a person's (the bare "Name" is 名称, a thing's).
    pgettext_lazy("person", "Name"),
    _("Phone"),
    _("Home community"),
    _("Work type"),
    _("Platform"),
    _("Verification"),
    _("Phone verified"),
    _("Account active"),
    _("Registered in the range"),
    _("Active in the range"),
)


def _riders(scope: ExportScope):
    from django.contrib.auth import get_user_model

    from friendlystreet.accounts import roles

    return get_user_model().objects.filter(groups__name=roles.RIDER, date_joined__lt=scope.until)


def rider_count(scope: ExportScope) -> int:
    return _riders(scope).count()


def rider_rows(scope: ExportScope) -> Iterator[tuple]:
    from friendlystreet.accounts.models import Verification, WorkType
    from friendlystreet.dashboard.figures import active_q
    from friendlystreet.dashboard.periods import Period

    work_types, verifications = labels(WorkType.choices), labels(Verification.choices)
    communities = community_names()
    values = (
        _riders(scope)
        .annotate(
            cid=rider_community("pk"),
            registered=ExpressionWrapper(Q(**scope.within("date_joined")), output_field=BooleanField()),
            active=Case(
                When(active_q(Period(scope.start, scope.end)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("id")
        .values_list(
            "id",
            "date_joined",
            *rider_fields(""),
            "cid",
            "work_type",
            "platform",
            "verification",
            "phone_verified",
            "is_active",
            "registered",
            "active",
        )
    )
    for pk, joined, name, phone, cid, work_type, platform, verification, *flags in values.iterator(chunk_size=CHUNK):
        yield (
            pk,
            joined,
            *rider_cells(name, phone, unmasked=scope.personal_data),
            communities.get(cid, communities[None]),
            work_types.get(work_type, work_type),
            platform,
            verifications.get(verification, verification),
            *(bool(flag) for flag in flags),
        )


def register_riders_export() -> None:
    register_export_kind(
        ExportKind(
            code="riders",
            label=_("Riders"),
            columns=COLUMNS,
            rows=rider_rows,
            count=rider_count,
            order=60,
            description=_(
                "Every rider registered by the last day, with their home community and whether they registered or were "
                "active (claimed, redeemed or attended) in the range: the people behind the rider IDs of the other ledgers."
            ),
            personal_data=True,
            past_only=True,
        )
    )
