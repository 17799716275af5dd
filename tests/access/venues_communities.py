"""Communities (社区): street admins list, add, rename and delete them (one nothing names)."""

from __future__ import annotations

from tests.access import Route, page
from tests.access.venues import FORBIDDEN_BUT_ADMIN


def _community(world):
    from tests.venues.factories import CommunityFactory

    return {"pk": CommunityFactory().pk}


ROUTES = [
    Route("venues:staff_community_list", page(admin_only=True)),
    Route("venues:staff_community_edit", page(admin_only=True), setup=_community),
    Route("venues:staff_community_delete", {**FORBIDDEN_BUT_ADMIN, "admin": 302}, setup=_community, method="post"),
]
