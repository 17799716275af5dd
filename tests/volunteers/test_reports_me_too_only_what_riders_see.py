"""A rider says "me too" only on a report they may know of: an open one with a pin, which the
nearby list ("is this the same problem?") shows every rider, or one they said "me too" on
before. Report numbers count up, so before this a rider could post "me too" on any number: add
themselves to reports nobody showed them (placed by an address alone: they rose in the staff's
triage list) and learn the state of everyone's reports from the answers (201 open, 409
report_closed, 404 none). Now every report they may not know of is the same 404 not_found, in
the same words as a number that does not exist, from the API, the page and the service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from volunteers.models import MeToo, Report
from volunteers.reports import errors
from volunteers.reports.services import report_me_too, report_submit, report_transition

pytestmark = pytest.mark.django_db

S = Report.Status
HERE = (30.6578, 104.0812)  # 成龙路
NEARBY = "/api/v1/reports/nearby/"
NOT_FOUND_ZH = "没有您可以点“我也看到了”的这个编号的线索，它可能在您看到之后已经结束处理。"
NOT_FOUND_EN = "There is no open report with this number that you can say “me too” on. It may have been closed since you saw it."


def api_url(pk: int) -> str:
    return f"/api/v1/reports/{pk}/me-too/"


def page_url(pk: int) -> str:
    return reverse("volunteers:report_me_too", args=[pk])


def a_report(reporter, *, pinned: bool = True) -> Report:
    place = {"lat": HERE[0], "lng": HERE[1]} if pinned else {"address": "成龙路168号"}
    return report_submit(rider=reporter, category="sanitation", description="消防通道旁堆满了装修垃圾", **place).report


@pytest.fixture
def hidden(other_rider, reviewer) -> dict[str, int]:
    """Numbers of other riders' reports that no page or list shows `rider`, and one that is none."""
    rejected = report_transition(actor=reviewer, report=a_report(other_rider), status=S.REJECTED, note="不在本街道")
    resolved = report_transition(actor=reviewer, report=a_report(other_rider), status=S.ACCEPTED)
    resolved = report_transition(actor=reviewer, report=resolved, status=S.RESOLVED, note="已清运")
    original = a_report(other_rider)
    duplicate = report_transition(actor=reviewer, report=a_report(other_rider), status=S.DUPLICATE, duplicate_of=original)
    unpinned = a_report(other_rider, pinned=False)  # open, but nearby never shows a report without a pin
    return {
        "rejected": rejected.pk,
        "resolved": resolved.pk,
        "duplicate": duplicate.pk,
        "unpinned": unpinned.pk,
        "none": Report.objects.order_by("-pk").first().pk + 100,
    }


def test_the_api_answers_every_report_the_rider_cannot_see_as_one_that_does_not_exist(api_for, rider, hidden):
    api = api_for(rider)

    for name, pk in hidden.items():
        zh = api.post(api_url(pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
        en = api.post(api_url(pk), HTTP_ACCEPT_LANGUAGE="en")
        assert (zh.status_code, zh.json()) == (404, {"message": NOT_FOUND_ZH, "code": "not_found", "fields": {}}), name
        assert (en.status_code, en.json()["message"]) == (404, NOT_FOUND_EN), name
    assert not MeToo.objects.filter(rider=rider).exists()


def test_the_page_refuses_them_in_the_same_words_with_and_without_javascript(client_for, rider, hidden):
    client = client_for(rider)

    for name, pk in hidden.items():
        fragment = client.post(page_url(pk), headers={"X-Requested-With": "fetch"})
        page = client.post(page_url(pk), follow=True)
        assert fragment.status_code == 404 and NOT_FOUND_ZH in fragment.content.decode(), name
        assert "rp-me-too-refused" in fragment.content.decode(), name
        # Without JavaScript: back on the report form, which says why.
        assert page.redirect_chain == [(reverse("volunteers:report_new"), 302)], name
        assert NOT_FOUND_ZH in page.content.decode(), name
    assert not MeToo.objects.filter(rider=rider).exists()


def test_the_service_refuses_them_too(rider, hidden):
    for name, pk in hidden.items():
        if name == "none":
            continue
        with pytest.raises(errors.ReportNotFound):
            report_me_too(rider=rider, report=Report.objects.get(pk=pk))
    assert not MeToo.objects.exists()


def test_what_the_nearby_list_shows_the_rider_can_be_seconded(api_for, rider, other_rider, hidden):
    near = a_report(other_rider)
    api = api_for(rider)

    shown = [r["id"] for r in api.get(NEARBY, {"lat": HERE[0], "lng": HERE[1], "category": "sanitation"}).json()]

    # The original of the duplicate is open too: both are shown, none of the hidden ones.
    assert near.pk in shown and not set(shown) & set(hidden.values())
    for pk in shown:
        assert api.post(api_url(pk)).status_code == 201
    assert MeToo.objects.filter(rider=rider).count() == len(shown)


def test_a_report_the_rider_seconded_and_that_closed_since_is_closed_to_them_not_unknown(
    api_for, client_for, rider, other_rider, reviewer
):
    report = a_report(other_rider)
    report_me_too(rider=rider, report=report)
    report_transition(actor=reviewer, report=report, status=S.REJECTED, note="不在本街道")

    answer = api_for(rider).post(api_url(report.pk))
    fragment = client_for(rider).post(page_url(report.pk), headers={"X-Requested-With": "fetch"})

    assert (answer.status_code, answer.json()["code"]) == (409, "report_closed")
    assert fragment.status_code == 409 and "这条线索已经结束处理。" in fragment.content.decode()


@pytest.mark.parametrize("number", ["0", "99999999999999999999", "-1", "abc"])
def test_a_number_that_is_no_report_is_never_a_server_error(api_for, client_for, rider, number):
    api = api_for(rider).post(f"/api/v1/reports/{number}/me-too/")
    page = client_for(rider).post(f"/reports/{number}/me-too/", follow=True)
    assert api.status_code == 404
    # A number the address takes (0) is answered as any report the rider cannot see; the others
    # are no address of the site.
    assert page.status_code == 404 or NOT_FOUND_ZH in page.content.decode()
    assert not MeToo.objects.exists()
