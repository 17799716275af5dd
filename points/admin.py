"""Django admin: a read-only view for the superuser (only superusers enter the admin:
friendlystreet/accounts/admin_policy.py). Decisions and balances change only through the
services (the staff pages), so that caps, the ledger and the audit trail are never bypassed;
the admin cannot edit claims, accounts or the ledger. Riders are named masked."""

from __future__ import annotations

from django.contrib import admin

from friendlystreet.accounts.admin_policy import ReadOnlyAdmin, person_column

from .models import Account, Category, Claim, ClaimPhoto, LedgerEntry, Rule


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "name_en", "code", "order", "active"]


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "name_en", "category", "points", "unit", "rider_claimable", "max_per_day", "max_per_month", "active"]
    list_filter = ["category", "active", "rider_claimable"]


class ClaimPhotoInline(admin.TabularInline):
    model = ClaimPhoto
    fields = ["id", "content_type", "size", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["id", person_column(Claim, "rider"), "rule", "quantity", "occurred_at", "status", "points", "created_at"]
    list_filter = ["status", "source", "rule__category"]
    list_select_related = ["rider", "rule"]
    search_fields = ["rider__phone", "rider__display_name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["rider", "rule", "decided_by"]
    inlines = [ClaimPhotoInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = [person_column(Account, "rider"), "balance", "updated_at"]
    list_select_related = ["rider"]
    search_fields = ["rider__phone", "rider__display_name"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = [
        *("id", person_column(LedgerEntry, "account.rider")),
        *("kind", "amount", "balance_after", "description", "created_at"),
    ]
    list_filter = ["kind"]
    list_select_related = ["account__rider"]
    raw_id_fields = ["account", "claim", "actor"]


# Rewards and vouchers (points/rewards/admin.py).
from .rewards import admin as _rewards_admin  # noqa: E402,F401
