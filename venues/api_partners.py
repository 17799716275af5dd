"""API of the partners' wall (public): every partner venue (an active venue that received a plaque)
and the partners that are not venues (e.g. the company that donated the warm bicycles). The same
two reads as the wall's page (venues/partners.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from friendlystreet.api.base import APIView

from .api import public
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
        self.name = row.name
        self.kind = row.kind
        self.kind_name = str(row.get_kind_display()) if is_venue else row.kind
        self.plaque_number = row.plaque_number
        self.plaque_date = row.plaque_date
        self.partner_since = row.partner_since
        self.contribution = "" if is_venue else row.contribution
        self.venue = row.pk if is_venue else None


class PartnerListApi(APIView):
    """The partners' wall: partner venues (active, with a plaque number), then the active
    partners that are not venues. Public, the same for everyone (cacheable for a minute)."""

    permission_classes = [AllowAny]
    authentication_classes = []  # the same public answer for everyone: no need to know who asks

    @extend_schema(operation_id="partners_list", responses=PartnerOutputSerializer(many=True))
    def get(self, request):
        entries = [WallEntry(v) for v in partner_venues()] + [WallEntry(p) for p in wall_partners()]
        return public(Response(PartnerOutputSerializer(entries, many=True).data))
