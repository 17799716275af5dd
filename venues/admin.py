"""Django admin for the venues app: a fallback for the superuser (only superusers enter the
admin: friendlystreet/accounts/admin_policy.py), each change mirrored on the audit trail. Street
admins use the staff pages (/staff/venues/), which go through the services (validation, audit).
Who operates a venue is set on /staff/users/ (audited, and the picker here listed every user by
name); tips are moderated on the staff pages (approving pays their author).

What the services check is not changed here (ServiceGoverned): a venue's name and address (no
venue entered twice), plaque number (each plaque its own), services (a list of short texts) and
opening hours (no two ranges overlap); an amenity's code (the app and filters name it by it).
Venues, amenities and compound guides are retired by their "active" box, never deleted; a
community only when nothing names it (community_delete's own test); a venue photo on the staff
page, which deletes its files with it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.admin_policy import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline, ServiceGoverned

from . import selectors
from .models import Amenity, Community, Compound, Gate, OpeningHours, ParkingSpot, Tip, Venue, VenuePhoto, WarmBike

VENUE_PAGE_CHECKS_TWINS = _("Changed on the staff page “Venues” (/staff/venues/), which refuses a venue entered twice.")


class OpeningHoursInline(ReadOnlyInline):
    # The week is checked as a whole on the staff page (hours.validate_ranges: no two ranges
    # overlap), which a row saved here alone would skip.
    model = OpeningHours
    fields = ("day", "start", "end")
    readonly_fields = fields


class VenuePhotoInline(ServiceGoverned, admin.TabularInline):
    # Photos come through the staff pages (services.venue_photo_add: cleaned, thumbnail made).
    # Here they can be captioned or ordered, never replaced: a file changed under a photo's
    # address would stay in phones' caches for a day, and skip the cleaning. Nor deleted: the
    # staff page's venue_photo_delete deletes the files with the row and audits it.
    model = VenuePhoto
    extra = 0
    readonly_fields = ("image", "thumbnail", "thumb_width", "thumb_height")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the image is read-only here: an added row would have none


@admin.register(Venue)
class VenueAdmin(ServiceGoverned, AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "community", "active")
    list_filter = ("kind", "active", "community")
    search_fields = ("name", "address")
    filter_horizontal = ("amenities",)
    exclude = ("operators",)
    inlines = [OpeningHoursInline, VenuePhotoInline]
    governed = {
        "name": VENUE_PAGE_CHECKS_TWINS,
        "address": VENUE_PAGE_CHECKS_TWINS,
        "plaque_number": _("Changed on the staff page “Venues” (/staff/venues/), which refuses a number another plaque has."),
        "services": _("Changed on the staff page “Venues” (/staff/venues/), which keeps it a list of short texts."),
    }


@admin.register(Amenity)
class AmenityAdmin(ServiceGoverned, AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position", "active")
    governed = {
        "code": _(
            "Set once, when the amenity is added on /staff/venues/amenities/: the app and the filters know it by this code."
        ),
    }


@admin.register(Community)
class CommunityAdmin(ServiceGoverned, AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "position")
    # As on /staff/venues/communities/ (community_delete): one that a venue, a guide, a report or
    # a rider's home names is renamed, not deleted (a rider's home would be emptied silently).
    deletable = staticmethod(lambda community: not selectors.community_uses(community))


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
class CompoundAdmin(ServiceGoverned, AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "community", "active")
    search_fields = ("name", "address")
    inlines = [GateInline, ParkingInline, WarmBikeInline]


@admin.register(Tip)
class TipAdmin(ReadOnlyAdmin):
    # To look only: an added tip had no author (a 500), and approving pays the author.
    list_display = ("compound", "status", "created_at")
    list_filter = ("status",)
    fields = ("compound", "text", "photo", "status", "reviewed_at", "reject_reason")
