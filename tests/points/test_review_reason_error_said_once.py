"""A reviewer sends a rejection without a reason (a browser that lets an empty box through, a
reason of spaces). The claim page said it twice, a banner at the top (请填写驳回原因。) and
"这个字段是必填项。" under the box; the rider's verification page said 请填写原因。 twice. Now the
reason is asked for once, beside the box, which the page focuses; in English too. Where there
is no box to show it (one's own claim), the top of the page still says it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from points.models import Claim
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def said_by_the_box(page: str) -> str:
    """The error beside the reason box (the box points at it, and is focused)."""
    box = re.search(r'<(?:textarea|input[^>]*) name="reason"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in box and 'aria-describedby="reason-error"' in box and "autofocus" in box
    return re.sub(r"<[^>]+>", "", re.search(r'<ul class="errorlist" id="reason-error">(.*?)</ul>', page, re.S).group(1))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_claim_rejected_without_a_reason_is_asked_for_one_once_by_the_box(client_for, reviewer, reason):
    claim = ClaimFactory(rider=RiderFactory(), rule=RuleFactory())

    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/reject/", {"reason": reason}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/claims/{claim.pk}/"
    assert said_by_the_box(page) == "请填写驳回原因。"
    assert page.count("请填写驳回原因。") == 1
    assert "这个字段是必填项" not in page
    assert [str(m) for m in response.context["messages"]] == []
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_in_english_the_claim_page_says_it_once_too(client_for, reviewer):
    claim = ClaimFactory(rider=RiderFactory(), rule=RuleFactory())
    client = client_for(reviewer)
    client.cookies.load({"django_language": "en"})

    page = client.post(f"/staff/claims/{claim.pk}/reject/", {"reason": ""}, follow=True).content.decode()

    assert said_by_the_box(page) == "Give a reason for the rejection."
    assert page.count("Give a reason for the rejection.") == 1
    assert "This field is required." not in page


def test_a_rider_refused_without_a_reason_is_asked_for_one_once_by_the_box(client_for, reviewer):
    applicant = RiderFactory(verification="unverified")

    response = client_for(reviewer).post(
        f"/staff/riders/{applicant.pk}/decide/", {"decision": "reject", "reason": "  ", "and_next": "1"}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/riders/{applicant.pk}/decide/"
    assert said_by_the_box(page) == "请填写原因。"
    assert page.count("请填写原因。") == 1
    assert [str(m) for m in response.context["messages"]] == []
    applicant.refresh_from_db()
    assert applicant.verification == "unverified"


def test_ones_own_claim_has_no_box_so_the_top_of_the_page_says_it(client_for):
    reviewer_who_rides = RiderFactory()
    reviewer_who_rides.groups.add(Group.objects.get(name=roles.REVIEWER))
    claim = ClaimFactory(rider=reviewer_who_rides, rule=RuleFactory())

    response = client_for(reviewer_who_rides).post(f"/staff/claims/{claim.pk}/reject/", {"reason": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["请填写驳回原因。"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
