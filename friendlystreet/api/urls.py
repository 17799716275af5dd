from django.urls import include, path

from . import views

app_name = "api"

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    # Feature apps append their routes in friendlystreet/urls.py under /api/v1/.
]

__all__ = ["urlpatterns", "include"]
