"""rider pages of the volunteers app; included by volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from .views import rider

urlpatterns: list = [
    # Activities: public to browse, riders sign up.
    path("activities/", rider.activity_list, name="activity_list"),
    path("activities/<id:pk>/", rider.activity_detail, name="activity_detail"),
    path("activities/<id:pk>/signup/", rider.activity_signup, name="activity_signup"),
    path("activities/<id:pk>/cancel-signup/", rider.activity_cancel_signup, name="activity_cancel_signup"),
    path("activities/<id:pk>/calendar.ics", rider.activity_ics, name="activity_ics"),
    # The rider's volunteer profile.
    path("profile/edit/", rider.profile_edit, name="profile_edit"),
    path("profile/team/", rider.team_request, name="team_request"),
    path("profile/team/leave/", rider.team_leave, name="team_leave"),
    path("profile/party/", rider.party_declare, name="party_declare"),
    path("profile/party/withdraw/", rider.party_withdraw, name="party_withdraw"),
    # The volunteer record and its public verification.
    path("volunteer-record/", rider.record, name="record"),
    path("volunteer-record/certificate/", rider.grid_certificate, name="grid_certificate"),
    path("verify/<str:code>/", rider.verify, name="verify"),
]
