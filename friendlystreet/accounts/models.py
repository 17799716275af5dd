from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .phones import mask_name, mask_phone


class WorkType(models.TextChoices):
    DELIVERY = "delivery", _("Food delivery")
    COURIER = "courier", _("Courier")
    RIDE_HAILING = "ride_hailing", _("Ride-hailing")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def evidence_path(instance: User, filename: str) -> str:
    # clean_image() names the file with a random token; the rider's id is not in the path.
    return f"evidence/{filename}"


class User(AbstractUser):
    """Everyone who signs in: riders, partner operators and street-office staff.

    What a user may do comes from their groups (see roles.py). The rider's
    profile fields live here because sign-up collects them; the volunteers app
    adds the programme-specific profile later.
    """

    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    # A person's name (姓名), not a thing's (名称, the msgid "name" of venues and rules).
    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    work_type = models.CharField(_("work type"), max_length=20, choices=WorkType.choices, blank=True)
    platform = models.CharField(_("platform"), max_length=50, blank=True)
    # The rider's number on their platform (骑手工号), which staff check against the evidence.
    work_id = models.CharField(_("work ID"), max_length=50, blank=True)
    # A screenshot of the platform app's profile, cleaned like claim photos (re-encoded,
    # no EXIF) and served only to the rider and to staff who verify riders.
    verification_evidence = models.FileField(_("verification evidence"), upload_to=evidence_path, max_length=200, blank=True)
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verification_note = models.CharField(_("verification note"), max_length=200, blank=True)
    privacy_consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy consent given at"), null=True, blank=True)
    # The account's language, chosen with the language switch at the foot of every page while
    # signed in (accounts/language.py): the pages' language wherever the user signs in, and
    # the language their notifications, SMS and e-mail are written in. Blank until they choose:
    # the pages follow the browser, and what we send is in the site's language (Chinese).
    language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True, default="")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("access_staff_area", _("Can open the staff area")),
            ("verify_rider", _("Can verify riders")),
            ("access_redemption_page", _("Can use the redemption page")),
            ("manage_site", _("Can manage venues, rules and the catalogue")),
            ("view_personal_data", _("Can see riders' full names and phone numbers")),
            ("manage_users", _("Can give and take roles and deactivate accounts")),
            # The notices meant for riders that no feature app's rider permission covers (the
            # welcome, a compound tip's moderation): a notification kind's `perm`.
            ("receive_rider_notices", _("Receives the notices meant for riders")),
        ]
        # The verification queue and its count on every staff page (oldest first): the few
        # riders waiting, not every user.
        indexes = [
            models.Index(fields=["date_joined", "id"], condition=Q(verification="unverified"), name="user_waiting_verification")
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.display_name) or mask_phone(self.phone)

    def public_name(self) -> str:
        return self.display_name or self.masked_phone or self.username


def user_display(user) -> str:
    """The user as allauth's messages name them: their name, else their masked phone."""
    return user.public_name()
