"""HTML pages of the volunteers app (mounted at / by friendlystreet/urls.py, namespace "volunteers"):
the riders' and the public's pages (urls_rider.py) and the staff pages (urls_staff.py)."""

from __future__ import annotations

from . import urls_reports, urls_rider, urls_staff, urls_staff_reports, urls_texts

app_name = "volunteers"

urlpatterns = [*urls_rider.urlpatterns, *urls_staff.urlpatterns, *urls_staff_reports.urlpatterns, *urls_reports.urlpatterns]
urlpatterns += urls_texts.urlpatterns
