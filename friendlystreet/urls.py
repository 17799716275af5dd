from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from friendlystreet import health
from friendlystreet.accounts import views as account_views
from friendlystreet.dashboard import views as dashboard
from friendlystreet.pages import views as pages
from friendlystreet.pages.admin_site import admin_login

# Django admin has no rate limit of its own: its login sends visitors to allauth's, which
# has; signed-in users without admin access get a 403 page there instead of a loop.
admin.site.login = admin_login

# Each app owns its urls.py (pages) and api_urls.py (API); this file only mounts them.
api_v1 = [
    path("", include("friendlystreet.api.urls")),
    path("", include("friendlystreet.notifications.api_urls")),
    path("", include("venues.api_urls")),
    path("", include("points.api_urls")),
    path("", include("volunteers.api_urls")),
    path("", include("friendlystreet.dashboard.api_urls")),
    path("", include("friendlystreet.ledgers.api_urls")),
    path("", include("friendlystreet.privacy.api_urls")),
]

urlpatterns = [
    # First: the API answers phones' every poll, and Django tries the patterns in order.
    path("api/v1/", include(api_v1)),
    # Monitoring: database, cache and broker (friendlystreet/health.py; deploy/README.md).
    path("healthz", health.healthz, name="healthz"),
    path("", pages.landing, name="landing"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True), name="favicon"),
    path("home/", pages.home, name="home"),
    path("profile/", pages.profile, name="profile"),
    path("privacy/", pages.privacy_notice, name="privacy"),
    path("staff/", dashboard.staff_dashboard, name="staff_dashboard"),
    path("", include("friendlystreet.notifications.urls")),
    path("", include("friendlystreet.ledgers.urls")),
    path("", include("venues.urls")),
    path("", include("points.urls")),
    path("", include("volunteers.urls")),
    path("", include("friendlystreet.audit.urls")),
    path("", include("friendlystreet.privacy.urls")),
    path("", include("friendlystreet.accounts.staff_urls")),
    path("", include("friendlystreet.pages.urls")),
    # In front of allauth's: riders have no e-mail page, a signed-in rider's forgotten password
    # is a code to their number, and the app's password login takes a mainland number as riders
    # type it (friendlystreet/accounts/views.py).
    path("accounts/email/", account_views.email_page),
    # allauth's name: the adapter and the 429 page know the page by it.
    path("accounts/password/reset/", account_views.password_reset, name="account_reset_password"),
    path("_allauth/app/v1/auth/login", account_views.app_login),
    # allauth fails on "request new code" for a number with no account (accounts/no_account_codes.py).
    path("accounts/login/code/confirm/", account_views.confirm_login_code, name="account_confirm_login_code"),
    path("_allauth/app/v1/auth/code/resend", account_views.app_resend_login_code),
    path("accounts/", include("allauth.urls")),
    # allauth's headless API for app clients (and its OpenAPI specification).
    path("_allauth/", include("allauth.headless.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
]

handler400 = "friendlystreet.pages.views.error_400"
handler403 = "friendlystreet.pages.views.error_403"
handler404 = "friendlystreet.pages.views.error_404"
handler429 = "friendlystreet.accounts.views.rate_limited"  # allauth's rate limits
handler500 = "friendlystreet.pages.views.error_500"
