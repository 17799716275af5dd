"""The first street admin of a new install (deploy/README.md, step 6):

    manage.py create_street_admin --phone 13912345678 --name 王主任

Every sign-in here is confirmed by a mobile number (ACCOUNT_SIGNUP_FIELDS, phone
verification), so Django's createsuperuser, which asks for none, makes an account that can
sign in nowhere. This one is opened by the service that opens every account a street admin
opens on 用户与角色 (staff_users.account_create_on_server, beside account_create): the same
rules (the number normalised, a number that has an account refused, the username made of the
number, the street-admin role, the audit entry), with the server as the actor, the number
marked verified (whoever runs manage.py on the server vouches for it) and Django admin's
superuser flags. No password unless --password (then asked twice, never on the command line):
the admin signs in with an SMS code sent to the number, at /accounts/login/code/. Colleagues and
partner operators are then given accounts at /staff/users/new/, not here.
"""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from friendlystreet.accounts import roles, staff_users
from friendlystreet.accounts.models import User
from friendlystreet.accounts.phones import mask_phone, normalize_phone

# On the audit entry, where a street admin's account made on the 用户与角色 page has theirs.
REASON = "manage.py create_street_admin"
ROLES = (roles.STREET_ADMIN,)


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
        # The service's own checks, before a password is asked for nothing; it checks them again.
        problems = staff_users.account_problems(display_name=name, phone=phone, role_codes=ROLES, reason=REASON)
        if problems:
            raise CommandError(" ".join(ValidationError(problems).messages))
        existing = staff_users.account_of_phone(normalize_phone(phone))
        if existing is not None:
            raise CommandError(staff_users.PhoneTaken(existing).message)
        secret = self._ask_password(name, normalize_phone(phone)) if password else None
        try:
            user = staff_users.account_create_on_server(
                display_name=name, phone=phone, role_codes=ROLES, reason=REASON, password=secret, superuser=True
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except staff_users.PhoneTaken as error:
            raise CommandError(error.message) from None
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
