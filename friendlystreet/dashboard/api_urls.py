from django.urls import path

from . import api

app_name = "dashboard_api"

urlpatterns = [
    path("staff/figures/", api.FiguresView.as_view(), name="figures"),
]
