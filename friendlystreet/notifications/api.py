"""Inbox API: a signed-in user's own notifications, newest first."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from friendlystreet.api.base import APIView
from friendlystreet.api.pagination import PageNumberPagination
from friendlystreet.api.params import flag_parameter, query_flag

from . import selectors, services
from .models import Notification
from .targets import target_type, target_types


class NotificationTarget(serializers.Serializer):
    id = serializers.CharField(help_text="the thing's id (a voucher: its code), as in its API path")

    def get_fields(self):
        # The types the apps registered (targets.register_notification_target), read when the
        # schema is built rather than when this module is imported.
        return {"type": serializers.ChoiceField(choices=target_types()), **super().get_fields()}


@extend_schema_field(NotificationTarget(allow_null=True))
class NotificationTargetField(serializers.Field):
    """What the notice is about, for an app that opens its own screen instead of the web
    `link`: read from the link (the one place it is written), null when the link is a page
    rather than one thing (the passbook, the profile, the home page)."""

    def __init__(self, **kwargs):
        super().__init__(source="link", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, link: str):
        try:
            match = resolve(urlsplit(link or "").path)
        except Resolver404:
            return None
        kind = target_type(match.view_name)
        if kind is None or not match.kwargs:
            return None
        return {"type": kind, "id": str(next(iter(match.kwargs.values())))}


class NotificationOutput(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()
    target = NotificationTargetField(help_text="what the notice is about, for an app's own screen; null for a page")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "target", "created_at", "read_at", "is_read"]

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationListApi(APIView):
    """GET /api/v1/notifications/ (paginated; ?unread=1 for the unread ones only, whose
    `count` is the number on the bell)."""

    pagination_class = PageNumberPagination  # read by drf-spectacular to describe the page envelope

    @extend_schema(
        operation_id="notifications_list",
        parameters=[
            flag_parameter("unread", "only unread notifications"),
        ],
        responses=NotificationOutput(many=True),
    )
    def get(self, request):
        qs = selectors.inbox(user=request.user, unread_only=query_flag(request, "unread"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(NotificationOutput(page, many=True).data)


class NotificationReadApi(APIView):
    """POST /api/v1/notifications/{id}/read/: mark one of your own read (someone else's: 404)."""

    @extend_schema(operation_id="notifications_read", request=None, responses=NotificationOutput)
    def post(self, request, pk: int):
        notification = selectors.notification_get(user=request.user, notification_id=pk)
        notification = services.notification_mark_read(user=request.user, notification=notification)
        return Response(NotificationOutput(notification).data)


class NotificationReadAllApi(APIView):
    """POST /api/v1/notifications/read-all/: mark all of your own read."""

    @extend_schema(
        operation_id="notifications_read_all",
        request=None,
        responses=inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()}),
    )
    def post(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})
