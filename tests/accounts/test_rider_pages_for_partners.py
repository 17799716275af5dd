"""A merchant at the counter (a partner operator) or a street-office worker who opens a rider's
page by its address (a bookmark, a link passed on) is told whose page it is and what their own
account is, with one tap to their own start: the counter, or the staff dashboard. They used to
see an empty passbook (0 积分), no claims and no vouchers, as if their points had been lost.
An app calling the rider's endpoints with their session gets 403 with the code rider_only."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from points.models import Voucher
from tests.factories import RiderFactory
from tests.html import section, text_of
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory
from tests.volunteers.factories import ActivityFactory
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

# The rider's pages that no menu of a merchant links to, from the points and volunteers apps.
RIDER_PAGES = [
    "/points/",
    "/points/claims/",
    "/points/claims/new/",
    "/vouchers/",
    "/profile/evidence/",
    "/profile/edit/",
    "/volunteer-record/",
    "/reports/",
    "/reports/new/",
]


@pytest.mark.parametrize("address", RIDER_PAGES)
def test_a_merchant_who_opens_a_riders_page_is_told_so_and_led_to_the_counter(client_for, merchant_a, address):
    page = client_for(merchant_a).get(address)

    assert page.status_code == 403
    html = page.content.decode()
    assert text_of(html, "rider-only") == "这是骑手的页面；您的账号是合作商户账号。"
    counter = section(html, "to-the-counter")
    assert 'href="/redeem/"' in counter and "核销兑换券" in counter
    assert 'data-testid="balance"' not in html  # no empty balance that reads like lost points


def test_a_merchant_reading_in_english_is_told_in_english(client_for, merchant_a):
    browser = client_for(merchant_a)
    browser.cookies["django_language"] = "en"

    html = browser.get("/points/").content.decode()

    assert unescape(text_of(html, "rider-only")) == "This page is for riders; your account is a partner operator's account."
    assert text_of(html, "to-the-counter") == "Redeem a voucher"


@pytest.mark.parametrize("address", ["/points/", "/vouchers/", "/points/claims/"])
def test_staff_who_open_a_riders_page_are_led_back_to_the_staff_dashboard(client_for, reviewer, street_admin, address):
    for worker in (reviewer, street_admin):
        page = client_for(worker).get(address)

        assert page.status_code == 403
        html = page.content.decode()
        assert text_of(html, "rider-only") == "这是骑手的页面；您的账号是街道办工作人员账号。"
        assert 'href="/staff/"' in section(html, "back-to-dashboard")
        assert 'data-testid="to-the-counter"' not in html


@pytest.mark.parametrize("address", ["/api/v1/me/ledger/", "/api/v1/vouchers/", "/api/v1/claims/", "/api/v1/reports/"])
def test_a_merchants_app_is_answered_rider_only(api_for, merchant_a, address):
    answer = api_for(merchant_a).get(address)

    assert answer.status_code == 403
    # An app shows the message where the rider's action was: it names no page.
    assert answer.json() == {"message": "仅骑手可以使用此功能；您的账号是合作商户账号。", "code": "rider_only", "fields": {}}


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Only riders can do this; your account is a street-office staff account."),
        ("zh-hans", "仅骑手可以使用此功能；您的账号是街道办工作人员账号。"),
    ],
)
def test_a_reviewers_app_is_told_in_its_language_without_a_page(api_for, reviewer, language, words):
    answer = api_for(reviewer).get("/api/v1/me/ledger/", HTTP_ACCEPT_LANGUAGE=language)

    assert (answer.status_code, answer.json()["code"], answer.json()["message"]) == (403, "rider_only", words)


def test_a_merchants_app_cannot_sign_up_to_an_activity_and_nobody_is_signed_up(api_for, merchant_a):
    activity = ActivityFactory()

    answer = api_for(merchant_a).post(f"/api/v1/activities/{activity.pk}/signup/")

    assert answer.status_code == 403 and answer.json()["code"] == "rider_only"
    assert api_for(merchant_a).get("/api/v1/me/volunteer-record/").json()["code"] == "rider_only"
    assert not Signup.objects.exists()


def test_a_merchant_cannot_buy_a_reward_and_nothing_is_bought(client_for, api_for, merchant_a):
    reward = RewardFactory(cost=10)

    page = client_for(merchant_a).post(f"/rewards/{reward.pk}/redeem/", {"idempotency_key": "k1"})
    answer = api_for(merchant_a).post(f"/api/v1/rewards/{reward.pk}/redeem/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 403 and 'data-testid="rider-only"' in page.content.decode()
    assert answer.status_code == 403
    assert answer.json()["code"] == "rider_only"
    assert answer.json()["message"] == "Only riders can do this; your account is a partner operator's account."
    assert not Voucher.objects.exists()


def test_a_rider_who_also_serves_at_a_counter_keeps_their_own_pages(client_for, api_for):
    rider_and_merchant = RiderFactory()
    rider_and_merchant.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])

    for address in ("/points/", "/points/claims/", "/vouchers/", "/reports/", "/volunteer-record/"):
        assert client_for(rider_and_merchant).get(address).status_code == 200, address
    assert api_for(rider_and_merchant).get("/api/v1/me/ledger/").status_code == 200


def test_staff_still_read_every_claim_and_the_triage_list_through_the_api(api_for, reviewer, rider):
    ClaimFactory(rider=rider)

    claims = api_for(reviewer).get("/api/v1/claims/")
    reports = api_for(reviewer).get("/api/v1/reports/")

    assert claims.status_code == 200 and claims.json()["count"] == 1
    assert reports.status_code == 200
