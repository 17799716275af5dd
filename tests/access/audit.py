"""Who may open the audit trail (issue 17): street admins only."""

from __future__ import annotations

from tests.access import Route, page

ROUTES = [
    Route("audit:audit_list", page(admin_only=True)),
]
