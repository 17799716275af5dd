"""API of the partners: the partners' wall (public), every partner venue (an active venue that
received a plaque) and the partners that are not venues (e.g. the company that donated the warm
bicycles), the same two reads as the wall's page (venues/partners.py); and a partner operator's
own venue, whose everyday details they change (the details page's service,
services.venue_details_update)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from friendlystreet import office
from friendlystreet.accounts import roles
from friendlystreet.accounts.access import HasPerm
from friendlystreet.api.base import APIView
from friendlystreet.inputs import CheckedSerializer, OnlyItsFields
from friendlystreet.lists import sentences

from . import hours as hours_lib
from . import selectors, services
from .api import HourSerializer, PublicReadApi, VenueDetailSerializer, as_drf_error, public
from .models import Partner, Venue, VenueKind
from .partners import partner_venues, wall_partners


class PartnerOutputSerializer(serializers.Serializer):
    """A partner on the wall: a venue (`type` venue, `kind` its kind code, `venue` its id) or a
    partner that is not a venue (`type` partner, `kind` what staff call it, `contribution` what
    they gave or do)."""

    type = serializers.CharField(help_text="venue or partner")
    id = serializers.IntegerField(help_text="the venue's or the partner's id")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="a venue: one of " + ", ".join(VenueKind.values) + "; a partner: free text")
    kind_name = serializers.CharField()
    plaque_number = serializers.CharField()
    plaque_date = serializers.DateField(allow_null=True)
    partner_since = serializers.DateField(allow_null=True)
    contribution = serializers.CharField(help_text="a partner: what they gave or do; a venue: empty")
    venue = serializers.IntegerField(allow_null=True, help_text="a venue: its id (GET /api/v1/venues/{id}/); else null")


class WallEntry:
    """One line of the wall, whichever its source."""

    def __init__(self, row: Venue | Partner) -> None:
        is_venue = isinstance(row, Venue)
        self.type = "venue" if is_venue else "partner"
        self.id = row.pk
        # A venue in the reader's language (Venue.label); a partner has its one name.
        self.name = row.label() if is_venue else row.name
        self.kind = row.kind
        self.kind_name = str(row.get_kind_display()) if is_venue else row.kind
        self.plaque_number = row.plaque_number
        self.plaque_date = row.plaque_date
        self.partner_since = row.partner_since
        self.contribution = "" if is_venue else row.contribution
        self.venue = row.pk if is_venue else None


class PartnerListApi(PublicReadApi):
    """The partners' wall: partner venues (active, with a plaque number), then the active
    partners that are not venues. Public, the same for everyone (cacheable for a minute)."""

    @extend_schema(operation_id="partners_list", responses=PartnerOutputSerializer(many=True))
    def get(self, request):
        entries = [WallEntry(v) for v in partner_venues()] + [WallEntry(p) for p in wall_partners()]
        return public(Response(PartnerOutputSerializer(entries, many=True).data))


# --- a partner operator's own venue ---------------------------------------------------------


class MerchantVenueDetailsApi(APIView):
    """A partner operator changes the everyday details of a venue they run: its phone, description,
    opening hours and their note (PATCH: only the fields sent change; `hours`, when sent, is the
    whole week, and an empty list means the hours are not given). Its name, kind, place and
    plaque are the street office's: a body with any other field (`name`, `plaque_number`...)
    is refused, 400 `invalid` with `fields` naming each, and nothing changes. Written and
    audited as the details page writes them (services.venue_details_update); the answer is
    the venue's details as they now are. Another venue's id answers 404 `not_found`, as one
    that does not exist."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    class InputSerializer(OnlyItsFields, CheckedSerializer):
        # services.OPERATOR_FIELDS, which the service also holds the operator to.
        unknown_field_message = _("A partner operator may change only these details of a venue: %(fields)s.")

        def unknown_field_words(self, known: list[str]) -> str:
            # The rest is the street office's, as the details page says, with how to reach it
            # once the office has set it (friendlystreet.office): the page shows it there too.
            return office.with_contact(
                sentences(
                    super().unknown_field_words(known),
                    _("Its name, kind, place and plaque are changed by the street office: ask them."),
                )
            )

        # The limits of the venue's fields (the staff's VenueWriteSerializer says the same); the
        # service validates the venue again and answers what it refuses under these names.
        phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
        description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        hours = HourSerializer(many=True, required=False)
        hours_note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        phone = serializers.CharField()
        description = serializers.CharField()
        hours = VenueDetailSerializer.HoursSerializer(
            many=True, source="hour_ranges", help_text="Empty when the opening hours are not given (not known, not closed)."
        )
        hours_text = serializers.SerializerMethodField(
            help_text="The week in words, in the request's language (Accept-Language), as the venue's page says it."
        )
        hours_note = serializers.CharField()

        def get_hours_text(self, venue) -> str:
            return hours_lib.summary(venue.hour_ranges())

    @extend_schema(operation_id="merchant_venues_partial_update", request=InputSerializer, responses=OutputSerializer)
    def patch(self, request, pk: int):
        venue = get_object_or_404(selectors.venues_operated_by(request.user), pk=pk)
        s = self.InputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        try:
            venue = services.venue_details_update(actor=request.user, venue=venue, data=dict(s.validated_data))
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        prefetch_related_objects([venue], "hours")  # once, for `hours` and `hours_text`
        return Response(self.OutputSerializer(venue).data)
