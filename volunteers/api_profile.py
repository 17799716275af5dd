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


def register() -> None:
    from friendlystreet.api.me import register_me_update

    register_me_update(fields=profile_fields, perm=PERM_JOIN, save=profile_patch)
