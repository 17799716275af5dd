"""Exports (台账, issue 17): reviewers and street admins ask for them; an export and its file
are its owner's only (404 to other staff)."""

from __future__ import annotations

from tests.access import LOGIN, Route, api, page

# The reviewer's export: other staff get 404, as if it did not exist.
OWNER_ONLY_PAGE = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 200, "admin": 404}
OWNER_ONLY_API = {"anon": 401, "rider": 403, "partner": 403, "reviewer": 200, "admin": 404}
REQUEST = {"kind": "ledger", "format": "csv", "start": "2026-03-01", "end": "2026-03-31"}


def reviewers_export(world) -> dict:
    from datetime import date

    from django.core.files.base import ContentFile

    from friendlystreet.ledgers.models import Export

    export = Export.objects.create(
        owner=world.reviewer, kind="ledger", format="csv", start=date(2026, 3, 1), end=date(2026, 3, 31), status="done"
    )
    export.file.save("x.csv", ContentFile(b"\xef\xbb\xbfID\r\n"))
    return {"pk": export.pk}


ROUTES = [
    Route("ledgers:export_list", page(staff=True)),
    Route("ledgers:export_download", OWNER_ONLY_PAGE, setup=reviewers_export),
    Route("ledgers_api:export_list", api(staff=True)),
    Route("ledgers_api:export_list", api(staff=True, ok=202), method="post", data=REQUEST),
    Route("ledgers_api:export_detail", OWNER_ONLY_API, setup=reviewers_export),
    Route("ledgers_api:export_file", OWNER_ONLY_API, setup=reviewers_export),
]
