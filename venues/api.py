"""The venues API: public reads (no login), staff writes, riders' compound tips."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param

from friendlystreet.accounts.access import HasPerm, IsRider
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer
from friendlystreet.api.pagination import PAGE_DESCRIPTION, PAGE_SIZE_DESCRIPTION, PageNumberPagination
from friendlystreet.api.params import flag_parameter, query_flag
from friendlystreet.api.parsers import JSONParser, MultiPartParser
from friendlystreet.inputs import CheckedSerializer, OnlyItsFields
from friendlystreet.names import NAME_EN_MAX_LENGTH

from . import cache as venue_cache
from . import hooks, navigation, selectors, services
from . import hours as hours_lib
from .distances import distance_text
from .models import TIP_MAX_LENGTH, Amenity, Community, Compound, EntryMethod, Tip, TipStatus, Venue, VenueKind
from .validators import AREA_RADIUS_KM


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """Services raise Django's ValidationError; the API answers it as a 400 JSON body."""
    return serializers.ValidationError(serializers.as_serializer_error(exc))


MAX_PAGE = 1_000_000_000  # × at most 100 a page: an OFFSET well within 64 bits; beyond: past any end


PAGING = (
    "Pages of 20 unless `page_size` says otherwise, at most 100 (a larger one gives 100, one that is not a whole "
    "number above 0 gives 20). A page past the end answers 404 `not_found`."
)


def _coordinates() -> str:
    if navigation.coord_system() == navigation.GCJ02:
        return (
            "Coordinates (every `lat` and `lng`, and `near`) are GCJ-02 on this server (`coord_system`: gcj02), "
            "as AMap and Tencent maps draw them. Phones' GPS reports WGS-84 and Baidu draws in BD-09: convert those."
        )
    return (
        "Coordinates (every `lat` and `lng`, and `near`) are WGS-84 on this server (`coord_system`: wgs84), "
        "as phones' GPS reports them. AMap and Tencent maps draw in GCJ-02 and Baidu in BD-09: convert before drawing."
    )


def describe(*paragraphs: str) -> str:
    """An operation's description, ending with the coordinate system this deployment stores
    (read when the schema is built, as settings say then)."""
    return lazy(lambda: "\n\n".join((*paragraphs, _coordinates())), str)()


def _round(value):
    return None if value is None else round(value)


def _abs(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def public(response: HttpResponse) -> HttpResponse:
    """Public data, the same for everyone who asks in the same language: phones and proxies
    may keep it briefly, one copy per Accept-Language (a PublicReadApi's answer depends on
    nothing else)."""
    patch_cache_control(response, public=True, max_age=venue_cache.SECONDS)
    patch_vary_headers(response, ("Accept-Language",))
    return response


def asked_language(request: HttpRequest) -> str:
    """The language a public read answers in: the one its Accept-Language asks for, else the
    site's. Never the language cookie (where a signed-in rider's account language is too): an
    answer that varies on Accept-Language alone, made in the cookie's language, was kept by the
    browser and by proxies and given to whoever sent the same header: the English home page
    showed "140米" for a minute after the switch (the page now sends its own language)."""
    headers_only = HttpRequest()  # no cookies: Django's choice from the header alone
    headers_only.META["HTTP_ACCEPT_LANGUAGE"] = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    return translation.get_language_from_request(headers_only)


class PublicReadApi(APIView):
    # A public read (no docstring: drf-spectacular would show it on every view without one):
    # no login, the same answer for everyone who asks in the same language, sent with
    # public() and kept by the venues cache under that language (venues/cache.py keys on the
    # active one). The language is chosen before anything runs, so errors speak it too, and
    # stays active for LocaleMiddleware's Content-Language.
    permission_classes = [AllowAny]
    authentication_classes = []  # no need to know who asks

    def dispatch(self, request, *args, **kwargs):
        language = asked_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return super().dispatch(request, *args, **kwargs)


class NearFilterSerializer(CheckedSerializer):
    """`near` and `radius`, as the venue and compound lists read them."""

    near = serializers.CharField(required=False, max_length=60)
    radius = serializers.IntegerField(required=False, min_value=1, max_value=selectors.MAX_RADIUS_M)

    def validate_near(self, value):
        try:
            return selectors.parse_near(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages)

    def validate(self, attrs):
        # A radius around nothing would be dropped in silence: the caller thinks it filtered.
        if "radius" in attrs and "near" not in attrs:
            raise serializers.ValidationError(
                {"radius": [_("“radius” needs “near”: give the point to measure from as near=latitude,longitude.")]}
            )
        return attrs


DISTANCE_TEXT_HELP = (
    "`distance_m` in words, in the request's language (Accept-Language), as the site's pages say it: "
    "to the nearest 10 m under 1 km, then in km to one decimal (“90米”, “1.2公里”). Null without `near`."
)

NEAR_PARAMETERS = [
    OpenApiParameter("near", OpenApiTypes.STR, description="“lat,lng”: results carry distance_m, nearest first."),
    OpenApiParameter(
        "radius",
        OpenApiTypes.INT,
        description=f"Metres around `near`, 1 to {selectors.MAX_RADIUS_M}: only what lies within. Without `near`: 400.",
    ),
]


# --- venues ------------------------------------------------------------------------------


OPEN_NOW_HELP = (
    "Whether the venue is open now (Asia/Shanghai); null when its opening hours are not given "
    "(nobody entered them yet: not known, not closed)."
)


# A venue's name as the caller reads it: Venue.label(), as a reward's `title`.
NAME_HELP = "in the caller's language: the English name staff gave it, else its Chinese name"


class VenueItemSerializer(serializers.Serializer):
    """A venue in a list; `distance_m` with `near` only."""

    # `amenities` come from context["codes"] (selectors.amenity_codes_for).

    id = serializers.IntegerField()
    name = serializers.CharField(source="label", help_text=NAME_HELP)
    kind = serializers.CharField()
    address = serializers.CharField()
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    amenities = serializers.SerializerMethodField(help_text="Amenity codes; their names: GET /api/v1/amenities/.")
    open_now = serializers.SerializerMethodField(help_text=OPEN_NOW_HELP)
    distance_m = serializers.SerializerMethodField()
    distance_text = serializers.SerializerMethodField(help_text=DISTANCE_TEXT_HELP)

    def get_amenities(self, venue) -> list[str]:
        return self.context["codes"].get(venue.id, [])

    def get_open_now(self, venue) -> bool | None:
        return venue.open_now if venue.hours_known else None

    def get_distance_m(self, venue) -> int | None:
        return _round(getattr(venue, "distance_m", None))

    def get_distance_text(self, venue) -> str | None:
        return distance_text(getattr(venue, "distance_m", None))


class VenuePageSerializer(serializers.Serializer):
    """One page of venues, with links to the next and previous pages."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = VenueItemSerializer(many=True)


class VenueListApi(PublicReadApi):
    class FilterSerializer(NearFilterSerializer):
        kind = serializers.ChoiceField(choices=VenueKind.choices, required=False)
        amenity = serializers.ListField(child=serializers.SlugField(max_length=40), required=False, max_length=20)
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)

        def validate_amenity(self, value):
            try:
                return selectors.amenity_ids_for_codes(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages)

    @extend_schema(
        operation_id="venues_list",
        description=describe("Active venues, filterable; with `near`, nearest first (within `radius` metres if given).", PAGING),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VenueKind.values),
            OpenApiParameter(
                "amenity",
                OpenApiTypes.STR,
                many=True,
                description="Amenity code, as GET /api/v1/amenities/ lists them (with their names); "
                "repeat for several: venues with all of them.",
            ),
            flag_parameter("open_now", "only the venues open now"),
            *NEAR_PARAMETERS,
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Search in name, address, amenity names and the services a venue lists."
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description=PAGE_DESCRIPTION),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=PAGE_SIZE_DESCRIPTION),
        ],
        responses={
            200: VenuePageSerializer,
            400: OpenApiResponse(ErrorSerializer, description="invalid: a filter, named in `fields`"),
            404: OpenApiResponse(ErrorSerializer, description="not_found: a page past the end"),
        },
    )
    def get(self, request):
        # The flag as every flag of the API is read (`?open_now=` is no, `?open_now=maybe` a 400).
        open_now = query_flag(request, "open_now")
        params = {k: v for k, v in request.query_params.items() if k not in ("amenity", "open_now", "page", "page_size")}
        if "amenity" in request.query_params:
            params["amenity"] = request.query_params.getlist("amenity")
        filters = self.FilterSerializer(data=params)
        filters.is_valid(raise_exception=True)
        paginator = PageNumberPagination()  # the API's page size and its limits, as every list reads them
        f = {
            **filters.validated_data,
            "open_now": open_now,
            "page": page_number(request, paginator),
            "page_size": paginator.get_page_size(request),
        }
        # Near a place too (rounded to about 10 m): riders at a rest station ask from one spot.
        parts = ("api-list", request.build_absolute_uri(request.path), sorted((k, str(v)) for k, v in f.items()))
        return public(Response(venue_cache.remember(parts, lambda: self.page(request, f))))

    def page(self, request, f: dict) -> dict:
        qs = selectors.venue_list(
            kind=f.get("kind"),
            amenity_ids=f.get("amenity", []),
            open_now=f.get("open_now", False),
            near=f.get("near"),
            radius_m=f.get("radius"),
            q=f.get("q", ""),
            amenity_objects=False,
        )
        # The count rides with the page (one query), instead of DRF's separate COUNT; a page
        # past the end is DRF's 404, as on the other lists.
        found = selectors.page_with_count(qs, page=f["page"], size=f["page_size"])
        if found is None:
            raise NotFound(PageNumberPagination.invalid_page_message)
        rows, count = found
        url, number = request.build_absolute_uri(), f["page"]
        page = {
            "count": count,
            "next": page_link(url, number + 1) if number * f["page_size"] < count else None,
            "previous": None if number == 1 else page_link(url, number - 1),
            "results": rows,
        }
        codes = selectors.amenity_codes_for(v.id for v in rows)
        return VenuePageSerializer(page, context={"codes": codes}).data


def page_number(request, paginator: PageNumberPagination) -> int:
    """`?page=` as DRF's pager reads it on the other lists: a whole number from 1, else its
    404 "Invalid page." (a number beyond MAX_PAGE is past any end)."""
    try:
        number = int(request.query_params.get(paginator.page_query_param) or 1)
    except ValueError:  # not a number, or thousands of digits
        raise NotFound(paginator.invalid_page_message)
    if not 1 <= number <= MAX_PAGE:
        raise NotFound(paginator.invalid_page_message)
    return number


def page_link(url: str, page: int) -> str:
    return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)


DAY_HELP = "Day of the week: 0 = Monday … 6 = Sunday (Asia/Shanghai)."


class HourSerializer(CheckedSerializer):
    """Input: one opening range ("opens", "closes" as H:MM) → hours.Range."""

    day = serializers.IntegerField(min_value=0, max_value=6, help_text=DAY_HELP)
    opens = serializers.RegexField(r"^\d{1,2}:\d{2}$")
    closes = serializers.RegexField(r"^\d{1,2}:\d{2}$")
    overnight = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        # A partial update (PATCH) skips missing required fields, nested ones too: ask for them.
        missing = [name for name in ("day", "opens", "closes") if name not in attrs]
        if missing:
            raise serializers.ValidationError(dict.fromkeys(missing, [_("This field is required.")]))

        def minutes(text: str, field: str) -> int:
            h, m = (int(x) for x in text.split(":"))
            if m > 59 or h > 24 or (h == 24 and m):
                raise serializers.ValidationError({field: _("Not a time of day.")})
            return h * 60 + m

        start = minutes(attrs["opens"], "opens")
        end = minutes(attrs["closes"], "closes")
        if start >= hours_lib.DAY:
            raise serializers.ValidationError({"opens": _("Not a time of day.")})
        if attrs.get("overnight", False):  # a PATCH applies no defaults, nested ones neither
            end += hours_lib.DAY
        return hours_lib.Range(attrs["day"], start, end)


class AmenitySerializer(serializers.Serializer):
    """An amenity: the code the `amenity` filter takes, and its name in the request's language."""

    code = serializers.CharField()
    name = serializers.CharField(source="label")


class VenueDetailSerializer(serializers.Serializer):
    """A venue with hours, services, phone, plaque and navigation links."""

    # The public detail and what the staff write endpoints answer, with the fields other
    # apps declare through hooks.venue_fields (the points app's "rewards"). Give it a venue
    # from selectors.venue_for_page() and the request in its context; context["part"] "own"
    # leaves the other apps' fields out, "others" gives only theirs (for a bare Venue(pk=…)).

    class HoursSerializer(serializers.Serializer):
        day = serializers.IntegerField(min_value=0, max_value=6, help_text=DAY_HELP)
        opens = serializers.SerializerMethodField()
        closes = serializers.SerializerMethodField()
        overnight = serializers.BooleanField()

        def get_opens(self, r: hours_lib.Range) -> str:
            return hours_lib.hhmm(r.start)

        def get_closes(self, r: hours_lib.Range) -> str:
            return hours_lib.hhmm(r.end)

    class PlaqueSerializer(serializers.Serializer):
        number = serializers.CharField(source="plaque_number")
        date = serializers.DateField(source="plaque_date", allow_null=True)

    class PhotoSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        url = serializers.SerializerMethodField()
        caption = serializers.CharField()

        def get_url(self, photo) -> str:
            return _abs(self.context.get("request"), f"/venues/photos/{photo.id}/")

    id = serializers.IntegerField()
    name = serializers.CharField(source="label", help_text=NAME_HELP)
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    community = serializers.CharField(source="community.label", default=None, allow_null=True)
    address = serializers.CharField()
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    coord_system = serializers.SerializerMethodField(
        help_text="The system of lat and lng (and of every venue and compound): wgs84 (GPS) or gcj02 (AMap, Tencent)."
    )
    phone = serializers.CharField()
    description = serializers.CharField()
    amenities = AmenitySerializer(many=True, source="amenities.all")
    services = serializers.ListField(child=serializers.CharField())
    hours = HoursSerializer(
        many=True, source="hour_ranges", help_text="Empty when the opening hours are not given (not known, not closed)."
    )
    hours_text = serializers.SerializerMethodField(
        help_text="The week in words, in the request's language (Accept-Language), as the venue's page says it "
        "(“营业时间未填写” when the hours are not given)."
    )
    hours_note = serializers.CharField()
    open_now = serializers.SerializerMethodField(help_text=OPEN_NOW_HELP)
    open_change_at = serializers.SerializerMethodField()
    plaque = PlaqueSerializer(source="*")
    partner_since = serializers.DateField(allow_null=True)
    photos = PhotoSerializer(many=True, source="photos.all")
    navigation = serializers.SerializerMethodField()
    active = serializers.BooleanField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.now = hours_lib.local()  # one moment for open_now and open_change_at

    def get_fields(self):
        part = self.context.get("part")
        own = super().get_fields() if part != "others" else {}
        others = {name: make() for name, make in hooks.venue_fields.items()} if part != "own" else {}
        return {**own, **others}

    def get_coord_system(self, venue) -> Literal["wgs84", "gcj02"]:
        return navigation.coord_system()

    def get_hours_text(self, venue) -> str:
        return hours_lib.summary(venue.hour_ranges())

    def get_open_now(self, venue) -> bool | None:
        status = venue.open_status(self.now)  # the venue page's own answer
        return None if status is None else status.open

    def get_open_change_at(self, venue) -> str | None:
        status = venue.open_status(self.now)
        return status.change_at.isoformat() if status and status.change_at else None

    def get_navigation(self, venue) -> dict:
        # The Chinese name, as the venue page's links: what the map app and the door sign say.
        return navigation.links_for(lat=venue.lat, lng=venue.lng, name=venue.name, address=venue.address)


class StaffVenueDetailSerializer(VenueDetailSerializer):
    """A venue as the staff write endpoints answer: its names as staff write them."""

    # As staff write them (VenueWriteSerializer), whatever the caller reads: a `name` read in
    # English and sent back would overwrite the Chinese one (as StaffActivityDetailOutputSerializer).
    name = serializers.CharField(help_text="the Chinese name, as staff write it")
    name_en = serializers.CharField(help_text="the English name; empty: English readers see the Chinese one")


class VenueDetailApi(PublicReadApi):
    @extend_schema(
        operation_id="venues_retrieve",
        description=describe("An active venue, with its hours, amenities, photos and navigation links."),
        responses={200: VenueDetailSerializer, 404: OpenApiResponse(ErrorSerializer, description="not_found")},
    )
    def get(self, request, pk: int):
        def build() -> dict:
            try:
                venue = selectors.venue_for_page(pk)
            except Venue.DoesNotExist:
                raise Http404
            return VenueDetailSerializer(venue, context={"request": request, "part": "own"}).data

        # The venue's own fields from the venues cache (absolute links: per host); the other
        # apps' fields on every request, never in it: e.g. the rewards with their stock,
        # cached by the points app under its own version.
        own = venue_cache.remember(("api-venue", pk, request.build_absolute_uri("/")), build)
        others = VenueDetailSerializer(Venue(pk=pk), context={"request": request, "part": "others"}).data
        return public(Response({**own, **others}))


class AmenityListApi(PublicReadApi):
    """The amenities a venue may offer, in display order: each code, which the venue list's
    `amenity` filter takes, with its name in the request's language (Accept-Language)."""

    @extend_schema(operation_id="amenities_list", responses=AmenitySerializer(many=True))
    def get(self, request):
        def build() -> list:
            return AmenitySerializer(selectors.active_amenities(), many=True).data

        return public(Response(venue_cache.remember(("api-amenities",), build)))


POINT_HELP = (
    f"Degrees, in the server's `coord_system`; within {AREA_RADIUS_KM} km of the programme's centre. "
    "A point outside, or latitude and longitude the wrong way round, answers 400 naming `lat`."
)


class VenueWriteSerializer(OnlyItsFields, CheckedSerializer):
    """Staff input for creating or changing a venue (partial on update). Any other field (the
    answer's `plaque`, `photos`...) is refused: 400 `invalid` with `fields` naming it, and
    nothing is saved."""

    # Refused, not dropped: a `plaque` or `photos` sent back as the answer reads them answered
    # 200 with the venue unchanged, and the client took the change as saved.
    unknown_field_message = _("Staff may set only these details of a venue: %(fields)s.")

    name = serializers.CharField(max_length=100, help_text="the Chinese name")
    name_en = serializers.CharField(
        max_length=NAME_EN_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="the English name; empty: English readers see the Chinese one",
    )
    kind = serializers.ChoiceField(choices=VenueKind.choices)
    community = serializers.SlugRelatedField(slug_field="name", queryset=Community.objects.all(), required=False, allow_null=True)
    address = serializers.CharField(max_length=200)
    # Range, area and a pair the wrong way round: the models' rule (validators.validate_point),
    # as in the staff form and the import, answered as a 400 under "lat"/"lng".
    lat = serializers.FloatField(help_text=POINT_HELP)
    lng = serializers.FloatField(help_text=POINT_HELP)
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


DUPLICATE_VENUE = "duplicate_venue: another venue has this name and address (its id in `existing_id`)"


class VenueCreateApi(APIView):
    """Street admins: create a venue."""

    permission_classes = [HasPerm.of(services.MANAGE_VENUES)]
    InputSerializer = VenueWriteSerializer

    @extend_schema(
        operation_id="venues_create",
        request=VenueWriteSerializer,
        responses={
            201: StaffVenueDetailSerializer,
            409: OpenApiResponse(ErrorSerializer, description=DUPLICATE_VENUE),
        },
    )
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            venue = services.venue_create(actor=request.user, data=dict(s.validated_data))
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        venue = selectors.venue_for_page(venue.pk, include_inactive=True)
        return Response(StaffVenueDetailSerializer(venue, context={"request": request}).data, status=201)


class VenueUpdateApi(APIView):
    """Street admins: change some fields of a venue (PATCH semantics); `active: false` deactivates."""

    permission_classes = [HasPerm.of(services.MANAGE_VENUES)]
    InputSerializer = VenueWriteSerializer

    @extend_schema(
        operation_id="venues_update",
        request=VenueWriteSerializer,
        responses={
            200: StaffVenueDetailSerializer,
            409: OpenApiResponse(ErrorSerializer, description=DUPLICATE_VENUE),
        },
    )
    def patch(self, request, pk: int):
        venue = get_object_or_404(Venue, pk=pk)
        s = self.InputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        try:
            services.venue_update(actor=request.user, venue=venue, data=dict(s.validated_data))
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        venue = selectors.venue_for_page(pk, include_inactive=True)
        return Response(StaffVenueDetailSerializer(venue, context={"request": request}).data)


# --- compounds ---------------------------------------------------------------------------


class CompoundListApi(PublicReadApi):
    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    class FilterSerializer(NearFilterSerializer):
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        address = serializers.CharField()
        community = serializers.CharField(source="community.label", default=None, allow_null=True)
        lat = serializers.FloatField()
        lng = serializers.FloatField()
        distance_m = serializers.SerializerMethodField()
        distance_text = serializers.SerializerMethodField(help_text=DISTANCE_TEXT_HELP)

        def get_distance_m(self, compound) -> int | None:
            return _round(getattr(compound, "distance_m", None))

        def get_distance_text(self, compound) -> str | None:
            return distance_text(getattr(compound, "distance_m", None))

    @extend_schema(
        operation_id="compounds_list",
        description=describe("Residential compounds with a guide; with `near`, nearest first.", PAGING),
        parameters=[
            *NEAR_PARAMETERS,
            OpenApiParameter("q", OpenApiTypes.STR, description="Search in name and address."),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data

        def build() -> dict:
            qs = selectors.compound_list(q=f.get("q", ""), near=f.get("near"), radius_m=f.get("radius"))
            paginator = PageNumberPagination()
            page = paginator.paginate_queryset(qs, request, view=self)
            return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data).data

        parts = (
            "api-compounds",
            request.build_absolute_uri(request.path),
            sorted((k, str(v)) for k, v in f.items()),
            request.query_params.get("page", ""),
            request.query_params.get("page_size", ""),
        )
        return public(Response(venue_cache.remember(parts, build)))


# A compound guide's parts, declared in the schema (they were free-form objects there).


class CompoundGateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)
    ebikes_allowed = serializers.BooleanField(allow_null=True, help_text="Null when not known (the guide then says nothing).")
    hours = serializers.CharField(help_text="The text form, e.g. “Mo-Fr 07:00-22:00”, “24/7”; blank: not known.")
    hours_text = serializers.CharField(
        source="hours_summary", help_text="The same in words, in the request's language (Accept-Language)."
    )
    open_now = serializers.SerializerMethodField(
        help_text="Whether the gate is open now (Asia/Shanghai), as the guide's page says; null when its hours are not known."
    )
    entry_method = serializers.SerializerMethodField(
        help_text="How riders get in: " + ", ".join(EntryMethod.values) + "; null when not known."
    )
    notes = serializers.CharField()

    def get_entry_method(self, gate) -> str | None:
        return gate.entry_method or None

    def get_open_now(self, gate) -> bool | None:
        status = gate.open_status()  # the guide page's own answer (models.Gate.open_status)
        return None if status is None else status.open


class CompoundParkingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)
    notes = serializers.CharField()


class CompoundBikeSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    location = serializers.CharField()
    notes = serializers.CharField()


class CompoundTipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = serializers.CharField(source="author.masked_name")
    approved_at = serializers.DateTimeField(source="reviewed_at")
    photo_url = serializers.SerializerMethodField(
        help_text="The photo, if any: its address changes when the photo does, so it may be kept long."
    )

    def get_photo_url(self, tip) -> str | None:
        if not tip.photo:
            return None
        return _abs(self.context.get("request"), tip.photo_url())


class CompoundDetailApi(PublicReadApi):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        address = serializers.CharField()
        community = serializers.CharField(source="community.label", default=None, allow_null=True)
        lat = serializers.FloatField()
        lng = serializers.FloatField()
        building_notes = serializers.CharField()
        property_phone = serializers.CharField()
        gates = CompoundGateSerializer(many=True, source="gates.all")
        parking = CompoundParkingSerializer(many=True, source="parking_spots.all")
        warm_bikes = CompoundBikeSerializer(many=True, source="warm_bikes.all")
        tips = CompoundTipSerializer(many=True, source="approved_tips")
        navigation = serializers.SerializerMethodField()

        def get_navigation(self, c) -> dict:
            return navigation.links_for(lat=c.lat, lng=c.lng, name=c.name, address=c.address)

    @extend_schema(
        operation_id="compounds_retrieve",
        description=describe("A compound's guide: gates, rider parking, warm bikes and the riders' approved tips."),
        responses={200: OutputSerializer, 404: OpenApiResponse(ErrorSerializer, description="not_found")},
    )
    def get(self, request, pk: int):
        def build() -> dict:
            try:
                compound = selectors.compound_for_guide(pk)
            except Compound.DoesNotExist:
                raise Http404
            return self.OutputSerializer(compound, context={"request": request}).data

        # The tips' photo links are absolute: the host is part of what was asked.
        return public(Response(venue_cache.remember(("api-compound", pk, request.build_absolute_uri("/")), build)))


class TipThrottle(UserRateThrottle):
    # Moderation catches bad tips; this stops a script from burying the reviewers.
    scope = "venues_tips"
    rate = "20/hour"


class TipOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TipStatus.choices)
    text = serializers.CharField()
    has_photo = serializers.SerializerMethodField()

    def get_has_photo(self, tip) -> bool:
        return bool(tip.photo)


class TipNotPendingSerializer(ErrorSerializer):
    """409 tip_not_pending: the error, with the tip's status now (`retracted`: its author took
    it back already)."""

    status = serializers.ChoiceField(choices=TipStatus.choices)


class TipCreateApi(APIView):
    """A signed-in rider adds a tip (text, optional photo) to a compound; it waits for review (201).
    Sent again, it is one tip (services.tip_submit): a request with the `Idempotency-Key` of an
    earlier one (at most 64 characters), or the same text on the same compound a few minutes
    after a tip still waiting or published, answers 200 with that first tip instead of a second.
    A photo is JPEG, PNG or WebP."""

    permission_classes = [IsRider.of(services.ADD_TIPS)]
    throttle_classes = [TipThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(CheckedSerializer):
        text = serializers.CharField(max_length=TIP_MAX_LENGTH)
        photo = serializers.FileField(required=False, allow_empty_file=False)

    OutputSerializer = TipOutputSerializer

    @extend_schema(
        operation_id="compounds_tips_create",
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="at most 64 characters; a retry with the same key answers 200 with the first tip",
            )
        ],
        responses={
            201: TipOutputSerializer,
            200: OpenApiResponse(
                TipOutputSerializer,
                description="the tip sent again (the same Idempotency-Key, or the same text just before): the first tip",
            ),
        },
    )
    def post(self, request, pk: int):
        compound = get_object_or_404(Compound, pk=pk, active=True)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            submission = services.tip_submit(
                author=request.user,
                compound=compound,
                text=s.validated_data["text"],
                photo=s.validated_data.get("photo"),
                idempotency_key=request.headers.get("Idempotency-Key", ""),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc)
        answer = status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK
        return Response(TipOutputSerializer(submission.tip).data, status=answer)


class TipRetractApi(APIView):
    """The author takes back their own tip while it waits for review: it is never shown nor
    reviewed (status `retracted`), its photo is deleted. Someone else's tip is 404; a tip
    already reviewed (or taken back) answers 409 `tip_not_pending` with its status."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="compounds_tips_withdraw",
        request=None,
        responses={
            200: TipOutputSerializer,
            409: OpenApiResponse(
                TipNotPendingSerializer,
                description="tip_not_pending: the tip was reviewed, or its author took it back already; `status` says which",
            ),
        },
    )
    def post(self, request, pk: int):
        tip = get_object_or_404(Tip, pk=pk, author_id=request.user.pk)
        tip = services.tip_retract(author=request.user, tip=tip)
        return Response(TipOutputSerializer(tip).data)
