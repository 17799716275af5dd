"""Django admin for the venues app: a fallback for the superuser (only superusers enter the
admin: friendlystreet/accounts/admin_policy.py), each change mirrored on the audit trail. Street
admins use the staff pages (/staff/venues/), which go through the services (validation, audit).
Who operates a venue is set on /staff/users/ (audited, and the picker here listed every user by
name); tips are moderated on the staff pages (approving pays their author)."""

from django.contrib import admin

from friendlystreet.accounts.admin_policy import AuditedAdmin, ReadOnlyAdmin

from .models import Amenity, Community, Compound, Gate, OpeningHours, ParkingSpot, Tip, Venue, VenuePhoto, WarmBike


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class VenuePhotoInline(admin.TabularInline):
    # Photos come through the staff pages (services.venue_photo_add: cleaned, thumbnail made).
    # Here they can be captioned, ordered or deleted, never replaced: a file changed under a
    # photo's address would stay in phones' caches for a day, and skip the cleaning.
    model = VenuePhoto
    extra = 0
    readonly_fields = ("image", "thumbnail", "thumb_width", "thumb_height")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the image is read-only here: an added row would have none


@admin.register(Venue)
class VenueAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "community", "active")
    list_filter = ("kind", "active", "community")
    search_fields = ("name", "address")
    filter_horizontal = ("amenities",)
    exclude = ("operators",)
    inlines = [OpeningHoursInline, VenuePhotoInline]


@admin.register(Amenity)
class AmenityAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position", "active")


@admin.register(Community)
class CommunityAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "position")


class GateInline(admin.StackedInline):
    model = Gate
    extra = 0


class ParkingInline(admin.TabularInline):
    model = ParkingSpot
    extra = 0


class WarmBikeInline(admin.TabularInline):
    model = WarmBike
    extra = 0


@admin.register(Compound)
class CompoundAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "community", "active")
    search_fields = ("name", "address")
    inlines = [GateInline, ParkingInline, WarmBikeInline]


@admin.register(Tip)
class TipAdmin(ReadOnlyAdmin):
    # To look only: an added tip had no author (a 500), and approving pays the author.
    list_display = ("compound", "status", "created_at")
    list_filter = ("status",)
    fields = ("compound", "text", "photo", "status", "reviewed_at", "reject_reason")
