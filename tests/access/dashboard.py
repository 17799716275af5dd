"""The staff dashboard: its home and the figures API are for reviewers and street admins;
partner operators and riders never see them."""

from tests.access import Route, api

ROUTES = [
    # staff_dashboard itself is listed in core.py (it was the staff area's first page).
    Route("dashboard_api:figures", api(staff=True)),
]
