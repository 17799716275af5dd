"""The riders export: who registered in the range, with their name and phone masked unless
the staff member may export personal data (the export is then audited)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.accounts.phones import mask_name, mask_phone

from .people import national
from .registry import CHUNK, ExportKind, ExportScope, labels, register_export_kind

COLUMNS = (
    _("Rider ID"),
    _("Registered at"),
    # 姓名, a person's (the bare "Name" is 名称, a thing's).
    pgettext_lazy("person", "Name"),
    _("Phone"),
    _("Work type"),
    _("Platform"),
    _("Verification"),
    _("Phone verified"),
    _("Account active"),
)


def _riders(scope: ExportScope):
    from django.contrib.auth import get_user_model

    from friendlystreet.accounts import roles

    return get_user_model().objects.filter(groups__name=roles.RIDER, **scope.within("date_joined"))


def rider_count(scope: ExportScope) -> int:
    return _riders(scope).count()


def rider_rows(scope: ExportScope) -> Iterator[tuple]:
    from friendlystreet.accounts.models import Verification, WorkType

    work_types, verifications = labels(WorkType.choices), labels(Verification.choices)
    values = (
        _riders(scope)
        .order_by("id")
        .values_list(
            "id", "date_joined", "display_name", "phone", "work_type", "platform", "verification", "phone_verified", "is_active"
        )
    )
    for pk, joined, name, phone, work_type, platform, verification, phone_verified, active in values.iterator(chunk_size=CHUNK):
        if scope.personal_data:
            name, phone = name, national(phone)
        else:
            name, phone = mask_name(name), mask_phone(phone)
        yield (
            pk,
            joined,
            name,
            phone,
            work_types.get(work_type, work_type),
            platform,
            verifications.get(verification, verification),
            phone_verified,
            active,
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
            description=_("Riders who registered in the range; names and phones masked unless you may see them."),
            personal_data=True,
        )
    )
