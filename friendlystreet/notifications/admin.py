from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ChannelPreference, Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "status", "attempts", "last_error", "sent_at")
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__phone")
    raw_id_fields = ("recipient",)
    readonly_fields = ("recipient", "kind", "title", "body", "link", "context", "created_at", "read_at")
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The same rows as the staff page of failed deliveries, with a bulk retry."""

    list_display = ("updated_at", "channel", "status", "attempts", "last_error", "notification")
    list_filter = ("status", "channel")
    readonly_fields = (
        "notification",
        "channel",
        "address",
        "text",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "sent_at",
    )
    actions = ["retry_failed"]

    def has_add_permission(self, request) -> bool:
        return False  # deliveries are made by notify(), never by hand

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry_failed(self, request, queryset):
        n = 0
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            services.delivery_retry(actor=request.user, delivery=delivery)
            n += 1
        self.message_user(request, _("Deliveries queued again: %(n)d") % {"n": n}, messages.SUCCESS)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel", "enabled")
    list_filter = ("kind", "channel", "enabled")
    raw_id_fields = ("user",)
