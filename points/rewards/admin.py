"""Django admin: read-only views of rewards and vouchers. Changes go through the staff
pages and the services (stock, the ledger and the audit trail stay consistent)."""

from __future__ import annotations

from django.contrib import admin

from friendlystreet.accounts.admin_policy import person_column

from ..admin import ReadOnlyAdmin
from ..models import Reward, Voucher


@admin.register(Reward)
class RewardAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "title_en",
        "venue",
        "cost",
        "stock",
        "per_rider_monthly_limit",
        "valid_days",
        "active",
        "published_at",
    ]
    list_filter = ["active", "venue__kind"]
    list_select_related = ["venue"]
    search_fields = ["title", "venue__name"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "venue", person_column(Voucher, "rider"), "status", "issued_at", "expires_at", "redeemed_at"]
    list_filter = ["status"]
    list_select_related = ["venue", "rider"]
    search_fields = ["code", "rider__phone"]
    date_hierarchy = "issued_at"
    raw_id_fields = ["reward", "venue", "rider", "redeemed_by"]
