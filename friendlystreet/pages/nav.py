"""Navigation registries that feature apps fill in their AppConfig.ready(), so that the
shared templates never import a feature app.

    STAFF_NAV.append(NavLink(_("Claims"), "points:review_queue", "points.review_claim", group=WORK))
    RIDER_LINKS.append(NavLink(_("My points"), "points:passbook"))
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.backends import role_permissions

from .paths import static_path


@dataclass(frozen=True)
class NavLink:
    label: object
    url_name: str
    perm: str | None = None  # shown only to users with this permission
    order: int = 100
    # A rider's page in a menu everyone sees (how to earn, activities, the compound guides):
    # the rider permission it serves. Visitors (riders to be) and riders get it; a signed-in
    # user without that permission does not: at the counter the barber earns no points and
    # delivers nothing, and staff run activities, compounds and rules from the staff area's
    # own pages. A partner or member of staff who is a rider too keeps it.
    rider_perm: str | None = None
    # The staff menu's group (STAFF_GROUPS) the link is shown in, said where it is registered:
    # WORK for a queue's page (its link carries the queue's count), MANAGE for the rest.
    group: str = ""

    @property
    def path(self) -> str:
        return static_path(self.url_name)


@dataclass(frozen=True)
class NavGroup:
    code: str
    label: object


# The staff menu's groups, in their order: the day's work first (the queues, whose counts are the
# closed menu's 待办 total), then the pages that set the programme up and keep its records.
WORK, MANAGE = "work", "manage"
STAFF_GROUPS = (NavGroup(WORK, _("To do")), NavGroup(MANAGE, _("Manage")))

STAFF_NAV: list[NavLink] = []  # the staff area's menu (each link names its group)
RIDER_LINKS: list[NavLink] = []  # big buttons on a signed-in user's home page (filtered by perm)
PUBLIC_NAV: list[NavLink] = []  # the top bar, for everyone (venue map, how to earn; see rider_perm)


def add_links(registry: list[NavLink], *links: NavLink) -> None:
    """Append each link not already in the registry (idempotent, should ready() run twice)."""
    for link in links:
        if link not in registry:
            registry.append(link)


def needing(links: list[NavLink], perm: str, user) -> list[NavLink]:
    """The links that need `perm`, if the user has it: the pages of what that permission lets
    one do (the partner's redemption pages in the top bar's menu)."""
    return visible([link for link in links if link.perm == perm], user)


def visible(links: list[NavLink], user) -> list[NavLink]:
    rides = _rider_perms(user)
    return sorted((link for link in links if _shown(link, user, rides)), key=lambda link: link.order)


def staff_groups(links: list[NavLink]) -> list[tuple[NavGroup, list[NavLink]]]:
    """The staff menu's links by group, in the groups' order (each group's links in their own
    order), groups the user has no link in left out but the first: the menu puts the dashboard
    (today's work) at its head. A link naming no known group goes in the last group rather than
    nowhere."""
    codes = [group.code for group in STAFF_GROUPS]
    by_group: dict[str, list[NavLink]] = {code: [] for code in codes}
    for link in links:
        by_group[link.group if link.group in by_group else codes[-1]].append(link)
    return [(group, by_group[group.code]) for group in STAFF_GROUPS if by_group[group.code] or group.code == codes[0]]


def _shown(link: NavLink, user, rides) -> bool:
    if link.perm is not None and not (user.is_authenticated and user.has_perm(link.perm)):
        return False
    return link.rider_perm is None or not user.is_authenticated or rides(link.rider_perm)


def _rider_perms(user):
    """Whether the user holds a rider's permission by a role. A superuser holds every permission,
    so has_perm() would give the demo's street admin every rider's page: for them, what their
    roles give (as notifications.kinds_for does), read once and only if a rider's link asks."""
    if not getattr(user, "is_superuser", False):
        return user.has_perm
    held = SimpleLazyObject(lambda: role_permissions(user))
    return lambda perm: perm in held
