"""A reviewer works through a filtered queue (one rider, one category, some days): the claim
page, "approve and next", "reject and next", the n key's link and the way back all stay within
the filter; the rejection reason has one name on every review screen; a bulk action with no
claim ticked says to tick one; verifying a rider without a screenshot asks first."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from points.models import Claim
from tests.factories import RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def submitted(minutes_ago: int, **kwargs) -> Claim:
    """A claim submitted `minutes_ago` (the queue is oldest first by submission)."""
    claim = ClaimFactory(**kwargs)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    claim.refresh_from_db()
    return claim


@pytest.fixture
def gao(db):
    return RiderFactory(display_name="高峰", phone="+8613800000015")


@pytest.fixture
def zhou(db):
    return RiderFactory(display_name="周远", phone="+8613800000016")


@pytest.fixture
def queue(gao, zhou):
    """Gao's three claims with a claim by Zhou submitted between them (oldest first: g1, z1, g2, g3)."""
    rule = RuleFactory(name="文明劝导", points=10)
    return {
        "g1": submitted(40, rider=gao, rule=rule),
        "z1": submitted(30, rider=zhou, rule=rule),
        "g2": submitted(20, rider=gao, rule=rule),
        "g3": submitted(10, rider=gao, rule=rule),
    }


GAO_ONLY = "status=pending&rider=13800000015"


def link(body: str, element_id: str) -> str:
    match = re.search(rf'<a href="([^"]+)"[^>]*id="{element_id}"', body) or re.search(
        rf'<a [^>]*id="{element_id}"[^>]*href="([^"]+)"', body
    )
    assert match, element_id
    return match.group(1).replace("&amp;", "&")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_the_filtered_queue_opens_each_claim_with_its_filter(client_for, reviewer, queue):
    body = client_for(reviewer).get(f"/staff/claims/?{GAO_ONLY}").content.decode()
    opened = re.findall(r'<a href="([^"]+)" class="open-claim">', body)
    assert [urlsplit(u.replace("&amp;", "&")).path for u in opened] == [
        f"/staff/claims/{queue[k].pk}/" for k in ("g1", "g2", "g3")
    ]
    assert all(query_of(u.replace("&amp;", "&"))["rider"] == ["13800000015"] for u in opened)


def test_next_pending_claim_stays_with_the_filtered_rider(client_for, reviewer, queue):
    body = client_for(reviewer).get(f"/staff/claims/{queue['g1'].pk}/?{GAO_ONLY}").content.decode()
    nxt = link(body, "next-claim")
    assert urlsplit(nxt).path == f"/staff/claims/{queue['g2'].pk}/"  # not Zhou's z1, older than g2
    assert query_of(nxt)["rider"] == ["13800000015"]
    # the last of the filter wraps to the oldest of the filter still waiting
    body = client_for(reviewer).get(f"/staff/claims/{queue['g3'].pk}/?{GAO_ONLY}").content.decode()
    assert urlsplit(link(body, "next-claim")).path == f"/staff/claims/{queue['g1'].pk}/"


def test_the_way_back_keeps_the_filter(client_for, reviewer, queue):
    body = client_for(reviewer).get(f"/staff/claims/{queue['g1'].pk}/?{GAO_ONLY}").content.decode()
    back = link(body, "back-to-queue")
    assert urlsplit(back).path == "/staff/claims/"
    assert query_of(back) == {"rider": ["13800000015"]}  # pending is the queue's default
    listed = client_for(reviewer).get(back).context["rows"]
    assert [c.pk for c, _month, _same_day in listed] == [queue[k].pk for k in ("g1", "g2", "g3")]


def test_approve_and_next_goes_on_within_the_filter_and_ends_at_the_filtered_queue(client_for, reviewer, queue):
    client = client_for(reviewer)
    body = client.get(f"/staff/claims/{queue['g1'].pk}/?{GAO_ONLY}").content.decode()
    action = re.search(r'action="([^"]+)" id="approve-form"', body).group(1).replace("&amp;", "&")
    response = client.post(action, {"and_next": "1"})
    assert urlsplit(response["Location"]).path == f"/staff/claims/{queue['g2'].pk}/"
    assert query_of(response["Location"])["rider"] == ["13800000015"]

    client.post(f"/staff/claims/{queue['g2'].pk}/approve/?{GAO_ONLY}", {"and_next": "1"})
    response = client.post(f"/staff/claims/{queue['g3'].pk}/reject/?{GAO_ONLY}", {"and_next": "1", "reason": "照片看不清"})
    assert urlsplit(response["Location"]).path == "/staff/claims/"
    page = client.get(response["Location"])
    assert "符合筛选条件的申请都已审核完了。" in page.content.decode()
    assert list(page.context["rows"]) == []

    for key, status in (("g1", "approved"), ("g2", "approved"), ("g3", "rejected"), ("z1", "pending")):
        queue[key].refresh_from_db()
        assert queue[key].status == status, key


def test_a_date_it_cannot_read_drops_itself_and_keeps_the_rider_filter(client_for, reviewer, queue):
    """A hand-edited `occurred_from=yesterday` used to drop every filter: the reviewer filtering
    Gao's claims saw Zhou's too. Now only the date is dropped."""
    listed = client_for(reviewer).get(f"/staff/claims/?{GAO_ONLY}&occurred_from=yesterday").context["rows"]

    assert [c.pk for c, _month, _same_day in listed] == [queue[k].pk for k in ("g1", "g2", "g3")]


def test_a_status_it_cannot_read_is_the_default_pending(client_for, reviewer, queue):
    Claim.objects.filter(pk=queue["g1"].pk).update(status=Claim.Status.WITHDRAWN)

    listed = client_for(reviewer).get("/staff/claims/?status=maybe&rider=13800000015").context["rows"]

    assert [c.pk for c, _month, _same_day in listed] == [queue[k].pk for k in ("g2", "g3")]


def test_a_refused_rejection_comes_back_to_the_claim_within_the_filter(client_for, reviewer, queue):
    response = client_for(reviewer).post(f"/staff/claims/{queue['g1'].pk}/reject/?{GAO_ONLY}", {"reason": "  "})
    assert urlsplit(response["Location"]).path == f"/staff/claims/{queue['g1'].pk}/"
    assert query_of(response["Location"])["rider"] == ["13800000015"]
    queue["g1"].refresh_from_db()
    assert queue["g1"].status == "pending"


def test_a_category_filter_keeps_the_reviewer_in_that_category(client_for, reviewer, rider):
    volunteering = RuleFactory(category=CategoryFactory(name="志愿服务"))
    reports = RuleFactory(category=CategoryFactory(name="随手拍"))
    first = submitted(30, rider=rider, rule=volunteering)
    submitted(20, rider=rider, rule=reports)
    third = submitted(10, rider=rider, rule=volunteering)
    category = f"category={volunteering.category_id}"
    response = client_for(reviewer).post(f"/staff/claims/{first.pk}/approve/?{category}", {"and_next": "1"})
    assert urlsplit(response["Location"]).path == f"/staff/claims/{third.pk}/"
    assert query_of(response["Location"])["category"] == [str(volunteering.category_id)]


def test_a_claim_opened_from_a_list_of_decided_claims_goes_on_to_pending_ones_of_the_filter(client_for, reviewer, gao, zhou):
    rule = RuleFactory()
    decided = submitted(40, rider=gao, rule=rule)
    Claim.objects.filter(pk=decided.pk).update(status=Claim.Status.REJECTED, reason="重复")
    submitted(30, rider=zhou, rule=rule)
    waiting = submitted(20, rider=gao, rule=rule)
    body = client_for(reviewer).get(f"/staff/claims/{decided.pk}/?status=&rider=高峰").content.decode()
    nxt = link(body, "next-claim")
    assert urlsplit(nxt).path == f"/staff/claims/{waiting.pk}/"
    assert query_of(nxt) == {"status": [""], "rider": ["高峰"]}  # all statuses stay all statuses


def test_without_a_filter_the_links_stay_plain_and_follow_the_whole_queue(client_for, reviewer, queue):
    body = client_for(reviewer).get(f"/staff/claims/{queue['g1'].pk}/").content.decode()
    assert link(body, "next-claim") == f"/staff/claims/{queue['z1'].pk}/"
    assert link(body, "back-to-queue") == "/staff/claims/"
    response = client_for(reviewer).post(f"/staff/claims/{queue['g1'].pk}/approve/", {"and_next": "1"})
    assert response["Location"] == f"/staff/claims/{queue['z1'].pk}/"


# --- words on the review screens ---------------------------------------------------------------------


def test_the_rejection_reason_is_called_驳回原因_on_every_review_screen(client_for, reviewer, queue):
    unverified = RiderFactory(verification=Verification.UNVERIFIED)
    client = client_for(reviewer)
    claim_page = client.get(f"/staff/claims/{queue['g1'].pk}/").content.decode()
    bulk_form = client.get("/staff/claims/").content.decode()
    verification_page = client.get(f"/staff/riders/{unverified.pk}/decide/").content.decode()
    assert '<label for="id_reason">驳回原因</label>' in claim_page
    assert "转到驳回原因，填好后按" in claim_page  # the r key's hint
    assert '<label for="bulk-reason">驳回原因</label>' in bulk_form
    assert '<label for="reason">驳回原因</label>' in verification_page
    for page in (claim_page, bulk_form, verification_page):
        assert "原因（驳回时填写）" not in page and "理由" not in page


def test_approving_selected_with_nothing_ticked_says_to_tick_claims_first(client_for, reviewer, queue):
    response = client_for(reviewer).post("/staff/claims/bulk/", {"action": "approve", "next": "/staff/claims/"}, follow=True)
    assert "请先勾选要处理的申请。" in response.content.decode()
    assert Claim.objects.filter(status=Claim.Status.PENDING).count() == 4


def test_the_key_hints_wait_for_the_script_to_show_them_where_there_is_a_keyboard(client_for, reviewer, queue):
    for url in ("/staff/claims/", f"/staff/claims/{queue['g1'].pk}/"):
        body = client_for(reviewer).get(url).content.decode()
        hint = re.search(r'<p class="muted shortcuts"[^>]*>', body).group(0)
        assert " hidden" in hint, url


def test_verifying_a_rider_without_a_screenshot_asks_first(client_for, reviewer):
    applicant = RiderFactory(verification=Verification.UNVERIFIED)
    body = client_for(reviewer).get(f"/staff/riders/{applicant.pk}/decide/").content.decode()
    verify_form = re.search(r'<form [^>]*id="verify-form"[^>]*>', body).group(0)
    assert 'data-confirm="该骑手尚未上传平台个人资料截图。仍要认证通过吗？"' in verify_form
    assert re.search(r'<button type="submit" name="decision" value="verify" form="verify-form"', body)
    # The reject button is not asked about: it sends the form with the reason.
    assert re.search(r'<form [^>]*id="decide-form"', body).group(0).find("data-confirm") == -1
