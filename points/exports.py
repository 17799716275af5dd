"""The points app's exports (台账), registered with friendlystreet.ledgers from PointsConfig.ready():
the ledger, claims, and vouchers with their redemption.

Every row names its rider by ID, masked name and masked phone (张* 138****0001, as merchants
see them; unmasked only in an audited export of staff allowed to see personal data), and the
community the dashboard counts the row in: the rider's home community for points, the venue's
for vouchers. Whoever acted on a row (adjusted, decided, confirmed) reads in full when they are
staff or a partner's operator, masked when a rider (friendlystreet.ledgers.people). Rows stream
from the database in chunks, in one query each.

A file in English reads in English wherever the programme wrote the words, as the rider's passbook
and claims read them (selectors.entry_text, paid_for, names.in_reader_language): what an entry or
a paid claim was for, categories, rules and rewards by the English names staff gave them. That
costs one more query a chunk per kind of object the chunk's paid claims refer to (reports,
sign-ups). What people typed stays as typed; a Chinese file keeps the words stored with the rows.

No model is imported at module level: apps.py imports this module before the app is ready.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.ledgers.communities import community_names, rider_community
from friendlystreet.ledgers.people import person, person_fields, rider_cells, rider_fields, with_people
from friendlystreet.ledgers.registry import CHUNK, ExportKind, ExportScope, labels, register_export_kind
from friendlystreet.names import in_reader_language, reads_english

# The columns naming a row's rider, after their ID: the same three in every ledger.
RIDER_NAME = pgettext_lazy("ledger column", "Rider")
RIDER_PHONE = _("Rider's phone")
RIDER_COMMUNITY = _("Rider's community")
VENUE_COMMUNITY = _("Venue's community")

# --- the ledger -------------------------------------------------------------------------------

LEDGER_COLUMNS = (
    _("Entry ID"),
    _("Time"),
    _("Rider ID"),
    RIDER_NAME,
    RIDER_PHONE,
    RIDER_COMMUNITY,
    _("Type"),
    _("Points"),
    _("Balance after"),
    _("Description"),
    _("Reason"),
    pgettext_lazy("ledger column", "Claim ID"),
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
    from .selectors import TEXT_VALUES, entry_texts

    kinds, communities = labels(LedgerEntry.Kind.choices), community_names()
    # In English, what each entry was for as the rider's passbook says it (selectors.entry_text:
    # the rule's and the reward's English names, "Report #13 (Blocked fire lane): …"), not the
    # Chinese words stored when it was written; what people typed (a staff reason) stays. What the
    # passbook reads of an entry and what it refers to comes in the entry's one query, as values
    # (selectors.TEXT_VALUES); a Chinese file keeps the words stored with the entry
    # (services._ledger_description: in Chinese, what the street office reports upward) and asks
    # for none of them.
    english = reads_english()
    values = (
        with_people(_ledger(scope), "actor")
        .annotate(rider_cid=rider_community("account_id"))
        .order_by("id")
        .values_list(
            "id",
            "created_at",
            "account_id",
            *rider_fields("account__rider"),
            "rider_cid",
            "kind",
            "amount",
            "balance_after",
            "description",
            "note",
            "claim_id",
            "voucher_id",
            *person_fields("actor"),
            *(TEXT_VALUES if english else ()),
        )
    )
    unmasked = scope.personal_data
    rows = values.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        texts = {}
        if english:
            # What the claims other apps paid were for, read from their objects (the reports, the
            # sign-ups): one query per kind of object a chunk, as a passbook page (selectors.entry_texts()).
            texts = dict(zip((row[0] for row in chunk), entry_texts(row[17:] for row in chunk), strict=True))
        for row in chunk:
            pk, at, rider, name, phone, cid, kind, amount, balance, description, note, claim, voucher = row[:13]
            a_name, a_phone, a_user, a_rider = row[13:17]
            yield (
                pk,
                at,
                rider,
                *rider_cells(name, phone, unmasked=unmasked),
                communities.get(cid, communities[None]),
                kinds.get(kind, kind),
                amount,
                balance,
                texts.get(pk, description),
                note,
                claim,
                voucher,
                person(a_name, a_phone, a_user, a_rider, unmasked=unmasked),
            )


# --- claims -----------------------------------------------------------------------------------


CLAIM_COLUMNS = (
    pgettext_lazy("ledger column", "Claim ID"),
    _("Submitted at"),
    _("Rider ID"),
    RIDER_NAME,
    RIDER_PHONE,
    RIDER_COMMUNITY,
    _("Category"),
    _("Rule"),
    _("Quantity"),
    _("When it happened"),
    _("Location"),
    _("Description"),
    _("Source"),
    _("Status"),
    _("Points granted"),
    # The audit trail's word for it (受限于: the claim's field), one name for one thing.
    capfirst(_("capped by")),
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
    from .selectors import paid_for

    sources, statuses, caps = labels(Claim.Source.choices), labels(Claim.Status.choices), labels(Claim.Cap.choices)
    communities = community_names()
    # In English, the category and the rule by the English names staff gave them (names.label()),
    # and what a claim another app paid was for as the rider's claims page says it (paid_for():
    # "Report #13 (Blocked fire lane): …", not the Chinese words stored when it was accepted); a
    # rider's own description stays as they typed it, as does a reviewer's reason.
    english = reads_english()
    values = (
        with_people(_claims(scope), "decided_by")
        .annotate(rider_cid=rider_community("rider_id"))
        .order_by("id")
        .values_list(
            "id",
            "created_at",
            "rider_id",
            *rider_fields("rider"),
            "rider_cid",
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
            *person_fields("decided_by"),
            "reason",
            *(("rule__category__name_en", "rule__name_en", "source_ref") if english else ()),
        )
    )
    unmasked = scope.personal_data
    rows = values.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        abouts = {}
        if english:
            # One query per kind of object the chunk's paid claims refer to (the reports, the
            # sign-ups), as a page of claims; none for riders' own claims.
            paid = [Claim(pk=row[0], source=row[12], source_ref=row[24], description=row[11]) for row in chunk]
            abouts = {claim.pk: about for claim, about in zip(paid, paid_for(paid), strict=True)}
        for row in chunk:
            (pk, at, rider, name, phone, cid, category, rule, *what, description, source, status, points, cap) = row[:16]
            decided_at, by, reason = row[16], row[17:21], row[21]
            if english:
                category, rule = in_reader_language(category, row[22]), in_reader_language(rule, row[23])
            yield (
                pk,
                at,
                rider,
                *rider_cells(name, phone, unmasked=unmasked),
                communities.get(cid, communities[None]),
                category,
                rule,
                *what,
                abouts.get(pk, description),
                sources.get(source, source),
                statuses.get(status, status),
                points,
                caps.get(cap, cap) if cap else "",
                decided_at,
                person(*by, unmasked=unmasked),
                reason,
            )


# --- vouchers and redemptions -----------------------------------------------------------------

VOUCHER_COLUMNS = (
    _("Voucher ID"),
    _("Issued at"),
    _("Rider ID"),
    RIDER_NAME,
    RIDER_PHONE,
    _("Reward"),
    _("Venue"),
    VENUE_COMMUNITY,
    _("Points paid"),
    _("Status"),
    _("Valid until"),
    _("Used at"),
    _("Confirmed by"),
    _("Cancelled at"),
    _("Expired at"),
)


def _vouchers(scope: ExportScope):
    from friendlystreet.dashboard.periods import Period

    from . import figures

    # Every voucher with something happening in the range (issued, used, cancelled or expired),
    # the dashboard's own rule: each of its four voucher counts is the rows whose date of that
    # event falls in the range.
    return figures.vouchers_with_events_in(Period(scope.start, scope.end))


def voucher_count(scope: ExportScope) -> int:
    return _vouchers(scope).count()


def voucher_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models import Voucher

    statuses, communities = labels(Voucher.Status.choices), community_names()
    values = (
        with_people(_vouchers(scope), "redeemed_by")
        .order_by("id")
        .values_list(
            "id",
            "issued_at",
            "rider_id",
            *rider_fields("rider"),
            "title",
            "title_en",
            "venue__name",
            "venue__community_id",
            "cost",
            "status",
            "expires_at",
            "redeemed_at",
            *person_fields("redeemed_by"),
            "cancelled_at",
            "expired_at",
        )
    )
    unmasked = scope.personal_data
    for row in values.iterator(chunk_size=CHUNK):
        pk, issued, rider, name, phone, title, title_en, venue, cid, cost, status, valid, used = row[:13]
        yield (
            pk,
            issued,
            rider,
            *rider_cells(name, phone, unmasked=unmasked),
            # The reward's title as it was when the voucher was issued, in the file's language
            # (Voucher.label(): the English title where staff gave one).
            in_reader_language(title, title_en),
            venue,
            communities.get(cid, communities[None]),
            cost,
            statuses.get(status, status),
            valid,
            used,
            person(*row[13:17], unmasked=unmasked),
            *row[17:],
        )


def register_exports() -> None:
    register_export_kind(
        ExportKind(
            code="ledger",
            label=_("Points ledger"),
            columns=LEDGER_COLUMNS,
            rows=ledger_rows,
            count=ledger_count,
            order=10,
            past_only=True,  # things that happened: nothing after today (services.export_days)
            description=_(
                "Every change of a balance recorded in the range (by its time): earned, redeemed, refunded, expired, "
                "adjusted; the rider's community as the dashboard counts points earned."
            ),
            personal_data=True,
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
            past_only=True,  # things that happened: nothing after today (services.export_days)
            description=_("Claims submitted in the range (by the time they were submitted), with their review."),
            personal_data=True,
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
            past_only=True,  # things that happened: nothing after today (services.export_days)
            description=_(
                "Every voucher issued, used, cancelled or expired in the range, each event's time in its own column: "
                "the dashboard's voucher counts are the rows whose time of that event falls in the range."
            ),
            personal_data=True,
        )
    )
