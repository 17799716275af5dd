"""Riders' data rights (issue 19): everyone signed in may download their data and ask for
deletion; an export is its owner's only (404 to anyone else); street admins anonymise a rider
at once and see full names and phones (with a reason)."""

from __future__ import annotations

from tests.access import LOGIN, Route, api, page

OWNER_ONLY_PAGE = {"anon": LOGIN, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404}
OWNER_ONLY_API = {"anon": 401, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404}
ADMIN_ONLY_API = {"anon": 401, "rider": 403, "partner": 403, "reviewer": 403, "admin": 200}
NONE_OPEN = {"anon": 401, "rider": 404, "partner": 404, "reviewer": 404, "admin": 404}


def riders_export(world) -> dict:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from friendlystreet.privacy.models import DataExport

    now = timezone.now()
    export = DataExport.objects.create(rider=world.rider, status="done", created_at=now, expires_at=now + timedelta(hours=24))
    export.file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {"pk": export.pk}


def a_rider(world) -> dict:
    from tests.factories import RiderFactory

    return {"pk": RiderFactory().pk}


ROUTES = [
    Route("privacy:data", page()),
    Route("privacy:export_download", OWNER_ONLY_PAGE, setup=riders_export),
    Route("privacy:delete", page()),
    Route("privacy:staff_anonymise", page(admin_only=True), setup=a_rider),
    Route("privacy:personal_data", page(admin_only=True), setup=a_rider),
    Route("privacy_api:export_create", api(ok=202), method="post"),
    Route("privacy_api:export_detail", OWNER_ONLY_API, setup=riders_export),
    Route("privacy_api:export_file", OWNER_ONLY_API, setup=riders_export),
    Route("privacy_api:deletion_code", api(ok=202), method="post"),
    Route("privacy_api:deletion", NONE_OPEN),
    Route("privacy_api:staff_anonymise", ADMIN_ONLY_API, setup=a_rider, method="post", data={"reason": "在窗口当面申请"}),
]
