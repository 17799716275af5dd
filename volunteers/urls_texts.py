"""The initiatives and the convention (public, signing) and their staff pages; included by
volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

from django.urls import path

import friendlystreet.inputs  # noqa: F401 - registers the <id:> converter

from .views import texts

urlpatterns: list = [
    path("initiatives/", texts.text_list, name="text_list"),
    path("initiatives/<id:pk>/", texts.text_detail, name="text_detail"),
    path("initiatives/<id:pk>/sign/", texts.text_sign, name="text_sign"),
    path("initiatives/<id:pk>/unsign/", texts.text_unsign, name="text_unsign"),
    path("initiatives/<id:pk>/image/", texts.text_image, name="text_image"),
    path("staff/texts/", texts.staff_text_list, name="staff_text_list"),
    path("staff/texts/new/", texts.staff_text_edit, name="staff_text_new"),
    path("staff/texts/<id:pk>/edit/", texts.staff_text_edit, name="staff_text_edit"),
]
