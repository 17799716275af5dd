from django.urls import include, path

from . import views

app_name = "api"

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    # App clients sign in through allauth's headless API (/_allauth/app/v1/), not here.
    # Feature apps append their routes in friendlystreet/urls.py under /api/v1/.
]

__all__ = ["urlpatterns", "include"]
