from tests.access import LOGIN, Route, api, page

ROUTES = [
    Route("landing", page(public=True)),
    Route("privacy", page(public=True)),
    Route("points_rules", page(public=True)),
    Route("favicon", dict.fromkeys(("anon", "rider", "partner", "reviewer", "admin"), 301)),
    Route("home", page()),
    Route("profile", page()),
    Route("staff_dashboard", page(staff=True)),
    Route(
        "set_language",
        dict.fromkeys(("anon", "rider", "partner", "reviewer", "admin"), 302),
        method="post",
        data={"language": "en", "next": "/"},
    ),
    Route("api:me", api()),
    # PATCH: a rider's profile (the admin is a superuser, with the rider's permissions). The
    # matrix's client sends no JSON: 415 past the permission check (tests/test_api_me_profile_
    # and_evidence.py sends JSON).
    Route("api:me", api(rider_only=True, ok=415), method="patch"),
    Route("schema", {"anon": 200, "rider": 200, "partner": 200, "reviewer": 200, "admin": 200}),
    Route("api_docs", {"anon": 200, "rider": 200, "partner": 200, "reviewer": 200, "admin": 200}),
    # Django admin: only the superuser street admin; others are sent to the login page.
    Route("admin:index", {"anon": LOGIN, "rider": LOGIN, "partner": LOGIN, "reviewer": LOGIN, "admin": 200}),
    # allauth's own pages: anonymous users get the form, signed-in users are sent on.
    Route("account_login", {"anon": 200, "rider": 302, "partner": 302, "reviewer": 302, "admin": 302}),
    Route("account_signup", {"anon": 200, "rider": 302, "partner": 302, "reviewer": 302, "admin": 302}),
    Route("account_change_password", page()),
    # allauth's headless API (app clients): its specification is public.
    Route("headless:openapi_json", dict.fromkeys(("anon", "rider", "partner", "reviewer", "admin"), 200)),
]

# Third-party URL groups whose access control is their own; their entry points are
# tested above. The matrix accepts their other routes without listing each one.
THIRD_PARTY_PREFIXES = ("admin:", "account_", "socialaccount_", "openid_connect_", "usersessions_", "headless:")
THIRD_PARTY_PATHS = ("accounts/", "admin/", "_allauth/")
