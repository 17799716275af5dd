"""staff pages of the volunteers app; included by volunteers/urls.py (namespace "volunteers")."""

from __future__ import annotations

urlpatterns: list = []
