"""The venues API: public reads (no login), staff writes, riders' compound tips."""

from __future__ import annotations

import re

from django.core.cache import caches
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from friendlystreet.accounts.access import HasPerm

from . import cache as venue_cache
from . import hooks, navigation, selectors, services
from . import hours as hours_lib
from .models import TIP_MAX_LENGTH, Amenity, Community, Compound, Venue, VenueKind


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """Services raise Django's ValidationError; the API answers it as a 400 JSON body."""
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def _round(value):
    return None if value is None else round(value)


class JsonOnly(BaseContentNegotiation):
    """JSON whatever the Accept header says: the only renderer there is, without parsing
    the header on every request (a tenth of the near page's time in Python)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class VenueListApi(APIView):
    """Active venues, filterable; with `near`, nearest first (within `radius` metres if given)."""

    permission_classes = [AllowAny]
    authentication_classes = []  # the same public answer for everyone: no need to know who asks
    content_negotiation_class = JsonOnly

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=VenueKind.choices, required=False)
        amenity = serializers.ListField(child=serializers.SlugField(max_length=40), required=False, max_length=20)
        open_now = serializers.BooleanField(required=False, default=False)
        near = serializers.CharField(required=False, max_length=60)
        radius = serializers.IntegerField(required=False, min_value=1, max_value=selectors.MAX_RADIUS_M)
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)
        page = serializers.IntegerField(required=False, min_value=1, default=1)
        page_size = serializers.IntegerField(required=False, min_value=1, max_value=Pagination.max_page_size, default=20)

        def validate_near(self, value):
            try:
                return selectors.parse_near(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages)

        def validate_amenity(self, value):
            try:
                return selectors.amenity_ids_for_codes(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        kind = serializers.CharField()
        address = serializers.CharField()
        lat = serializers.FloatField()
        lng = serializers.FloatField()
        amenities = serializers.SerializerMethodField()
        open_now = serializers.BooleanField()
        distance_m = serializers.SerializerMethodField()

        def get_amenities(self, venue) -> list[str]:
            return self.context["codes"].get(venue.id, [])

        def get_distance_m(self, venue) -> int | None:
            return _round(getattr(venue, "distance_m", None))

    @extend_schema(
        operation_id="venues_list",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VenueKind.values),
            OpenApiParameter(
                "amenity", OpenApiTypes.STR, many=True, description="Amenity code; repeat for several (all required)."
            ),
            OpenApiParameter("open_now", OpenApiTypes.BOOL),
            OpenApiParameter("near", OpenApiTypes.STR, description="“lat,lng”: results carry distance_m, nearest first."),
            OpenApiParameter(
                "radius", OpenApiTypes.INT, description="With near: only venues within this many metres (at most 50000)."
            ),
            OpenApiParameter("q", OpenApiTypes.STR, description="Search in name and address."),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        f = fast_list_filters(request.query_params)
        if f is None:
            params = {k: v for k, v in request.query_params.items() if k != "amenity"}
            if "amenity" in request.query_params:
                params["amenity"] = request.query_params.getlist("amenity")
            filters = self.FilterSerializer(data=params)
            filters.is_valid(raise_exception=True)
            f = filters.validated_data
        url = request.build_absolute_uri()
        if f.get("near") is not None:
            # Riders ask from wherever they are, so the query is built to be cheap; a page is
            # kept only in this process's own memory, for a rider asking again from the same
            # spot (a miss costs no round trip). The key holds the venues' version and the minute.
            near_cache, key = caches["near"], venue_cache.key("api-near", url)
            body = near_cache.get(key)
            if body is None:
                body = JSONRenderer().render(self.near_page(url, f))
                near_cache.set(key, body, venue_cache.ttl())
            return public(HttpResponse(body, content_type="application/json"))
        cache_key = venue_cache.key(
            "api-list", request.build_absolute_uri(request.path), sorted((k, str(v)) for k, v in f.items())
        )
        return public(Response(venue_cache.remember(cache_key, lambda: self.list_page(url, f))))

    def near_page(self, url: str, f: dict) -> dict:
        if not selectors.has_near_index():
            return self.list_page(url, f)
        items, count = selectors.venue_page_near(
            near=f["near"],
            radius_m=f.get("radius"),
            kind=f.get("kind"),
            amenity_ids=f.get("amenity", []),
            open_now=f.get("open_now", False),
            q=f.get("q", ""),
            page=f["page"],
            size=f["page_size"],
        )
        return page_body(url, f, count, items)

    def list_page(self, url: str, f: dict) -> dict:
        qs = selectors.venue_list(
            kind=f.get("kind"),
            amenity_ids=f.get("amenity", []),
            open_now=f.get("open_now", False),
            near=f.get("near"),
            radius_m=f.get("radius"),
            q=f.get("q", ""),
            amenity_objects=False,
        )
        # The count rides with the page (one query), instead of DRF's separate COUNT.
        rows, count = selectors.page_with_count(qs, page=f["page"], size=f["page_size"])
        codes = selectors.amenity_codes_for(v.id for v in rows)
        return page_body(url, f, count, self.OutputSerializer(rows, many=True, context={"codes": codes}).data)


_FAST_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
_FAST_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")


def fast_list_filters(params) -> dict | None:
    """VenueListApi.FilterSerializer's validated data for the everyday query strings,
    without the serializer: building one copies its eight fields on every request, a
    third of a near page's time (bench/). Anything unusual returns None and goes to the
    serializer, which also words the errors; a test holds the two to the same answers."""
    f: dict = {"open_now": False, "page": 1, "page_size": Pagination.page_size}
    for name in params:
        values = params.getlist(name)
        if name != "amenity" and len(values) != 1:
            return None
        value = values[-1]
        if name == "kind":
            if value not in VenueKind.values:
                return None
            f["kind"] = value
        elif name == "amenity":
            if len(values) > 20 or not all(_FAST_SLUG.fullmatch(v) for v in values):
                return None
            try:
                f["amenity"] = selectors.amenity_ids_for_codes(values)
            except DjangoValidationError:
                return None
        elif name == "open_now":
            if value not in _FAST_BOOLEANS:
                return None
            f["open_now"] = _FAST_BOOLEANS[value]
        elif name == "near":
            if len(value) > 60:
                return None
            try:
                f["near"] = selectors.parse_near(value)
            except DjangoValidationError:
                return None
        elif name in ("radius", "page", "page_size"):
            limit = {"radius": selectors.MAX_RADIUS_M, "page": None, "page_size": Pagination.max_page_size}[name]
            if len(value) > 1000 or not value.isascii() or not value.isdigit():
                return None
            if int(value) < 1 or (limit and int(value) > limit):
                return None
            f[name] = int(value)
        elif name == "q":
            f["q"] = value.strip()
            if len(f["q"]) > 100 or not f["q"].isprintable():
                return None
    return f


def page_body(url: str, f: dict, count: int, results: list) -> dict:
    return {
        "count": count,
        "next": page_link(url, f["page"] + 1) if f["page"] * f["page_size"] < count else None,
        "previous": page_link(url, f["page"] - 1) if f["page"] > 1 else None,
        "results": results,
    }


def page_link(url: str, page: int) -> str:
    return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)


def public(response: HttpResponse) -> HttpResponse:
    """Public data, the same for everyone: phones and proxies may keep it briefly."""
    patch_cache_control(response, public=True, max_age=venue_cache.ttl())
    return response


def venue_detail_data(venue: Venue, request=None, *, extras: bool = True) -> dict:
    """The detail body (also what the staff write endpoints answer)."""
    ranges = venue.hour_ranges()
    st = hours_lib.status(ranges)
    data = {
        "id": venue.id,
        "name": venue.name,
        "kind": venue.kind,
        "kind_label": str(venue.get_kind_display()),
        "community": venue.community.name if venue.community else None,
        "address": venue.address,
        "lat": venue.lat,
        "lng": venue.lng,
        "coord_system": navigation.coord_system(),
        "phone": venue.phone,
        "description": venue.description,
        "amenities": [{"code": a.code, "name": a.label()} for a in venue.amenities.all()],
        "services": list(venue.services or []),
        "hours": [
            {"day": r.day, "opens": hours_lib.hhmm(r.start), "closes": hours_lib.hhmm(r.end), "overnight": r.overnight}
            for r in ranges
        ],
        "hours_text": hours_lib.format_hours(ranges),
        "hours_note": venue.hours_note,
        "open_now": st.open,
        "open_change_at": st.change_at.isoformat() if st.change_at else None,
        "plaque": {
            "number": venue.plaque_number,
            "date": venue.plaque_date.isoformat() if venue.plaque_date else None,
        },
        "partner_since": venue.partner_since.isoformat() if venue.partner_since else None,
        "photos": [
            {"id": p.id, "url": _abs(request, f"/venues/photos/{p.id}/"), "caption": p.caption} for p in venue.photos.all()
        ],
        "navigation": navigation.links_for(lat=venue.lat, lng=venue.lng, name=venue.name, address=venue.address),
        "active": venue.active,
    }
    if extras:
        for extra in hooks.venue_extras:  # e.g. the points app's "rewards"
            data.update(extra(venue.id, request))
    return data


def _abs(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class HourSerializer(serializers.Serializer):
    day = serializers.IntegerField(min_value=0, max_value=6)
    opens = serializers.RegexField(r"^\d{1,2}:\d{2}$")
    closes = serializers.RegexField(r"^\d{1,2}:\d{2}$")
    overnight = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        def minutes(text: str, field: str) -> int:
            h, m = (int(x) for x in text.split(":"))
            if m > 59 or h > 24 or (h == 24 and m):
                raise serializers.ValidationError({field: _("Not a time of day.")})
            return h * 60 + m

        start = minutes(attrs["opens"], "opens")
        end = minutes(attrs["closes"], "closes")
        if start >= hours_lib.DAY:
            raise serializers.ValidationError({"opens": _("Not a time of day.")})
        if attrs["overnight"]:
            end += hours_lib.DAY
        return hours_lib.Range(attrs["day"], start, end)


VENUE_DETAIL_SCHEMA = {
    "type": "object",
    "description": "A venue with hours, services, phone, plaque and navigation links.",
}


class VenueDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="venues_retrieve", responses={200: VENUE_DETAIL_SCHEMA})
    def get(self, request, pk: int):
        def build() -> dict:
            try:
                venue = selectors.venue_for_page(pk)
            except Venue.DoesNotExist:
                raise Http404
            return venue_detail_data(venue, request, extras=False)

        data = dict(venue_cache.remember(venue_cache.key("api-venue", pk, request.build_absolute_uri("/")), build))
        for extra in hooks.venue_extras:  # per request, outside the cache: e.g. the points app's "rewards"
            data.update(extra(pk, request))
        return public(Response(data))


class VenueWriteSerializer(serializers.Serializer):
    """Staff input for creating or changing a venue (partial on update)."""

    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=VenueKind.choices)
    community = serializers.SlugRelatedField(slug_field="name", queryset=Community.objects.all(), required=False, allow_null=True)
    address = serializers.CharField(max_length=200)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    amenities = serializers.SlugRelatedField(slug_field="code", queryset=Amenity.objects.all(), many=True, required=False)
    services = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=30)
    hours = HourSerializer(many=True, required=False)
    hours_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    plaque_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    plaque_date = serializers.DateField(required=False, allow_null=True)
    partner_since = serializers.DateField(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)


class VenueCreateApi(APIView):
    """Street admins: create a venue."""

    permission_classes = [HasPerm.of(services.MANAGE_VENUES)]
    InputSerializer = VenueWriteSerializer

    @extend_schema(operation_id="venues_create", request=VenueWriteSerializer, responses={201: VENUE_DETAIL_SCHEMA})
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            venue = services.venue_create(actor=request.user, data=dict(s.validated_data))
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        return Response(venue_detail_data(selectors.venue_for_page(venue.pk, include_inactive=True), request), status=201)


class VenueUpdateApi(APIView):
    """Street admins: change some fields of a venue (PATCH semantics); `active: false` deactivates."""

    permission_classes = [HasPerm.of(services.MANAGE_VENUES)]
    InputSerializer = VenueWriteSerializer

    @extend_schema(operation_id="venues_update", request=VenueWriteSerializer, responses={200: VENUE_DETAIL_SCHEMA})
    def patch(self, request, pk: int):
        venue = get_object_or_404(Venue, pk=pk)
        s = self.InputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        try:
            services.venue_update(actor=request.user, venue=venue, data=dict(s.validated_data))
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        return Response(venue_detail_data(selectors.venue_for_page(pk, include_inactive=True), request))


# --- compounds ---------------------------------------------------------------------------


class CompoundListApi(APIView):
    permission_classes = [AllowAny]

    class FilterSerializer(serializers.Serializer):
        near = serializers.CharField(required=False, max_length=60)
        radius = serializers.IntegerField(required=False, min_value=1, max_value=selectors.MAX_RADIUS_M)
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)

        def validate_near(self, value):
            try:
                return selectors.parse_near(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        address = serializers.CharField()
        community = serializers.CharField(source="community.name", default=None)
        lat = serializers.FloatField()
        lng = serializers.FloatField()
        distance_m = serializers.SerializerMethodField()

        def get_distance_m(self, compound) -> int | None:
            return _round(getattr(compound, "distance_m", None))

    @extend_schema(
        operation_id="compounds_list",
        parameters=[
            OpenApiParameter("near", OpenApiTypes.STR),
            OpenApiParameter("radius", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data

        def build() -> dict:
            qs = selectors.compound_list(q=f.get("q", ""), near=f.get("near"), radius_m=f.get("radius"))
            paginator = Pagination()
            page = paginator.paginate_queryset(qs, request, view=self)
            return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data).data

        cache_key = venue_cache.key(
            "api-compounds",
            request.build_absolute_uri(request.path),
            sorted((k, str(v)) for k, v in f.items()),
            request.query_params.get("page", ""),
            request.query_params.get("page_size", ""),
        )
        return public(Response(venue_cache.remember(cache_key, build)))


class CompoundDetailApi(APIView):
    permission_classes = [AllowAny]

    class GateSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        lat = serializers.FloatField(allow_null=True)
        lng = serializers.FloatField(allow_null=True)
        ebikes_allowed = serializers.BooleanField()
        hours = serializers.CharField()
        entry_method = serializers.CharField()
        notes = serializers.CharField()

    class ParkingSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        description = serializers.CharField()
        capacity = serializers.IntegerField(allow_null=True)
        lat = serializers.FloatField(allow_null=True)
        lng = serializers.FloatField(allow_null=True)
        notes = serializers.CharField()

    class BikeSerializer(serializers.Serializer):
        count = serializers.IntegerField()
        location = serializers.CharField()
        notes = serializers.CharField()

    class TipSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        text = serializers.CharField()
        author = serializers.CharField(source="author.masked_name")
        approved_at = serializers.DateTimeField(source="reviewed_at")
        photo_url = serializers.SerializerMethodField()

        def get_photo_url(self, tip) -> str | None:
            if not tip.photo:
                return None
            return _abs(self.context.get("request"), f"/compounds/tips/{tip.id}/photo/")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        address = serializers.CharField()
        community = serializers.CharField(source="community.name", default=None)
        lat = serializers.FloatField()
        lng = serializers.FloatField()
        building_notes = serializers.CharField()
        property_phone = serializers.CharField()
        gates = serializers.SerializerMethodField()
        parking = serializers.SerializerMethodField()
        warm_bikes = serializers.SerializerMethodField()
        tips = serializers.SerializerMethodField()
        navigation = serializers.SerializerMethodField()

        def get_gates(self, c) -> list[dict]:
            return CompoundDetailApi.GateSerializer(c.gates.all(), many=True).data

        def get_parking(self, c) -> list[dict]:
            return CompoundDetailApi.ParkingSerializer(c.parking_spots.all(), many=True).data

        def get_warm_bikes(self, c) -> list[dict]:
            return CompoundDetailApi.BikeSerializer(c.warm_bikes.all(), many=True).data

        def get_tips(self, c) -> list[dict]:
            return CompoundDetailApi.TipSerializer(c.approved_tips, many=True, context=self.context).data

        def get_navigation(self, c) -> dict:
            return navigation.links_for(lat=c.lat, lng=c.lng, name=c.name, address=c.address)

    @extend_schema(operation_id="compounds_retrieve", responses=OutputSerializer)
    def get(self, request, pk: int):
        def build() -> dict:
            try:
                compound = selectors.compound_for_guide(pk)
            except Compound.DoesNotExist:
                raise Http404
            return self.OutputSerializer(compound, context={"request": request}).data

        return public(Response(venue_cache.remember(venue_cache.key("api-compound", pk, request.build_absolute_uri("/")), build)))


class TipThrottle(UserRateThrottle):
    # Moderation catches bad tips; this stops a script from burying the reviewers.
    scope = "venues_tips"
    rate = "20/hour"


class TipCreateApi(APIView):
    """A signed-in rider adds a tip (text, optional photo) to a compound; it waits for review."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [TipThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=TIP_MAX_LENGTH)
        photo = serializers.FileField(required=False, allow_empty_file=False)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        text = serializers.CharField()
        has_photo = serializers.SerializerMethodField()

        def get_has_photo(self, tip) -> bool:
            return bool(tip.photo)

    @extend_schema(operation_id="compounds_tips_create", request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, pk: int):
        compound = get_object_or_404(Compound, pk=pk, active=True)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            tip = services.tip_create(
                author=request.user, compound=compound, text=s.validated_data["text"], photo=s.validated_data.get("photo")
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        return Response(self.OutputSerializer(tip).data, status=status.HTTP_201_CREATED)
