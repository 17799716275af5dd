"""我的积分 says what is still waiting for review. A rider who sent a claim and opened their
points page saw the balance and the passbook only, as if the claim had been lost, and might
send it again. Under the balance, a line now says how many claims wait and what they would
earn (what 我的申请 says of each: expected +N, caps applied), and leads to 我的申请, where
each one opens with its 撤回 button. Approved, a claim leaves the line for the passbook;
withdrawn, it leaves it altogether. GET /api/v1/me/ says the same in `pending_claims`."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from points import services
from points.models import Claim, Rule
from tests.points.factories import ClaimFactory, RuleFactory
from tests.test_api_schema_me import strict_me_schema

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def waiting_line(page) -> str | None:
    """The line under the balance, and where it leads; None when there is none."""
    found = re.search(r'data-testid="claims-waiting"><a href="([^"]+)">(.*?)</a>', page.content.decode(), flags=re.S)
    return found and f"{found[2]} → {found[1]}"


def balance(page) -> int:
    return int(re.search(r'data-testid="balance">(\d+)<', page.content.decode())[1])


def when(**delta) -> str:
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def rescue(db):
    return RuleFactory(name="应急救援协助", name_en="Emergency rescue help", points=30)


@pytest.fixture
def helping(db):
    return RuleFactory(name="帮扶困难群众", name_en="Helping people in need", points=20)


def send_claim(client, rule: Rule, description: str) -> Claim:
    """The rider fills in the claim form and sends it, as on /points/claims/new/."""
    sent = client.post(
        "/points/claims/new/", {"rule": rule.pk, "quantity": "1", "occurred_at": when(hours=2), "description": description}
    )
    assert sent.status_code == 302, text_of(sent)
    return Claim.objects.get(pk=sent["Location"].rstrip("/").rsplit("/", 1)[1])


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_claim_sent_is_waiting_on_my_points_until_it_is_approved(client_for, rider, reviewer, rescue):
    phone = client_for(rider)
    claim = send_claim(phone, rescue, "帮助摔倒的老人并拨打120")

    page = phone.get("/points/")
    assert waiting_line(page) == "1 条申请审核中，通过后预计可得 30 积分 → /points/claims/"
    assert balance(page) == 0
    # Where the line leads: the claim, waiting, with what it would earn.
    claims = text_of(phone.get("/points/claims/"))
    assert "应急救援协助 待审核 预计 +30" in claims

    approved = client_for(reviewer).post(f"/staff/claims/{claim.pk}/approve/")
    assert approved.status_code == 302

    page = phone.get("/points/")
    assert waiting_line(page) is None
    assert balance(page) == 30
    assert "应急救援协助" in text_of(page)  # now a line of the passbook


def test_in_english_two_claims_wait_and_each_one_withdrawn_leaves(client_for, rider, rescue, helping):
    phone = in_english(client_for(rider))
    first = send_claim(phone, rescue, "Helped an old man who fell")
    second = send_claim(phone, helping, "Carried shopping upstairs for a neighbour")

    assert waiting_line(phone.get("/points/")) == "2 claims waiting for review, expected to earn 50 points → /points/claims/"

    phone.post(f"/points/claims/{first.pk}/withdraw/")
    assert waiting_line(phone.get("/points/")) == "1 claim waiting for review, expected to earn 20 points → /points/claims/"

    phone.post(f"/points/claims/{second.pk}/withdraw/")
    page = phone.get("/points/")
    assert waiting_line(page) is None
    assert balance(page) == 0


def test_the_line_says_what_my_claims_says_when_a_daily_cap_cuts_it(client_for, rider, reviewer):
    """10 points an hour, at most 40 a day: 3 hours approved today leave 10 for 2 more hours,
    and nothing for a third claim the same day. The line adds up what 我的申请 says of each."""
    hours = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, max_per_day=40)
    today = timezone.now() - timedelta(minutes=30)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=hours, quantity=Decimal(3), occurred_at=today))
    ClaimFactory(rider=rider, rule=hours, quantity=Decimal(2), occurred_at=today)
    other_day = timezone.now() - timedelta(days=1)
    ClaimFactory(rider=rider, rule=hours, quantity=Decimal(2), occurred_at=other_day)  # its own day: 20
    phone = client_for(rider)

    page = phone.get("/points/")

    claims_page = text_of(phone.get("/points/claims/"))
    expected = [int(n) for n in re.findall(r"预计 \+(\d+)", claims_page)]
    assert sorted(expected) == [10, 20]
    assert waiting_line(page) == "2 条申请审核中，通过后预计可得 30 积分 → /points/claims/"
    assert balance(page) == 30


def test_a_claim_the_cap_leaves_nothing_for_is_still_said_to_wait(client_for, rider, reviewer):
    capped = RuleFactory(name="文明劝导", points=10, max_per_day=10)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=capped))
    ClaimFactory(rider=rider, rule=capped)

    assert waiting_line(client_for(rider).get("/points/")) == "1 条申请审核中 → /points/claims/"


def test_only_my_claims_still_waiting_are_counted(client_for, rider, other_rider, reviewer, rescue, helping):
    ClaimFactory(rider=rider, rule=helping)
    ClaimFactory(rider=other_rider, rule=rescue)
    rejected = ClaimFactory(rider=rider, rule=rescue)
    services.claim_reject(actor=reviewer, claim=rejected, reason="照片看不清")

    assert waiting_line(client_for(rider).get("/points/")) == "1 条申请审核中，通过后预计可得 20 积分 → /points/claims/"


def test_an_app_reads_the_same_in_me(api_for, client, rider, reviewer, rescue, helping):
    api = api_for(rider)
    first = ClaimFactory(rider=rider, rule=rescue)
    ClaimFactory(rider=rider, rule=helping)

    me = api.get("/api/v1/me/").json()
    strict_me_schema(client).validate(me)
    assert (me["balance"], me["pending_claims"]) == (0, {"count": 2, "expected_points": 50})

    services.claim_approve(actor=reviewer, claim=first)
    me = api.get("/api/v1/me/").json()
    assert (me["balance"], me["pending_claims"]) == (30, {"count": 1, "expected_points": 20})


def test_staff_read_nothing_waiting_in_me(api_for, reviewer):
    assert api_for(reviewer).get("/api/v1/me/").json()["pending_claims"] == {"count": 0, "expected_points": 0}
