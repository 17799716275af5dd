"""Download my data: every category of the rider's data, their photos, nothing of anybody else's."""

from __future__ import annotations

import io
import json
import zipfile

from friendlystreet.notifications.models import Notification
from friendlystreet.privacy.models import DataExport

CATEGORIES = ("account", "claims", "ledger", "vouchers", "volunteering", "reports", "tips")


def download(client, export) -> zipfile.ZipFile:
    response = client.get(f"/profile/data/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_rider_downloads_every_category_of_their_data_and_nothing_of_anybody_elses(
    lives, client_for, reviewer, django_capture_on_commit_callbacks
):
    mine, theirs = lives
    client = client_for(mine.rider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profile/data/")
    assert response.status_code == 302
    export = DataExport.objects.get(rider=mine.rider)
    assert export.status == "done"  # in-process without a broker
    told = Notification.objects.filter(recipient=mine.rider, kind="privacy_export_ready").get()
    assert told.link == f"/profile/data/{export.pk}/download/"

    archive = download(client, export)
    data = json.loads(archive.read("data.json"))
    for category in CATEGORIES:
        assert data[category], category
    account = data["account"]
    assert account["profile"]["phone"] == mine.rider.phone
    assert account["profile"]["work_id"] == "MT-甲甲"
    assert account["consents"][0]["version"] == "2026-01" and account["consents"][0]["given_at"]
    assert account["notifications"]
    assert "sessions" in account
    assert data["claims"][0]["description"] == "甲甲的描述"
    assert data["claims"][0]["decided_by"] == "街道办"
    assert [e["kind"] for e in data["ledger"]] == ["earn", "redeem", "redeem"]
    assert {v["status"] for v in data["vouchers"]} == {"redeemed", "issued"}
    assert data["volunteering"]["party_declaration"]["organisation"] == "甲甲党支部"
    assert data["volunteering"]["signups"] and data["volunteering"]["signatures"]
    assert data["reports"]["reports"][0]["updates"][0]["by"] == "街道办"
    assert data["tips"][0]["text"] == "甲甲：3号门可进"

    photos = [n for n in archive.namelist() if n.startswith("photos/")]
    assert len(photos) == 4  # claim, report, tip, evidence
    text = json.dumps(data, ensure_ascii=False)
    assert "乙乙" not in text  # the other rider's words
    assert theirs.rider.phone not in text and theirs.rider.display_name not in text
    assert reviewer.display_name not in text and reviewer.username not in text


def test_the_link_is_the_owners_only_and_expires(lives, client_for, django_capture_on_commit_callbacks):
    from datetime import timedelta

    mine, theirs = lives
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mine.rider).post("/profile/data/")
    export = DataExport.objects.get(rider=mine.rider)
    assert client_for(theirs.rider).get(f"/profile/data/{export.pk}/download/").status_code == 404
    DataExport.objects.filter(pk=export.pk).update(expires_at=export.created_at - timedelta(seconds=1))
    assert client_for(mine.rider).get(f"/profile/data/{export.pk}/download/").status_code == 404


def test_api_shapes(lives, api_for, django_capture_on_commit_callbacks):
    mine, theirs = lives
    api = api_for(mine.rider)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/me/exports/")
    assert created.status_code == 202
    assert set(created.json()) == {"id", "status"}
    export_id = created.json()["id"]
    detail = api.get(f"/api/v1/me/exports/{export_id}/").json()
    assert detail["status"] == "done"
    assert detail["download_url"] == f"http://testserver/api/v1/me/exports/{export_id}/file/"
    file = api.get(f"/api/v1/me/exports/{export_id}/file/")
    assert file.status_code == 200
    assert api_for(theirs.rider).get(f"/api/v1/me/exports/{export_id}/").status_code == 404
