"""GET /api/v1/staff/figures/?start=YYYY-MM-DD&end=YYYY-MM-DD&community=<id>: the dashboard's
figures as JSON (for the charts and other tools). Reviewers and street admins only; dates are
inclusive, in Asia/Shanghai; an end after today is cut to today (`end` says so), a start after
today or another bad date or range is a 400 with the field's message. `previous_start` and
`previous_end` are the period compared with (periods.Period.previous(): a whole month against
the month before, the 1st to a day against the same days of the month before, 1 January to a
day against the same dates a year before, any other range against as many days before it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from friendlystreet.accounts.access import IsStaffArea
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer
from friendlystreet.names import row_label

from . import figures, periods, queues
from .registry import FIGURE_KEYS, NOT_ADDITIVE, registry

FLOAT_KEYS = ("volunteer_hours", *NOT_ADDITIVE)
QUEUE_KEYS = (
    "pending_claims",
    "riders_to_verify",
    "reports_new",
    "reports_overdue",
    "tips_pending",
    "proposals_pending",
    "deliveries_failed",
)


# What a figure means where its name alone does not say it (the schema shows it).
HELP = {
    "points_redeemed": "Points spent on vouchers in the period, net of refunds: the points paid for vouchers issued "
    "in the period less the points given back for vouchers cancelled or expired in the period (the sum of the "
    "ledger's redeem and refund entries in the period; negative when more was given back than spent). The points "
    "of the vouchers used are not this figure.",
}


def _figure_field(key: str) -> serializers.Field:
    if key in HELP:
        return serializers.IntegerField(help_text=HELP[key])
    if key in NOT_ADDITIVE:
        return serializers.FloatField(allow_null=True)
    if key in FLOAT_KEYS:
        return serializers.FloatField()
    return serializers.IntegerField()


FiguresSerializer = type("FiguresSerializer", (serializers.Serializer,), {key: _figure_field(key) for key in FIGURE_KEYS})
# A queue this member of staff does not handle is null (e.g. failed deliveries for a reviewer).
QueuesSerializer = type(
    "QueuesSerializer", (serializers.Serializer,), {key: serializers.IntegerField(allow_null=True) for key in QUEUE_KEYS}
)


class ReaderNameField(serializers.CharField):
    """A community's name in the caller's language: the English name staff gave it, else its
    Chinese name (names.row_label)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row: dict) -> str:
        return row_label(row)


class CommunitySerializer(serializers.Serializer):
    # null: the last row, of what belongs to no community (with it the rows add up to the street).
    id = serializers.IntegerField(allow_null=True)
    name = ReaderNameField(help_text="in the caller's language: the English name staff gave it, else its Chinese name")
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)


class CommunityFiguresSerializer(serializers.Serializer):
    community = CommunitySerializer()
    figures = FiguresSerializer()


class FiguresView(APIView):
    """Reviewers and street admins: the programme's figures for a period (dates inclusive,
    Asia/Shanghai; this month by default; a range ending after today is cut at today), the
    previous period's for comparison (a whole month compares with the month before, this
    month so far with the same days of last month, this year with the same dates last year,
    any other range with as many days just before), each community's, and today's queues.
    `community` narrows the figures to one community."""

    permission_classes = [IsStaffArea]

    class InputSerializer(serializers.Serializer):
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)
        community = serializers.IntegerField(required=False, min_value=1)

        def validate_community(self, value: int) -> int:
            # The dashboard's cached list first; only an id it lacks is looked up afresh (a
            # community added a minute ago is answered at once, a wrong id costs one query).
            def known(communities) -> bool:
                return value in {c["id"] for c in communities}

            if not known(figures.communities()) and not (registry.communities and known(registry.communities())):
                raise serializers.ValidationError(_("No such community."))
            return value

        def validate(self, data):
            start, end = data.get("start"), data.get("end")
            try:
                data["period"] = periods.parse(start.isoformat() if start else None, end.isoformat() if end else None)
            except periods.BadPeriod as problem:
                raise serializers.ValidationError({"end": [str(problem)]}) from None
            return data

    class OutputSerializer(serializers.Serializer):
        start = serializers.DateField()
        end = serializers.DateField()
        community = serializers.IntegerField(allow_null=True)
        figures = FiguresSerializer()
        previous = FiguresSerializer()
        previous_start = serializers.DateField()
        previous_end = serializers.DateField()
        by_community = CommunityFiguresSerializer(many=True)
        queues = QueuesSerializer()

    @extend_schema(
        operation_id="staff_figures",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, 400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        period = params.validated_data["period"]
        community_id = params.validated_data.get("community")
        result = figures.bundle(period, community_id, with_charts=False)
        counts = queues.queue_keys(queues.today_for(request.user))
        return Response(
            self.OutputSerializer(
                {
                    "start": period.start,
                    "end": period.end,
                    "community": community_id,
                    "figures": result.figures,
                    "previous": result.before,
                    "previous_start": result.previous.start,
                    "previous_end": result.previous.end,
                    "by_community": result.by_community,
                    "queues": {key: counts.get(key) for key in QUEUE_KEYS},
                }
            ).data
        )
