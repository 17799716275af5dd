"""PATCH /api/v1/me/ (friendlystreet.api.views.MeView): the fields of the rider's profile page
(/profile/edit/, views.rider.ProfileForm), saved by the service that page calls."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from friendlystreet.accounts.models import User, WorkType
from friendlystreet.inputs import IdRelatedField
from venues.models import Community

from . import selectors, services
from .models import RiderProfile
from .selectors import PERM_JOIN


@extend_schema_field({"type": "string", "enum": list(WorkType.values)}, component_name="WorkTypeEnum")
class WorkTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=WorkType.choices, **kwargs)


def profile_fields() -> dict[str, serializers.Field]:
    # As the page's form: a name and a platform are required (blank is refused, spaces trimmed),
    # since the street office verifies them; the home community may be cleared (null).
    return {
        "display_name": serializers.CharField(
            label=pgettext_lazy("person", "Name"),
            max_length=50,
            help_text="The rider's real name: the street office checks it against their platform profile.",
            error_messages={"blank": gettext_lazy("Enter your name."), "required": gettext_lazy("Enter your name.")},
        ),
        "platform": serializers.CharField(
            label=gettext_lazy("Platform"),
            max_length=50,
            help_text="The platform they work for (美团, 饿了么, 顺丰...).",
            error_messages={
                "blank": gettext_lazy("Enter the platform you work for."),
                "required": gettext_lazy("Enter the platform you work for."),
            },
        ),
        "work_type": WorkTypeField(label=gettext_lazy("Work type")),
        "home_community": IdRelatedField(
            label=gettext_lazy("Home community"),
            queryset=Community.objects.all(),
            allow_null=True,
            help_text="A community's id, or null for none.",
        ),
    }


def profile_patch(*, rider: User, data: dict[str, Any]) -> User:
    """The fields sent replace their values; the others keep theirs, and the page's service
    saves the whole profile (with its rule: a verified rider's new name, platform or work type
    is verified again)."""
    home = data["home_community"] if "home_community" in data else selectors.profile_of(rider).home_community
    return services.rider_profile_update(
        rider=rider,
        display_name=data.get("display_name", rider.display_name),
        platform=data.get("platform", rider.platform),
        work_type=data.get("work_type", rider.work_type),
        home_community=home,
    )


# --- GET /api/v1/me/: the same values, so an app reads back what it sent --------------------------
# Riders' answers only (a key left out of others'): staff and partner operators have no profile.


def _rider(user: User) -> User:
    if not user.has_perm(PERM_JOIN):
        raise serializers.SkipField()
    return user


class PlatformOut(serializers.CharField):
    def __init__(self) -> None:
        super().__init__(required=False, allow_blank=True, help_text="Riders only: as PATCH sets it (empty until set).")

    def get_attribute(self, user: User) -> str:
        return _rider(user).platform


@extend_schema_field({"type": "string", "enum": ["", *WorkType.values]}, component_name="WorkTypeOrBlank")
class WorkTypeOut(serializers.ChoiceField):
    def __init__(self) -> None:
        super().__init__(
            choices=[("", "")] + list(WorkType.choices),
            required=False,
            help_text="Riders only: as PATCH sets it (empty until set).",
        )

    def get_attribute(self, user: User) -> str:
        return _rider(user).work_type


class HomeCommunityOut(serializers.IntegerField):
    def __init__(self) -> None:
        super().__init__(required=False, allow_null=True, help_text="Riders only: a community's id, or null.")

    def get_attribute(self, user: User) -> int | None:
        # Read, not profile_of(): a GET writes no row.
        return RiderProfile.objects.filter(rider=_rider(user)).values_list("home_community_id", flat=True).first()


def register() -> None:
    from friendlystreet.api.me import register_me_field, register_me_update

    register_me_update(fields=profile_fields, perm=PERM_JOIN, save=profile_patch)
    register_me_field("platform", PlatformOut)
    register_me_field("work_type", WorkTypeOut)
    register_me_field("home_community", HomeCommunityOut)
