"""The points app's exports (台账), registered with friendlystreet.ledgers from PointsConfig.ready():
the ledger, claims, and vouchers with their redemption. Riders appear by their ID (the riders
export, masked or not, gives their names); whoever acted on a row (adjusted, decided,
confirmed) by their name or phone, masked unless the export unmasks personal data
(friendlystreet.ledgers.people); rows stream from the database in chunks.

No model is imported at module level: apps.py imports this module before the app is ready.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.ledgers.people import person, person_fields
from friendlystreet.ledgers.registry import CHUNK, ExportKind, ExportScope, labels, register_export_kind

# --- the ledger -------------------------------------------------------------------------------

LEDGER_COLUMNS = (
    _("Entry ID"),
    _("Time"),
    _("Rider ID"),
    _("Type"),
    _("Points"),
    _("Balance after"),
    _("Description"),
    _("Reason"),
    _("Claim ID"),
    _("Voucher ID"),
    _("By"),
)


def _ledger(scope: ExportScope):
    from .models import LedgerEntry

    return LedgerEntry.objects.filter(**scope.within("created_at"))


def ledger_count(scope: ExportScope) -> int:
    return _ledger(scope).count()


def ledger_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models import LedgerEntry

    kinds = labels(LedgerEntry.Kind.choices)
    values = (
        _ledger(scope)
        .order_by("id")
        .values_list(
            "id",
            "created_at",
            "account_id",
            "kind",
            "amount",
            "balance_after",
            "description",
            "note",
            "claim_id",
            "voucher_id",
            *person_fields("actor"),
        )
    )
    unmasked = scope.personal_data
    for row in values.iterator(chunk_size=CHUNK):
        yield (*row[:3], kinds.get(row[3], row[3]), *row[4:10], person(*row[10:], unmasked=unmasked))


# --- claims -----------------------------------------------------------------------------------

CLAIM_COLUMNS = (
    _("Claim ID"),
    _("Submitted at"),
    _("Rider ID"),
    _("Category"),
    _("Rule"),
    _("Quantity"),
    _("When it happened"),
    _("Location"),
    _("Description"),
    _("Source"),
    _("Status"),
    _("Points granted"),
    _("Capped by"),
    _("Decided at"),
    _("Decided by"),
    _("Reason"),
)


def _claims(scope: ExportScope):
    from .models import Claim

    return Claim.objects.filter(**scope.within("created_at"))


def claim_count(scope: ExportScope) -> int:
    return _claims(scope).count()


def claim_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models import Claim

    sources, statuses, caps = labels(Claim.Source.choices), labels(Claim.Status.choices), labels(Claim.Cap.choices)
    values = (
        _claims(scope)
        .order_by("id")
        .values_list(
            "id",
            "created_at",
            "rider_id",
            "rule__category__name",
            "rule__name",
            "quantity",
            "occurred_at",
            "location",
            "description",
            "source",
            "status",
            "points",
            "capped_by",
            "decided_at",
            "reason",
            *person_fields("decided_by"),
        )
    )
    unmasked = scope.personal_data
    for row in values.iterator(chunk_size=CHUNK):
        source, status, cap = row[9], row[10], row[12]
        yield (
            *row[:9],
            sources.get(source, source),
            statuses.get(status, status),
            row[11],
            caps.get(cap, cap) if cap else "",
            row[13],
            person(*row[15:], unmasked=unmasked),
            row[14],
        )


# --- vouchers and redemptions -----------------------------------------------------------------

VOUCHER_COLUMNS = (
    _("Voucher ID"),
    _("Issued at"),
    _("Rider ID"),
    _("Reward"),
    _("Venue"),
    _("Points paid"),
    _("Status"),
    _("Valid until"),
    _("Used at"),
    _("Confirmed by"),
    _("Cancelled at"),
    _("Expired at"),
)


def _vouchers(scope: ExportScope):
    from .models import Voucher

    # Issued in the range, or used in it (a voucher bought last month and used this month is
    # one of this month's redemptions).
    return Voucher.objects.filter(Q(**scope.within("issued_at")) | Q(**scope.within("redeemed_at")))


def voucher_count(scope: ExportScope) -> int:
    return _vouchers(scope).count()


def voucher_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models import Voucher

    statuses = labels(Voucher.Status.choices)
    values = (
        _vouchers(scope)
        .order_by("id")
        .values_list(
            "id",
            "issued_at",
            "rider_id",
            "title",
            "venue__name",
            "cost",
            "status",
            "expires_at",
            "redeemed_at",
            "cancelled_at",
            "expired_at",
            *person_fields("redeemed_by"),
        )
    )
    unmasked = scope.personal_data
    for row in values.iterator(chunk_size=CHUNK):
        yield (*row[:6], statuses.get(row[6], row[6]), *row[7:9], person(*row[11:], unmasked=unmasked), *row[9:11])


def register_exports() -> None:
    register_export_kind(
        ExportKind(
            code="ledger",
            label=_("Points ledger"),
            columns=LEDGER_COLUMNS,
            rows=ledger_rows,
            count=ledger_count,
            order=10,
            description=_("Every change of a balance in the range: earned, redeemed, refunded, expired, adjusted."),
            personal_data=True,  # who adjusted
        )
    )
    register_export_kind(
        ExportKind(
            code="claims",
            label=_("Claims"),
            columns=CLAIM_COLUMNS,
            rows=claim_rows,
            count=claim_count,
            order=20,
            description=_("Claims submitted in the range, with their review."),
            personal_data=True,  # who decided
        )
    )
    register_export_kind(
        ExportKind(
            code="vouchers",
            label=_("Vouchers and redemptions"),
            columns=VOUCHER_COLUMNS,
            rows=voucher_rows,
            count=voucher_count,
            order=30,
            description=_("Vouchers issued or used in the range."),
            personal_data=True,  # who confirmed
        )
    )
