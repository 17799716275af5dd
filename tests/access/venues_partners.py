"""Who may see the partners' wall and manage the partners that are not venues
(tests/test_permission_matrix.py walks them)."""

from __future__ import annotations

from tests.access import Route, page
from venues.models import Partner


def _partner(world) -> dict:
    return {"pk": Partner.objects.create(name="成都某某出行科技有限公司", kind="爱心企业", contribution="10辆暖新单车").pk}


ROUTES = [
    Route("venues:partners", page(public=True)),
    # Those who manage venues (street admins): reviewers and partner operators do not.
    Route("venues:staff_partner_list", page(admin_only=True)),
    Route("venues:staff_partner_new", page(admin_only=True)),
    Route("venues:staff_partner_edit", page(admin_only=True), setup=_partner),
]
