"""The first street admin of a new install (deploy/README.md, step 6):

    manage.py create_street_admin --phone 13912345678 --name 王主任

Every sign-in here is confirmed by a mobile number (ACCOUNT_SIGNUP_FIELDS, phone
verification), so Django's createsuperuser, which asks for none, makes an account that can
sign in nowhere. This one has the number, marked verified (whoever runs manage.py on the
server vouches for it), the street-admin role, and Django admin's superuser flags. No
password unless --password (then asked twice, never on the command line): the admin signs in
with an SMS code sent to the number, at /accounts/login/code/.

The account follows the rules of every account a street admin opens on 用户与角色
(staff_users.account_create): the username made of the number (sign-up's rule, the
adapter's), a number that has an account refused, the same audit entry, with the server as
the actor. Colleagues and partner operators are then given accounts there, at
/staff/users/new/, not here.
"""

from __future__ import annotations

import getpass

from allauth.account.adapter import get_adapter
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.accounts.phones import INVALID_PHONE_MESSAGE, mask_phone, normalize_phone
from friendlystreet.accounts.staff_users import REASON_MAX, PhoneTaken, account_of_phone
from friendlystreet.audit.services import audit_record

REASON = "manage.py create_street_admin"


class Command(BaseCommand):
    help = (
        "Create a street admin who signs in with an SMS code to their mobile number (also a superuser "
        "of Django admin). For the first admin of a new install; later accounts are opened at /staff/users/new/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phone", required=True, help="A mainland mobile number, e.g. 13912345678.")
        parser.add_argument("--name", required=True, help="The person's name, as colleagues know them.")
        parser.add_argument(
            "--password",
            action="store_true",
            help="Also set a password (asked twice). Without it, the admin signs in with an SMS code.",
        )

    def handle(self, *args, phone: str, name: str, password: bool, **options):
        normalized = normalize_phone(phone)
        if normalized is None:
            raise CommandError(str(INVALID_PHONE_MESSAGE))
        name = name.strip()[:50]
        if not name:
            raise CommandError("Give the person's name (--name).")
        existing = account_of_phone(normalized)
        if existing is not None:
            raise CommandError(str(PhoneTaken(existing)))
        secret = self._ask_password(name, normalized) if password else None
        user = street_admin_create(display_name=name, phone=normalized, password=secret)
        self.stdout.write(
            self.style.SUCCESS(
                f"Street admin {user.display_name} ({mask_phone(user.phone)}) created. "
                "Sign in at /accounts/login/code/ with the number: a code is sent to it by SMS"
                + (" (or with the password)." if secret else ".")
                + " Open the accounts of colleagues and partner operators at /staff/users/new/."
            )
        )

    def _ask_password(self, name: str, phone: str) -> str:
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(first, User(username=phone, display_name=name, phone=phone))
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return first
        raise CommandError("No password set; nothing created.")


def street_admin_create(*, display_name: str, phone: str, password: str | None = None) -> User:
    """The account of a street admin made on the server (no actor: the audit entry has none)."""
    with transaction.atomic():
        user = User(display_name=display_name, phone=phone, phone_verified=True, is_staff=True, is_superuser=True)
        get_adapter().populate_username(None, user)  # sign-up's rule: made of the number, unique
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=roles.STREET_ADMIN)[0])
        changes = {roles.STREET_ADMIN: [False, True], "phone": ["", mask_phone(phone)]}
        audit_record(
            actor=None,
            action="accounts.account_created",
            target=user,
            data={"changes": changes, "reason": REASON[:REASON_MAX]},
        )
    return user
