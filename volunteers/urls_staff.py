"""staff pages of the volunteers app; included by volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from .views import staff

urlpatterns: list = [
    # Activities: those who run them (reviewers and street admins).
    path("staff/activities/", staff.activity_list, name="staff_activity_list"),
    path("staff/activities/new/", staff.activity_edit, name="staff_activity_new"),
    path("staff/activities/<id:pk>/", staff.activity_roster, name="staff_activity_roster"),
    path("staff/activities/<id:pk>/edit/", staff.activity_edit, name="staff_activity_edit"),
    path("staff/activities/<id:pk>/checkin/", staff.checkin, name="staff_checkin"),
    path("staff/activities/<id:pk>/walk-in/", staff.walk_in, name="staff_walk_in"),
    path("staff/activities/<id:pk>/attendance/<id:signup_pk>/", staff.attendance, name="staff_attendance"),
    path("staff/activities/<id:pk>/finish/", staff.activity_finish, name="staff_activity_finish"),
    path("staff/activities/<id:pk>/cancel/", staff.activity_cancel, name="staff_activity_cancel"),
    # The team, micro-grid members and party members: street admins.
    path("staff/volunteers/", staff.volunteers, name="staff_volunteers"),
    path("staff/volunteers/team/<id:pk>/", staff.team_decide, name="staff_team_decide"),
    path("staff/volunteers/team/<id:pk>/remove/", staff.team_remove, name="staff_team_remove"),
    path("staff/volunteers/grid/", staff.grid_appoint, name="staff_grid_appoint"),
    path("staff/volunteers/grid/<id:pk>/end/", staff.grid_end, name="staff_grid_end"),
    path("staff/volunteers/party/<id:pk>/confirm/", staff.party_confirm, name="staff_party_confirm"),
    path("staff/volunteers/party/<id:pk>/reject/", staff.party_reject, name="staff_party_reject"),
]
