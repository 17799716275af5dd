from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.admin_policy import AuditedAdmin, ReadOnlyAdmin, masked_person, person_column
from friendlystreet.accounts.phones import mask_phone

from . import services
from .models import ChannelPreference, Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "status", "attempts", "last_error", "sent_at")
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("created_at", person_column(Notification, "recipient"), "kind", "title", "read_at")
    list_select_related = ("recipient",)  # the masked column reads the recipient: not one query per row
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__phone")
    fields = ("shown_recipient", "kind", "title", "body", "link", "context", "created_at", "read_at")
    readonly_fields = fields
    inlines = [DeliveryInline]

    @admin.display(description=_("recipient"))
    def shown_recipient(self, notification: Notification) -> str:
        return masked_person(notification.recipient)

    def has_add_permission(self, request) -> bool:
        return False  # notifications are written by notify(), never by hand


@admin.register(Delivery)
class DeliveryAdmin(AuditedAdmin, admin.ModelAdmin):
    """The same rows as the staff page of failed deliveries, with a bulk retry."""

    list_display = ("updated_at", "channel", "status", "attempts", "last_error", "notification")
    list_filter = ("status", "channel")
    readonly_fields = (
        "notification",
        "channel",
        "shown_address",
        "text",
        "language",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "sent_at",
    )
    exclude = ("address",)
    actions = ["retry_failed"]

    @admin.display(description=_("address"))
    def shown_address(self, delivery: Delivery) -> str:
        return mask_phone(delivery.address) if delivery.channel == "sms" else delivery.address

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
class ChannelPreferenceAdmin(ReadOnlyAdmin):
    """Each user's own choices (their notification settings page), to look at."""

    list_display = (person_column(ChannelPreference, "user"), "kind", "channel", "enabled")
    list_select_related = ("user",)
    list_filter = ("kind", "channel", "enabled")
    fields = ("kind", "channel", "enabled")
