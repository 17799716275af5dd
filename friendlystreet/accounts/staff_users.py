"""Users and roles (用户与角色): street admins find a person, open an account for a colleague or a
partner's operator, give or take the staff and partner roles, choose the venues a partner
operator confirms vouchers for, and deactivate an account.

Reads first (selectors), then the writes (services). Every write checks the permission here
(views only guard as a courtesy), runs in one transaction and leaves an audit entry with the
before and after. Rights are read from the database on every request (backends.py), so a role
taken or an account deactivated counts from the person's next request.

Rules:
- the roles that change here are reviewer, street admin and partner operator; a rider stays a
  rider (riders sign up; verification is the reviewers' work);
- accounts come from two places: riders sign up themselves; a colleague or a partner's operator
  is given one here (account_create), with their mobile number and no password: they sign in
  with an SMS code sent to that number, as riders can, and are told so by SMS (the first street
  admin of an install is given theirs on the server, by `manage.py create_street_admin`, through
  account_create_on_server: the same rules);
- nobody changes their own roles or deactivates their own account;
- there is always one active street admin left: the last one can be neither demoted nor
  deactivated;
- only a partner operator operates venues; taking the role away takes their venues too;
- making someone a street admin (every right over people's data and accounts) and
  deactivating an account need a reason, kept on the audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from friendlystreet.api.errors import DomainError
from friendlystreet.audit.services import audit_record
from friendlystreet.lists import listed_for_record, listed_lazy
from friendlystreet.notifications.services import notify

from . import roles
from .models import User
from .phones import INVALID_PHONE_MESSAGE, mask_phone, normalize_phone
from .registry import operated_places
from .selectors import person_label

# Giving and taking roles is its own right (street admins hold it, roles.py): managing the
# venues and the catalogue does not imply it.
MANAGE_USERS = "accounts.manage_users"
# The roles given and taken here, in the order the page lists them.
CHANGEABLE_ROLES = (roles.REVIEWER, roles.STREET_ADMIN, roles.PARTNER)
# Whom the page lists before a search: those who hold a staff or partner role.
STAFF_ROLES = CHANGEABLE_ROLES
PAGE_SIZE = 30
REASON_MAX = 200


class OwnAccount(DomainError):
    code = "own_account"
    status_code = 403
    default_message = _("You cannot change your own roles or account: ask another street admin.")


class LastStreetAdmin(DomainError):
    code = "last_street_admin"
    default_message = _("This is the last street admin: make someone else a street admin first.")


class NotPartnerOperator(DomainError):
    code = "not_partner_operator"
    default_message = _("Make this person a partner operator first.")


class ReasonNeeded(DomainError):
    code = "reason_needed"
    status_code = 400
    default_message = _("Say why: the reason is kept on the audit trail.")


class UnknownRole(DomainError):
    code = "unknown_role"
    status_code = 400
    default_message = _("This role cannot be given here.")


# What account_problems() says of a new account's details, each on its field.
NAME_NEEDED = _("Give the person's name.")
NO_ROLE = _("Choose at least one role.")
VENUE_NEEDED = _("Choose the venues where this partner operator confirms vouchers.")
VENUES_ONLY_FOR_PARTNERS = _("Venues are only for a partner operator: tick that role too, or untick the venues.")


class PhoneTaken(DomainError):
    """The number has an account already: the street admin opens it and gives the role there
    (a rider who also works for a merchant keeps one account)."""

    code = "phone_taken"
    status_code = 400

    def __init__(self, existing: User) -> None:
        self.existing = existing
        super().__init__(
            _("This mobile number already has an account (%(name)s). Open it and give the roles there.")
            % {"name": masked_label(existing)}
        )


# --- selectors ----------------------------------------------------------------------------------


def _with_groups(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.prefetch_related(Prefetch("groups", queryset=Group.objects.only("id", "name"), to_attr="role_groups"))


# A deletion request still open (privacy.DeletionRequest: neither cancelled nor done), through
# the user's reverse relation; one open request per rider at most (its unique constraint). The
# date not null: "cancelled_at=None" alone would also match a user with no request at all.
ASKED_DELETION = Q(
    deletion_requests__scheduled_for__isnull=False, deletion_requests__cancelled_at=None, deletion_requests__done_at=None
)


def deletion_pending_count() -> int:
    """How many people asked to be deleted and wait for the date: the list's filter says it."""
    return User.objects.filter(ASKED_DELETION).count()


def user_search(*, q: str = "", asked_deletion: bool = False) -> QuerySet[User]:
    """The people the list shows. Without `q`: staff and partner operators. With `q`: anyone
    whose phone is `q` (whole, or its last four or more digits), or whose username or name
    holds it. `asked_deletion`: only those waiting to be deleted at their request, soonest first,
    each with `deletion_on` (the date it happens)."""
    qs = User.objects.only("id", "username", "display_name", "phone", "is_active", "is_superuser")
    q = q.strip()
    if asked_deletion:
        qs = qs.filter(ASKED_DELETION).annotate(deletion_on=Min("deletion_requests__scheduled_for", filter=ASKED_DELETION))
    elif not q:
        qs = qs.filter(groups__name__in=STAFF_ROLES).distinct()
    else:
        phone = normalize_phone(q)
        if phone:
            found = Q(phone=phone)
        elif q.isdigit() and len(q) >= 4:
            found = Q(phone__endswith=q)
        else:
            found = Q(username__icontains=q) | Q(display_name__icontains=q)
        qs = qs.filter(found)
    return _with_groups(qs.order_by("deletion_on", "id") if asked_deletion else qs.order_by("username", "id"))


@dataclass(frozen=True)
class RoleRow:
    code: str
    label: str
    held: bool


def role_codes(user: User) -> set[str]:
    """The user's role groups (prefetched by the selectors as `role_groups`)."""
    groups = getattr(user, "role_groups", None)
    if groups is None:
        groups = list(user.groups.only("name"))
    return {g.name for g in groups if g.name in roles.ROLE_LABELS}


def role_labels(user: User) -> list[str]:
    """The user's roles in words, in the page's order (rider last)."""
    held = role_codes(user)
    return [str(roles.ROLE_LABELS[code]) for code in (*CHANGEABLE_ROLES, roles.RIDER) if code in held]


def role_rows(user: User) -> list[RoleRow]:
    held = role_codes(user)
    return [RoleRow(code, str(roles.ROLE_LABELS[code]), code in held) for code in CHANGEABLE_ROLES]


def is_rider(user: User) -> bool:
    return roles.RIDER in role_codes(user)


def shown_name(user: User) -> str:
    """The person as the pages name them: a rider masked with their phone (张* 138****0001),
    a colleague or a partner's operator by name and username (accounts.selectors)."""
    return person_label(user.display_name, user.phone, user.username, is_rider(user))


def masked_label(user: User) -> str:
    """The person masked whoever they are (王** 139****5678): how a refusal names an account
    that was not looked up on purpose (a number typed on the new-account form)."""
    return " ".join(part for part in (user.masked_name, user.masked_phone) if part) or user.username


def account_of_phone(phone: str) -> User | None:
    """The account holding this (normalised) number, if any."""
    return User.objects.filter(phone=phone).only("id", "username", "display_name", "phone").first() if phone else None


def login_name(user: User) -> str:
    """The username to show: a rider's is made of their phone number (adapter.py), which the
    page shows masked only; such a username is not shown."""
    digits = (user.phone or "")[3:]
    if digits and digits in user.username:
        return ""
    return user.username


def people_for_page() -> QuerySet[User]:
    """Users with their role groups, for a person's page (`.get(pk=...)`)."""
    return _with_groups(User.objects.all())


# --- services -----------------------------------------------------------------------------------


def _require(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(MANAGE_USERS):
        raise PermissionDenied


def _not_self(actor, user: User) -> None:
    if actor.pk == user.pk:
        raise OwnAccount()


def _lock(user: User) -> User:
    """Lock the street-admin group's row first: every change of who is a street admin (a role
    taken, an account deactivated) waits for the one before it, so two admins demoting each
    other at once cannot leave none. Then the person's row."""
    Group.objects.select_for_update().get_or_create(name=roles.STREET_ADMIN)
    return User.objects.select_for_update().get(pk=user.pk)


def _is_active_street_admin(user: User) -> bool:
    return user.is_active and user.groups.filter(name=roles.STREET_ADMIN).exists()


def _keep_a_street_admin(user: User) -> None:
    """Refuse when `user` (about to stop being an active street admin) is the last one."""
    others = User.objects.filter(is_active=True, groups__name=roles.STREET_ADMIN).exclude(pk=user.pk)
    if not others.exists():
        raise LastStreetAdmin()


def _venue_names(venues: Iterable[Model]) -> str:
    return listed_for_record(str(v) for v in venues)


# The notice a new account's holder gets (SMS and inbox): how to sign in (accounts/apps.py).
KIND_ACCOUNT_CREATED = "accounts.account_created"


def account_problems(
    *, display_name: str | None, phone: str | None, role_codes: Iterable[str], venues: Iterable[Model] = (), reason: str = ""
) -> dict[str, list[ValidationError]]:
    """What account_create() refuses in a new account's details, every problem at once, by
    field (display_name, phone, roles, venues, reason); {} when there is none. The new-account
    form asks it in its own round (beside its fields' checks) and the service again, so the
    rules are written once: a name; a mainland number; at least one of the roles given here; a
    partner operator with venues and venues only for one; a reason to make a street admin.
    A number that has an account is not asked here (the service's PhoneTaken names it)."""
    wanted = set(role_codes)
    problems: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message, code: str) -> None:
        problems.setdefault(field, []).append(ValidationError(message, code=code))

    if not (display_name or "").strip():
        refuse("display_name", NAME_NEEDED, "required")
    if normalize_phone(phone or "") is None:
        refuse("phone", INVALID_PHONE_MESSAGE, "invalid_phone")
    if not wanted:
        refuse("roles", NO_ROLE, "no_role")
    elif not wanted <= set(CHANGEABLE_ROLES):
        refuse("roles", UnknownRole.default_message, UnknownRole.code)
    if roles.PARTNER in wanted and not venues:
        refuse("venues", VENUE_NEEDED, "venue_needed")
    if venues and roles.PARTNER not in wanted:
        refuse("venues", VENUES_ONLY_FOR_PARTNERS, "venues_only_for_partners")
    if roles.STREET_ADMIN in wanted and not (reason or "").strip():
        refuse("reason", ReasonNeeded.default_message, ReasonNeeded.code)
    return problems


def account_create(
    *,
    actor,
    display_name: str,
    phone: str,
    role_codes: Iterable[str],
    venues: Iterable[Model] = (),
    reason: str = "",
    sign_in_url: str,
) -> User:
    """Open an account for a colleague (reviewer, street admin) or a partner's operator, with
    the roles and, for a partner operator, the venues where they confirm vouchers. No password:
    nobody on staff chooses or sees one. They sign in with an SMS code sent to `phone` (the
    first one proves the number), and are told so by SMS at `sign_in_url` (absolute: the code
    sign-in page). The username follows sign-up's rule (made of the number, unique), which a
    change of number renames. Details account_problems() refuses are a ValidationError naming
    each field; a number that has an account is PhoneTaken (naming it masked)."""
    _require(actor)
    return _account_open(
        actor=actor,
        display_name=display_name,
        phone=phone,
        role_codes=role_codes,
        venues=venues,
        reason=reason,
        verified=False,
        sign_in_url=sign_in_url,
    )


def account_create_on_server(
    *, display_name: str, phone: str, role_codes: Iterable[str], reason: str, password: str | None = None, superuser: bool = False
) -> User:
    """An account opened by whoever runs manage.py on the server (create_street_admin: the first
    street admin of an install, when nobody can sign in yet). account_create()'s rules and
    record, with what differs because the person at the server vouches for it: no actor (the
    audit entry has none) and so no permission to check; the number marked verified; no SMS
    (the command tells the person at the server how to sign in); a password if one is given
    (validated by the caller), and Django admin's superuser flags if `superuser`."""
    return _account_open(
        actor=None,
        display_name=display_name,
        phone=phone,
        role_codes=role_codes,
        venues=(),
        reason=reason,
        verified=True,
        password=password,
        superuser=superuser,
    )


def _account_open(
    *,
    actor,
    display_name: str,
    phone: str,
    role_codes: Iterable[str],
    venues: Iterable[Model],
    reason: str,
    verified: bool,
    password: str | None = None,
    superuser: bool = False,
    sign_in_url: str | None = None,
) -> User:
    """The one way an account is opened for someone (not their own sign-up): checked by
    account_problems(), made in one transaction with the roles, venues and audit entry, and its
    holder told how to sign in when there is a `sign_in_url` to tell."""
    display_name = (display_name or "").strip()
    normalized = normalize_phone(phone or "")
    wanted = set(role_codes)
    venues = list(venues)
    reason = (reason or "").strip()[:REASON_MAX]
    problems = account_problems(display_name=display_name, phone=phone, role_codes=wanted, venues=venues, reason=reason)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = account_of_phone(normalized)
        if existing is not None:
            raise PhoneTaken(existing)
        user = User(
            display_name=display_name[:50],
            phone=normalized,
            phone_verified=verified,
            is_staff=superuser,
            is_superuser=superuser,
        )
        get_adapter().populate_username(None, user)  # sign-up's rule: made of the number, unique
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            # A savepoint: the unique phone (or username) refuses an account made at the same
            # moment for the same number, and the transaction goes on to say whose it is.
            with transaction.atomic():
                user.save()
        except IntegrityError:
            existing = account_of_phone(normalized)
            if existing is None:
                raise
            raise PhoneTaken(existing) from None
        groups = [Group.objects.get_or_create(name=code)[0] for code in CHANGEABLE_ROLES if code in wanted]
        user.groups.add(*groups)
        if venues:
            operated_places().link(user, venues)
        changes: dict = {code: [False, True] for code in CHANGEABLE_ROLES if code in wanted}
        changes["phone"] = ["", mask_phone(normalized)]
        if venues:
            changes["venues"] = ["", _venue_names(sorted(venues, key=lambda v: (str(v), v.pk)))]
        if superuser:
            changes["is_superuser"] = [False, True]
        data: dict = {"changes": changes}
        if reason:
            data["reason"] = reason
        audit_record(actor=actor, action="accounts.account_created", target=user, data=data)
        if sign_in_url:
            # Lazy: notify() writes it in the holder's language (none chosen yet: the site's, Chinese).
            labels = listed_lazy(roles.ROLE_LABELS[code] for code in CHANGEABLE_ROLES if code in wanted)
            notify(user, KIND_ACCOUNT_CREATED, {"roles": labels, "url": sign_in_url})
    return user


def user_roles_set(*, actor, user: User, wanted: Iterable[str], reason: str = "") -> list[str]:
    """Give and take the changeable roles so that the person holds exactly `wanted` of them
    (the rider role, and any other group, stays as it is). Taking partner operator also takes
    the venues they operated. Making someone a street admin needs a `reason` (ReasonNeeded).
    Returns the roles that changed ([]: nothing to do, no entry)."""
    _require(actor)
    _not_self(actor, user)
    wanted = set(wanted)
    reason = (reason or "").strip()[:REASON_MAX]
    if not wanted <= set(CHANGEABLE_ROLES):
        raise UnknownRole()
    with transaction.atomic():
        user = _lock(user)
        held = set(user.groups.filter(name__in=CHANGEABLE_ROLES).values_list("name", flat=True))
        added, removed = wanted - held, held - wanted
        if not added and not removed:
            return []
        if roles.STREET_ADMIN in added and not reason:
            raise ReasonNeeded()
        if roles.STREET_ADMIN in removed and user.is_active:
            _keep_a_street_admin(user)
        groups = {g.name: g for g in Group.objects.filter(name__in=added | removed)}
        for name in added:
            groups[name] = groups.get(name) or Group.objects.get_or_create(name=name)[0]
        user.groups.add(*(groups[name] for name in added))
        user.groups.remove(*(groups[name] for name in removed if name in groups))
        data: dict = {code: [code in held, code in wanted] for code in CHANGEABLE_ROLES if code in added | removed}
        if roles.PARTNER in removed:
            venues = list(operated_places().operated_by(user))
            if venues:
                operated_places().unlink(user, venues)
                data["venues"] = [_venue_names(venues), ""]
        if reason:
            data = {"changes": data, "reason": reason}
        audit_record(actor=actor, action="accounts.roles_changed", target=user, data=data)
    return [code for code in CHANGEABLE_ROLES if code in added | removed]


def user_venue_add(*, actor, user: User, venue: Model) -> bool:
    """The partner operator confirms vouchers at `venue` too. False if they already did."""
    return _venue_change(actor=actor, user=user, venue=venue, add=True)


def user_venue_remove(*, actor, user: User, venue: Model) -> bool:
    """The partner operator no longer confirms vouchers at `venue`. False if they did not."""
    return _venue_change(actor=actor, user=user, venue=venue, add=False)


def _venue_change(*, actor, user: User, venue: Model, add: bool) -> bool:
    _require(actor)
    with transaction.atomic():
        user = _lock(user)
        if add and not user.groups.filter(name=roles.PARTNER).exists():
            raise NotPartnerOperator()
        places = operated_places()
        before = list(places.operated_by(user))
        if (venue in before) == add:
            return False
        if add:
            places.link(user, [venue])
        else:
            places.unlink(user, [venue])
        after = list(places.operated_by(user))
        data = {"venues": [_venue_names(before), _venue_names(after)]}
        if add:
            audit_record(actor=actor, action="accounts.operator_venue_added", target=user, data=data)
        else:
            audit_record(actor=actor, action="accounts.operator_venue_removed", target=user, data=data)
    return True


def user_set_active(*, actor, user: User, active: bool, reason: str = "") -> bool:
    """Deactivate (the person can no longer sign in, and is signed out of every session at
    their next request; a `reason` is needed) or reactivate an account. False if it already
    was so."""
    _require(actor)
    _not_self(actor, user)
    reason = (reason or "").strip()[:REASON_MAX]
    with transaction.atomic():
        user = _lock(user)
        if user.is_active == active:
            return False
        if not active and _is_active_street_admin(user):
            _keep_a_street_admin(user)
        if not active and not reason:
            raise ReasonNeeded()
        User.objects.filter(pk=user.pk).update(is_active=active)
        data: dict = {"is_active": [not active, active]}
        if reason:
            data = {"changes": data, "reason": reason}
        audit_record(
            actor=actor,
            action="accounts.user_activated" if active else "accounts.user_deactivated",
            target=user,
            data=data,
        )
    return True
