from tests.access import ROLES, Route

ROUTES = [
    # Monitoring (friendlystreet/health.py): the same JSON for everyone, nothing personal.
    Route("healthz", dict.fromkeys(ROLES, 200)),
]
