"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User, Verification, WorkType

TEST_PASSWORD = "test-pass-2026"


def role_hook(default: str | None):
    """A post-generation step that saves the user and puts them in a role group."""

    def add_role(obj, create, extracted, **kwargs):
        if not create:
            return
        name = extracted or default
        if name:
            obj.groups.add(Group.objects.get_or_create(name=name)[0])
        obj.save()

    return factory.PostGeneration(add_role)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    role = role_hook(None)


class RiderFactory(UserFactory):
    username = factory.Sequence(lambda n: f"rider{n}")
    display_name = factory.Sequence(lambda n: f"骑手{n}")
    phone = factory.Sequence(lambda n: f"+86137{n:08d}")
    phone_verified = True
    work_type = WorkType.DELIVERY
    platform = "美团"
    verification = Verification.VERIFIED
    role = role_hook(roles.RIDER)


class PartnerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"partner{n}")
    phone = factory.Sequence(lambda n: f"+86136{n:08d}")
    phone_verified = True
    verification = Verification.VERIFIED
    role = role_hook(roles.PARTNER)


class ReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")
    phone = factory.Sequence(lambda n: f"+86135{n:08d}")
    phone_verified = True
    verification = Verification.VERIFIED
    role = role_hook(roles.REVIEWER)


class StreetAdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    phone = factory.Sequence(lambda n: f"+86134{n:08d}")
    phone_verified = True
    is_staff = True
    verification = Verification.VERIFIED
    role = role_hook(roles.STREET_ADMIN)
