"""The partners' wall (合作商户): every partner venue that received a plaque (授牌), grouped by
kind, and the partners that are not venues (the company that donated the warm bicycles, …);
and the staff pages that manage the non-venue partners. Reads, the one write and the views of
this small feature live together here."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from friendlystreet.accounts.access import permission_required
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.inputs import CheckedForm
from friendlystreet.widgets import DatePicker

from .forms import not_after_today
from .models import Partner, Venue, VenueKind
from .selectors import plaque_holder, plaque_taken_error
from .services import MANAGE_VENUES
from .validators import normalize_plaque

PARTNER_FIELDS = ("name", "kind", "contribution", "plaque_number", "plaque_date", "partner_since", "active", "order")

# --- selectors ----------------------------------------------------------------------------------


@dataclass
class VenueGroup:
    kind: str
    label: str
    venues: list[Venue]


def partner_venues() -> QuerySet[Venue]:
    """Active venues with a plaque: the programme's partner venues, oldest plaque first."""
    return (
        Venue.objects.filter(active=True)
        .exclude(plaque_number="")
        .select_related("community")
        .only("name", "name_en", "kind", "plaque_number", "plaque_date", "partner_since", "community__name", "community__name_en")
        .order_by("plaque_date", "plaque_number", "name", "id")
    )


def partner_venues_by_kind() -> list[VenueGroup]:
    """The partner venues grouped by kind in the programme's order (stations, merchants, the
    hospital, the academy, property stations); kinds without partners are left out."""
    by_kind: dict[str, list[Venue]] = {}
    for venue in partner_venues():
        by_kind.setdefault(venue.kind, []).append(venue)
    return [VenueGroup(kind, label, by_kind[kind]) for kind, label in VenueKind.choices if kind in by_kind]


def wall_partners() -> QuerySet[Partner]:
    """The non-venue partners shown on the wall."""
    return Partner.objects.filter(active=True)


# --- the write ----------------------------------------------------------------------------------


def partner_save(*, actor, partner: Partner | None = None, **fields) -> Partner:
    """Create (partner=None) or edit a non-venue partner; staff who manage venues only."""
    if actor is None or not actor.has_perm(MANAGE_VENUES):
        raise PermissionDenied
    with transaction.atomic():
        if partner is None:
            partner, before = Partner(), {}
        else:
            partner = Partner.objects.select_for_update().get(pk=partner.pk)
            before = audit_snapshot(partner, PARTNER_FIELDS)
        plaque = partner.plaque_number
        for name in PARTNER_FIELDS:
            if name in fields:
                value = fields[name]
                setattr(partner, name, normalize_plaque(value) if name == "plaque_number" else value)
        errors: dict[str, list[str]] = {}
        try:
            partner.full_clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        # Venues and partners share the plaques' numbering (selectors.plaque_holder).
        if "plaque_number" not in errors and partner.plaque_number and partner.plaque_number.lower() != plaque.lower():
            holder = plaque_holder(partner.plaque_number, exclude_partner_pk=partner.pk)
            if holder is not None:
                errors.update(plaque_taken_error(partner.plaque_number, holder).message_dict)
        if errors:
            raise ValidationError(errors)
        partner.save()
        changes = audit_changes(before, audit_snapshot(partner, PARTNER_FIELDS))
        audit_record(actor=actor, action="venues.partner_saved", target=partner, data=changes)
    return partner


# --- views --------------------------------------------------------------------------------------


class PartnerForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Partner
        fields = list(PARTNER_FIELDS)
        widgets = {"plaque_date": DatePicker(), "partner_since": DatePicker()}
        help_texts = {
            "contribution": gettext_lazy("Shown on the wall, e.g. “10 warm bicycles for riders inside large compounds”."),
            "order": gettext_lazy("Smaller numbers come first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        not_after_today(self)

    def _post_clean(self):
        # partner_save writes (and validates) the model.
        pass


@require_GET
def partners(request: HttpRequest) -> HttpResponse:
    """The public wall: partner venues by kind, then the other partners."""
    groups = partner_venues_by_kind()
    others = list(wall_partners())
    total = sum(len(g.venues) for g in groups) + len(others)
    return render(request, "venues/partners/wall.html", {"groups": groups, "others": others, "total": total})


@permission_required(MANAGE_VENUES)
@require_GET
def staff_partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "venues/staff/partners/partner_list.html",
        {"partners": Partner.objects.all(), "venue_count": partner_venues().count()},
    )


@permission_required(MANAGE_VENUES)
@require_http_methods(["GET", "POST"])
def staff_partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk) if pk is not None else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner_save(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("venues:staff_partner_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "venues/staff/partners/partner_form.html", {"form": form, "partner": partner}, status=status)
