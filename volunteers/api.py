"""API of the volunteers app: activities (browse, sign up, cancel, the rider's check-in code),
the staff's side of them (create, edit, finish, cancel, check riders in) and the rider's
volunteer record. One small view per action; the services and selectors decide, as they do
for the pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from friendlystreet.accounts.access import HasPerm, IsRider
from friendlystreet.accounts.badges import attach_badges, badge_codes
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer, one_of
from friendlystreet.api.pagination import PageNumberPagination
from friendlystreet.api.params import flag_parameter, query_flag
from friendlystreet.days import date_problem
from friendlystreet.inputs import CheckedSerializer, IdRelatedField, OnlyItsFields
from points.models import Rule
from points.rewards import qr
from venues.models import Venue

from . import errors, selectors, services
from .checkin_words import checkin_words
from .models import Activity, ActivityCategory, Signup
from .selectors import PERM_JOIN, PERM_RUN

# What riders and the public see; drafts and cancelled activities are staff's (404 to others),
# but for the riders signed up when it was cancelled (see visible_to).
PUBLIC_STATES = (Activity.State.PUBLISHED, Activity.State.FINISHED)


def visible_to(user, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities of `queryset` this user may open: all for staff who run them, else the
    public states, and a cancelled activity the user was signed up for (registered or on the
    waitlist): it stays in their `?mine=1` with state "cancelled" and its detail gives the reason,
    as its page and their notice do, instead of vanishing and answering 404."""
    if user.has_perm(PERM_RUN):
        return queryset
    shown = Q(state__in=PUBLIC_STATES)
    if user.is_authenticated:
        signed_up = Signup.objects.filter(activity=OuterRef("pk"), rider=user, status__in=selectors.SIGNED_UP)
        shown |= Q(state=Activity.State.CANCELLED) & Q(Exists(signed_up))
    return queryset.filter(shown)


def activity_visible_to(user, pk: int) -> Activity:
    """One activity with its places (and venue, and the rule it pays by), or 404 when the user
    may not see it."""
    return get_object_or_404(visible_to(user, selectors.with_places(Activity.objects.select_related("venue", "rule"))), pk=pk)


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_FOUND = error("not_found: no such activity, or not one the caller may see")
SIGNUP_REFUSED = error(
    "not_verified, not_published, deadline_passed, team_only, already_signed_up (full_and_no_waitlist is reserved)"
)

# Codes that have a fixed set of values are plain strings in the schema, their values named in
# the description: an enum named "status" or "result" here would rename the vouchers' and the
# merchant verdict's enums that clients already use (drf-spectacular's collision naming).
ONE_OF = "one of: %s"

# --- output -------------------------------------------------------------------------------------


class ActivityCategorySerializer(serializers.Serializer):
    code = serializers.CharField(source="category")
    name = serializers.CharField(source="get_category_display")


class ActivityVenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(
        source="label", help_text="in the caller's language: the English name staff gave it, else its Chinese name"
    )


class ActivityPointsOfferSerializer(serializers.Serializer):
    """What attending the activity pays, as its page says it (参加可得 10 积分)."""

    # The offer of selectors.attendance_offer, the one function the pages use (null when the rule
    # is switched off); it reads the rule joined with the activity (no query per activity).

    points = serializers.IntegerField(help_text="the points attending this activity pays (a cap of the rule may still lower it)")
    per_hour = serializers.IntegerField(
        allow_null=True, help_text="for a rule paid by the hour, its points an hour (points is then for this activity's hours)"
    )
    text = serializers.CharField(help_text="the sentence the pages show, in the caller's language")

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, activity: Activity):
        offer = selectors.attendance_offer(activity)
        return None if offer is None else super().to_representation(offer)


# An activity's title as the caller reads it: Activity.label(), as a reward's `title`.
TITLE_HELP = "in the caller's language: the English title staff gave it, else its Chinese title"


class ActivityOutputSerializer(serializers.Serializer):
    """An activity as the list shows it (annotated by selectors.with_places)."""

    id = serializers.IntegerField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    description = serializers.CharField()
    category = ActivityCategorySerializer(source="*")
    venue = ActivityVenueSerializer(allow_null=True)
    place = serializers.CharField()
    where = serializers.CharField(help_text="the venue's name (in the caller's language), else the place")
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    signup_deadline = serializers.DateTimeField()
    capacity = serializers.IntegerField()
    places_left = serializers.SerializerMethodField()
    waitlist_length = serializers.IntegerField()
    rule = serializers.IntegerField(source="rule_id", help_text="the earning rule attendance pays by")
    points_offer = ActivityPointsOfferSerializer(
        help_text="what attending pays, as the pages say it; null: nothing (the rule is off)"
    )
    team_only = serializers.BooleanField()
    state = serializers.ChoiceField(choices=Activity.State.choices)
    recorded_after_start = serializers.BooleanField(
        help_text="entered by staff after it started: riders could not sign up; its attendance is recorded"
        f" until {services.RECORDING_WINDOW.days} days after the start, and its start and end may be corrected"
        " after the end until a rider has checked in"
    )

    def get_places_left(self, activity: Activity) -> int:
        return selectors.places_left(activity)


class WaitlistPositionField(serializers.IntegerField):
    """1-based place on the waitlist; null when registered (one query, only when waitlisted)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, signup: Signup) -> int | None:
        return selectors.waitlist_position(signup)


class MySignupSerializer(serializers.Serializer):
    """The caller's sign-up of an activity."""

    status = serializers.CharField(help_text=ONE_OF % ", ".join(Signup.Status.values))
    position = WaitlistPositionField(help_text="on the waitlist: 1-based place; else null")


class ActivityDetailOutputSerializer(ActivityOutputSerializer):
    # `my_signup` and `cancel_reason` are set on the activity by the view (null: not signed up,
    # or anonymous; "": not cancelled, or no reason given).
    my_signup = MySignupSerializer(allow_null=True)
    cancel_reason = serializers.CharField(help_text="a cancelled activity: the reason staff gave (may be empty); else empty")


class StaffActivityDetailOutputSerializer(ActivityDetailOutputSerializer):
    """An activity as staff who run activities read it: its titles as they write them."""

    # As staff write them (ActivityInputSerializer), whatever the caller reads: a `title` read in
    # English and sent back would overwrite the Chinese one (as StaffRewardOutputSerializer).
    title = serializers.CharField(help_text="the Chinese title, as staff write it")
    title_en = serializers.CharField(help_text="the English title; empty: English readers see the Chinese one")


# GET's answer depends on the caller (detail_response): the schema names both shapes. Not a oneOf:
# the staff shape is the other plus `title_en`, so a staff answer would match both.
DETAIL_FOR_CALLER = OpenApiResponse(
    ActivityDetailOutputSerializer,
    description="The activity. Staff who run activities (permission volunteers.run_activities) get "
    "StaffActivityDetailOutput instead, as PATCH answers: `title` is always the Chinese title, as staff write it, "
    "whatever the request's language, and `title_en` the English one (empty: English readers see the Chinese one).",
)


def detail_response(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The activity as its detail shows it (after a change: read again, with its places); to
    staff who run activities, its titles as they write them."""
    activity = activity_visible_to(request.user, pk)
    activity.my_signup = selectors.signup_of(request.user, activity)
    activity.cancel_reason = selectors.cancel_reason(activity)
    serializer = StaffActivityDetailOutputSerializer if request.user.has_perm(PERM_RUN) else ActivityDetailOutputSerializer
    return Response(serializer(activity).data, status=status_code)


class ActivityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


# --- input --------------------------------------------------------------------------------------


def within_years(value: datetime) -> None:
    """Dates a street office plans with (days.date_problem), refused by the field that has one."""
    if problem := date_problem(value):
        raise serializers.ValidationError(problem)


class ActivityInputSerializer(OnlyItsFields, CheckedSerializer):
    """What staff send to create an activity, or any part of it to edit one (PATCH). Any other
    field (the answer's `cancel_reason`, `places_left`...) is refused: 400 `invalid` with
    `fields` naming it, and nothing is saved."""

    # Refused, not dropped: a `cancel_reason` or `hours` sent in a PATCH answered 200 with the
    # activity unchanged, and the client took the change as saved.
    unknown_field_message = gettext_lazy(
        "Staff may set only these details of an activity: %(fields)s (finishing and cancelling it have their own calls)."
    )

    title = serializers.CharField(max_length=100, help_text="in Chinese")
    title_en = serializers.CharField(
        max_length=Activity._meta.get_field("title_en").max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text="optional: what readers in English see instead of `title`",
    )
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=ActivityCategory.choices)
    venue = IdRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True, default=None)
    lng = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, default=None)
    starts_at = serializers.DateTimeField(validators=[within_years])
    ends_at = serializers.DateTimeField(validators=[within_years])
    # The range is services.activity_check's (the form's too): a 400 naming capacity outside it.
    capacity = serializers.IntegerField(help_text=f"places, 1 to {services.CAPACITY_MAX}")
    # Left out of an activity that has already started (entered to record who came): its start.
    signup_deadline = serializers.DateTimeField(
        validators=[within_years],
        required=False,
        default=None,
        help_text="no later than the start; may be left out for an activity that has already started",
    )
    rule = IdRelatedField(
        queryset=Rule.objects.none(),  # selectors.activity_rules, set in __init__
        help_text="an active earning rule that is not another app's payout (an accepted report, an approved tip)",
    )
    team_only = serializers.BooleanField(required=False, default=False)
    state = serializers.ChoiceField(
        choices=Activity.State.choices,
        required=False,
        default=Activity.State.DRAFT,
        help_text="draft or published (else 409 wrong_state): finish and cancel have their own endpoints",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As the staff form: active rules and venues, and the activity's own even if switched off
        # or taken off the map since.
        current = self.instance.rule_id if self.instance is not None else None
        self.fields["rule"].queryset = selectors.activity_rules(current=current)
        venue = self.instance.venue_id if self.instance is not None else None
        self.fields["venue"].queryset = Venue.objects.filter(Q(active=True) | Q(pk=venue))


# --- activities ---------------------------------------------------------------------------------


class ActivityListCreateApi(APIView):
    """GET: upcoming published activities, soonest first (public). `?state=` lists every
    activity in that state, latest first (riders and the public: published or finished; staff:
    any); `?mine=1` the caller's own (registered or on the waitlist). POST: staff create one."""

    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    def get_permissions(self):
        if self.request.method == "POST":
            return [HasPerm.of(PERM_RUN)()]
        return [AllowAny()]

    @extend_schema(
        operation_id="activities_list",
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=Activity.State.values),
            flag_parameter("mine", "only the caller's sign-ups (signed in)"),
        ],
        responses={
            200: ActivityOutputSerializer(many=True),
            400: error("invalid: a state the caller may not list"),
            401: error("not_authenticated: ?mine=1 needs a signed-in caller"),
        },
    )
    def get(self, request):
        user = request.user
        state = request.query_params.get("state", "")
        mine = query_flag(request, "mine")
        allowed = Activity.State.values if user.has_perm(PERM_RUN) else list(PUBLIC_STATES)
        if state and state not in allowed:
            raise serializers.ValidationError({"state": [one_of(allowed)]})
        if mine:
            if not user.is_authenticated:
                raise exceptions.NotAuthenticated()
            queryset = visible_to(user, selectors.activities_of(user))
            if state:
                queryset = queryset.filter(state=state)
        elif state:
            queryset = selectors.staff_activities(state=state)
        else:
            queryset = selectors.upcoming_activities()
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ActivityOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="activities_create",
        request=ActivityInputSerializer,
        responses={
            201: StaffActivityDetailOutputSerializer,
            400: error(
                f"invalid (e.g. capacity outside 1 to {services.CAPACITY_MAX}, a start more than"
                f" {services.RECORDING_WINDOW.days} days ago)"
            ),
            409: error("wrong_state: a new activity is a draft or published"),
        },
    )
    def post(self, request):
        s = ActivityInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        activity = services.activity_create(actor=request.user, **s.validated_data)
        return detail_response(request, activity.pk, status.HTTP_201_CREATED)


class ActivityDetailApi(APIView):
    """GET: one activity with its places, waitlist and the caller's sign-up (drafts are 404
    but to staff, cancelled ones but to staff and the riders signed up, who read `cancel_reason`).
    PATCH: staff edit a draft or published activity."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [HasPerm.of(PERM_RUN)()]
        return [AllowAny()]

    @extend_schema(operation_id="activities_retrieve", responses={200: DETAIL_FOR_CALLER, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return detail_response(request, pk)

    @extend_schema(
        operation_id="activities_partial_update",
        request=ActivityInputSerializer,
        responses={
            200: StaffActivityDetailOutputSerializer,
            400: error("invalid (e.g. fewer places than riders already signed up, a start moved into the past)"),
            404: NOT_FOUND,
            409: error("wrong_state: finished or cancelled, or back to draft"),
        },
    )
    def patch(self, request, pk: int):
        activity = get_object_or_404(Activity, pk=pk)
        s = ActivityInputSerializer(activity, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        # partial=True still fills defaults of absent fields: keep only what was sent.
        data = {k: v for k, v in s.validated_data.items() if k in request.data}
        activity = services.activity_update(actor=request.user, activity=activity, **data)
        return detail_response(request, activity.pk)


class ActivityFinishApi(APIView):
    """Close the roster of a published activity that has started (before its start: 409
    not_started; an activity that will not happen is cancelled instead). Finished before its
    planned end, it ends then: the answer's `ends_at` is the moment it was finished, and volunteer
    records count the hours it ran; points paid at check-in stay as paid."""

    permission_classes = [HasPerm.of(PERM_RUN)]

    @extend_schema(
        operation_id="activities_finish",
        request=None,
        responses={
            200: StaffActivityDetailOutputSerializer,
            404: NOT_FOUND,
            409: error("wrong_state (not published), not_started (before its start: cancel it instead)"),
        },
    )
    def post(self, request, pk: int):
        activity = services.activity_finish(actor=request.user, activity=get_object_or_404(Activity, pk=pk))
        return detail_response(request, activity.pk)


class ActivityCancelApi(APIView):
    """Cancel a draft or published activity; everyone signed up is told, with the reason. Once
    a rider has checked in it took place: 409 has_checkins (finish it instead); once a published
    activity has ended, 409 wrong_state (finish it instead: riders not marked attended earn nothing)."""

    permission_classes = [HasPerm.of(PERM_RUN)]

    class InputSerializer(OnlyItsFields, CheckedSerializer):
        # The answer calls it `cancel_reason`: sent under that name it was dropped, and the riders
        # were told of the cancellation without the reason staff believed they gave.
        unknown_field_message = gettext_lazy("Cancelling an activity takes only these fields: %(fields)s.")

        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="activities_cancel",
        request=InputSerializer,
        responses={
            200: StaffActivityDetailOutputSerializer,
            400: error("invalid"),
            404: NOT_FOUND,
            409: error(
                "wrong_state (also a published activity that has ended: finish it instead),"
                " has_checkins (riders have checked in: finish it instead)"
            ),
        },
    )
    def post(self, request, pk: int):
        activity = get_object_or_404(Activity, pk=pk)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        activity = services.activity_cancel(actor=request.user, activity=activity, reason=s.validated_data["reason"])
        return detail_response(request, activity.pk)


# --- the rider's sign-up ------------------------------------------------------------------------


class ActivitySignupApi(APIView):
    """Sign up: 201 `registered` with a place, or `waitlisted` with the `position` on the
    waitlist; `overlaps` lists the caller's other activities at that time (a warning). Refusals
    are 409 with `code` not_verified, not_published, deadline_passed, team_only or
    already_signed_up (full_and_no_waitlist is kept for clients: every activity has a waitlist)."""

    permission_classes = [IsRider.of(PERM_JOIN)]

    class OutputSerializer(serializers.Serializer):
        status = serializers.CharField(source="signup.status", help_text="registered or waitlisted")
        position = serializers.IntegerField(allow_null=True, help_text="waitlisted: 1-based place; registered: null")
        overlaps = ActivityRefSerializer(many=True, help_text="the caller's other activities at that time")

    @extend_schema(
        operation_id="activities_signup",
        request=None,
        responses={201: OutputSerializer, 404: NOT_FOUND, 409: SIGNUP_REFUSED},
    )
    def post(self, request, pk: int):
        activity = get_object_or_404(visible_to(request.user, Activity.objects.all()), pk=pk)
        result = services.signup_create(rider=request.user, activity=activity)
        return Response(self.OutputSerializer(result).data, status=status.HTTP_201_CREATED)


class ActivityCancelSignupApi(APIView):
    """Give the place (or the waitlist's) back, until the activity starts (past the sign-up
    deadline too); the first on the waitlist moves up and is told. 409 not_signed_up,
    deadline_passed (the activity has started) or not_published."""

    permission_classes = [IsRider.of(PERM_JOIN)]

    @extend_schema(
        operation_id="activities_cancel_signup",
        request=None,
        responses={200: MySignupSerializer, 404: NOT_FOUND, 409: error("not_signed_up, deadline_passed, not_published")},
    )
    def post(self, request, pk: int):
        activity = get_object_or_404(visible_to(request.user, Activity.objects.all()), pk=pk)
        signup = services.signup_cancel(rider=request.user, activity=activity)
        return Response(MySignupSerializer(signup).data)


class QrSvgUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The QR code as an SVG file (`GET /api/v1/activities/{id}/my-checkin/qr.svg`). Like every call here it "
            "needs the `X-Session-Token` header, so an image tag cannot load it by itself: download it with the token, "
            "or draw the QR code of `token` in the app.",
        )
        super().__init__(source="activity_id", **kwargs)

    def to_representation(self, activity_id: int) -> str:
        return self.context["request"].build_absolute_uri(reverse("volunteers_api:activity_my_checkin_qr", args=[activity_id]))


class TokenField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, signup: Signup) -> str:
        return services.checkin_token(signup)


NOT_REGISTERED_MESSAGE = gettext_lazy("You are on the waitlist: your check-in code comes with a place.")


class MyCheckinApi(APIView):
    """The caller's personal check-in code for this activity (what the QR holds), and the QR
    as an SVG image. A rider's: others are told so (403 rider_only), as on every rider's
    endpoint. 404 without a sign-up; 409 not_signed_up while on the waitlist."""

    permission_classes = [IsRider.of(PERM_JOIN)]

    class OutputSerializer(serializers.Serializer):
        token = TokenField(help_text="the signed check-in code staff scan")
        qr_svg_url = QrSvgUrlField()

    @extend_schema(
        operation_id="activities_my_checkin",
        responses={200: OutputSerializer, 404: NOT_FOUND, 409: error("not_signed_up: on the waitlist")},
    )
    def get(self, request, pk: int):
        signup = registered_signup(request, pk)
        return Response(self.OutputSerializer(signup, context={"request": request}).data)


def registered_signup(request, pk: int) -> Signup:
    """The caller's place in the activity: 404 without a sign-up, 409 not_signed_up on the waitlist."""
    activity = get_object_or_404(visible_to(request.user, Activity.objects.all()), pk=pk)
    signup = selectors.signup_of(request.user, activity)
    if signup is None:
        raise exceptions.NotFound(_("You have not signed up for this activity."))
    if signup.status != Signup.Status.REGISTERED:
        raise errors.NotSignedUp(NOT_REGISTERED_MESSAGE)
    return signup


class MyCheckinQrApi(APIView):
    """The caller's check-in QR code as an SVG file (what `my-checkin` gives as `qr_svg_url`):
    403 rider_only for others than riders, 404 without a sign-up, 409 not_signed_up while on the
    waitlist."""

    permission_classes = [IsRider.of(PERM_JOIN)]

    @extend_schema(
        operation_id="activities_my_checkin_qr",
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            409: error("not_signed_up: on the waitlist"),
        },
    )
    def get(self, request, pk: int):
        signup = registered_signup(request, pk)
        response = HttpResponse(qr.svg_document(services.checkin_token(signup)), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-store"
        return response


# --- staff: check-in ----------------------------------------------------------------------------


class BadgeCodesField(serializers.ListField):
    """The codes of the badges attach_badges() put on the user (party_member only with the
    rider's consent and staff's confirmation)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), source="*", **kwargs)

    def to_representation(self, user) -> list[str]:
        return badge_codes(user)


class CheckinRiderSerializer(serializers.Serializer):
    masked_name = serializers.CharField()
    masked_phone = serializers.CharField()
    badges = BadgeCodesField(help_text="party_member, grid_member, team_member")


class ActivityCheckinApi(APIView):
    """Staff scan a rider's check-in code (`token`) or type their phone number (`phone`). Every
    result is a 200: ok (attendance recorded, the activity's rule paid once), already_checked_in,
    not_signed_up (a rider of the site without a place, or on the waitlist), signup_cancelled
    (the rider cancelled their sign-up), unknown_code (no check-in code or mobile number of this
    site), unknown_phone (no rider has this number), wrong_activity (a code of another activity)
    or cancelled (the activity); `head` and `message` say it in words, as the staff's check-in
    page does; `rider` is masked and null when no sign-up was found. 409
    roster_closed once the activity is finished, checkin_not_open before an hour ahead of its
    start, checkin_closed from two hours after its end, team_only when the activity is for the
    帮帮龘 team and the rider is no longer in it (not paid, as a walk-in outside the team)."""

    permission_classes = [HasPerm.of(PERM_RUN)]

    class InputSerializer(CheckedSerializer):
        token = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")

        def validate(self, data: dict) -> dict:
            data = {"token": data["token"].strip(), "phone": data["phone"].strip()}
            if not data["token"] and not data["phone"]:
                raise serializers.ValidationError(_("Scan the rider's code or type their phone number."))
            return data

    class OutputSerializer(serializers.Serializer):
        result = serializers.CharField(help_text=ONE_OF % ", ".join(services.CheckinResult.ALL))
        # The words of the staff's check-in page (volunteers.checkin_words), so an app shows what
        # the page would: the points paid, a place on the waitlist, when a rider cancelled.
        head = serializers.CharField(help_text="the verdict's heading, in the caller's language (已签到)")
        message = serializers.CharField(help_text="what the result means for staff at the door, in the caller's language")
        rider = CheckinRiderSerializer(allow_null=True)

    @extend_schema(
        operation_id="activities_checkin",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: error("invalid"),
            404: NOT_FOUND,
            409: error(
                "roster_closed (finished), not_published (a draft), checkin_not_open (too early),"
                " checkin_closed (two hours after the end), team_only (the rider is no longer in the team)"
            ),
        },
    )
    def post(self, request, pk: int):
        activity = get_object_or_404(Activity, pk=pk)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        found = services.checkin(actor=request.user, activity=activity, **s.validated_data)
        attach_badges([found.rider])
        head, message = checkin_words(found)
        answer = {"result": found.result, "head": head, "message": message, "rider": found.rider}
        return Response(self.OutputSerializer(answer).data)


# --- the volunteer record -----------------------------------------------------------------------


class VerifyUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="code", **kwargs)

    def to_representation(self, code: str) -> str:
        return self.context["request"].build_absolute_uri(reverse("volunteers:verify", args=[code]))


# selectors.volunteer_record's `pending`: read in the record's one query, split from the attended
# by the record's own rule (counted_attendance), so the page and the API cannot disagree.
class PendingCheckInSerializer(serializers.Serializer):
    """A check-in at an activity not yet ended: the record counts it once the activity has ended;
    until then the rider's record page says so, in the sentence `text`."""

    id = serializers.IntegerField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text="once it has passed (or staff finished the activity), it counts on the record")
    text = serializers.SerializerMethodField(help_text="the record page's sentence, in the caller's language")

    def get_text(self, activity: Activity) -> str:
        # The msgid of templates/volunteers/record.html's line: one catalogue entry for both.
        return _("You have checked in at “%(title)s”; it counts on your record once the activity has ended.") % {
            "title": activity.label()
        }


class MyVolunteerRecordApi(APIView):
    """The caller's volunteer record, computed on each call: activities attended (once ended) with their
    hours, total hours, points earned by attending, and the code (and address) of the public
    page that verifies it; beside it, the caller's check-ins at activities not yet ended, which
    the record counts once they have (`pending_check_ins`: an app says so, as the record page does)."""

    permission_classes = [IsRider.of(PERM_JOIN)]

    class OutputSerializer(serializers.Serializer):
        class AttendedActivity(serializers.Serializer):
            id = serializers.IntegerField()
            title = serializers.CharField(source="label", help_text=TITLE_HELP)
            starts_at = serializers.DateTimeField()
            ends_at = serializers.DateTimeField()
            hours = serializers.DecimalField(max_digits=12, decimal_places=1)

        activities = AttendedActivity(source="attended", many=True)
        hours = serializers.DecimalField(max_digits=14, decimal_places=1)
        points = serializers.IntegerField()
        code = serializers.CharField()
        verify_url = VerifyUrlField()
        pending_check_ins = PendingCheckInSerializer(
            source="pending",
            many=True,
            help_text="checked in at activities not yet ended, by their start: not in `activities`, `hours` or `points` "
            "until each has ended; empty when there is none",
        )

    @extend_schema(operation_id="me_volunteer_record", responses=OutputSerializer)
    def get(self, request):
        record = selectors.volunteer_record(request.user)
        return Response(self.OutputSerializer(record, context={"request": request}).data)
