"""The API asks for an export (202 at once) and follows it; the page does the same with a form."""

from __future__ import annotations

import pytest

from friendlystreet.ledgers.models import Export

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/exports/"
MARCH = {"kind": "ledger", "format": "csv", "start": "2025-03-01", "end": "2025-03-31"}


def test_post_answers_202_with_the_id_and_the_task_runs(reviewer, api_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(reviewer).post(URL, MARCH, format="json")

    export = Export.objects.get()
    assert response.status_code == 202
    assert response.json() == {"id": export.pk, "status": "queued"}  # read before the commit ran the task
    export.refresh_from_db()
    assert export.status == "done"

    detail = api_for(reviewer).get(f"{URL}{export.pk}/").json()
    assert detail == {
        "id": export.pk,
        "kind": "ledger",
        "format": "csv",
        "start": "2025-03-01",
        "end": "2025-03-31",
        "status": "done",
        "progress": 100,
        "rows": 0,
        "personal_data": False,
        "created_at": detail["created_at"],
        "expires_at": detail["expires_at"],
        "download_url": f"http://testserver/api/v1/staff/exports/{export.pk}/file/",
        "failure": None,
        "failure_message": None,
    }


def test_a_queued_export_has_no_download_url(reviewer, api_for):
    response = api_for(reviewer).post(URL, MARCH, format="json")  # no commit: the task has not run
    detail = api_for(reviewer).get(f"{URL}{response.json()['id']}/").json()

    assert (detail["status"], detail["progress"], detail["download_url"]) == ("queued", 0, None)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "passwords"}, "kind"),
        ({"format": "pdf"}, "format"),
        ({"start": "2025-04-01"}, "end"),
        ({"start": "1999-12-31"}, "start"),
        ({"end": "not a date"}, "end"),
        ({"kind": "ledger\u0000"}, "kind"),
    ],
)
def test_bad_requests_are_400_and_change_nothing(change, field, reviewer, api_for):
    response = api_for(reviewer).post(URL, {**MARCH, **change}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Export.objects.exists()


def test_missing_fields_are_400(reviewer, api_for):
    response = api_for(reviewer).post(URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "format", "start", "end"}


def test_riders_and_partners_may_not_export(rider, merchant_a, api_for):
    for user in (rider, merchant_a):
        assert api_for(user).post(URL, MARCH, format="json").status_code == 403
    assert api_for(None).post(URL, MARCH, format="json").status_code == 401
    assert not Export.objects.exists()


def test_the_list_is_the_callers_own(reviewer, street_admin, api_for):
    api_for(reviewer).post(URL, MARCH, format="json")
    api_for(street_admin).post(URL, {**MARCH, "kind": "riders"}, format="json")

    mine = api_for(reviewer).get(URL).json()

    assert [e["kind"] for e in mine["results"]] == ["ledger"]


def test_every_kind_of_the_issue_is_offered(reviewer, client_for):
    from friendlystreet.ledgers.registry import export_kinds

    assert {"ledger", "claims", "vouchers", "activities", "reports", "riders", "monthly_summary"} <= set(export_kinds)
    page = client_for(reviewer).get("/staff/exports/").content.decode()
    for code in ("ledger", "claims", "vouchers", "activities", "reports", "riders", "monthly_summary"):
        assert f'value="{code}"' in page


def test_the_page_form_starts_an_export_and_lists_it_with_its_link(reviewer, client_for, django_capture_on_commit_callbacks):
    client = client_for(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/exports/", {**MARCH, "format": "xlsx"})

    assert response.status_code == 302
    export = Export.objects.get()
    page = client.get("/staff/exports/").content.decode()
    assert f'href="/staff/exports/{export.pk}/download/"' in page
    assert 'data-status="done"' in page
    assert "js/exports.js" in page
    assert "骑手姓名和手机号已脱敏" in page  # a reviewer's exports are masked


def test_a_pending_export_shows_a_progress_bar_the_script_polls(reviewer, client_for):
    client = client_for(reviewer)
    client.post("/staff/exports/", MARCH)  # the task waits for a commit that never comes here
    export = Export.objects.get()
    Export.objects.filter(pk=export.pk).update(status="running", progress=40, rows=4000)

    page = client.get("/staff/exports/").content.decode()

    assert f'data-poll-url="/api/v1/staff/exports/{export.pk}/"' in page
    assert '<progress max="100" value="40"' in page


def test_the_form_refuses_an_end_before_the_start(reviewer, client_for):
    response = client_for(reviewer).post("/staff/exports/", {**MARCH, "start": "2025-04-01"})

    assert response.status_code == 200
    assert "结束日期早于开始日期。" in response.content.decode()
    assert not Export.objects.exists()


def test_the_list_page_runs_a_fixed_number_of_queries(reviewer, client_for, django_assert_num_queries):
    client = client_for(reviewer)
    for _ in range(3):
        client.post("/staff/exports/", MARCH)
    client.get("/staff/exports/")
    # session, user, permissions (2), the exports: the same for 3 exports or 30.
    with django_assert_num_queries(5):
        client.get("/staff/exports/")
