"""Every text that sends its reader to the street office says how to reach it once the office has
set settings.STREET_OFFICE_CONTACT (friendlystreet.office.with_contact), as the pages already did
(90cc041) and the SMS and API refusals since 185b2bd. These still said only "contact the street
office": the word a rider deactivated while signed in reads on their next page, the SMS to the
old number after a change of number ("contact the street office at once", to someone whose
account may have been taken over), the notice of a reward published with changed terms, the
message of a partner who tries to resume a reward the street office switched off, the help
under the password reset for one who lost their number, and the refusal of a deletion code to
an account without a number. Unset (or spaces), each reads as before."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from friendlystreet.notifications.models import Notification
from points.models import Reward
from tests.accounts.helpers import last_code, texts_sent_to
from tests.factories import TEST_PASSWORD, PartnerFactory, RiderFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

CONTACT = "028-8888 0000（工作日 9:00–17:00）"
SAID = {"zh-hans": f"街道办联系方式：{CONTACT}。", "en": f" Street office contact: {CONTACT}."}
SET_AND_UNSET = [
    pytest.param(CONTACT, "zh-hans", id="set-zh"),
    pytest.param(CONTACT, "en", id="set-en"),
    pytest.param("", "zh-hans", id="unset-zh"),
    pytest.param("  ", "en", id="unset-en"),
]


def said(contact: str, language: str) -> str:
    """What follows the sentence: the contact in the language's way, or nothing."""
    return SAID[language] if contact.strip() else ""


def flash_messages(response) -> list[str]:
    return re.findall(r'<li class="msg [^"]*">(.*?)</li>', response.content.decode(), re.S)


# --- a rider deactivated while signed in, on their next page --------------------------------------

DEACTIVATED = {
    "zh-hans": "您的账号已被街道办停用。如有疑问，请联系街道办。",
    "en": "Your account has been deactivated by the street office. If you have questions, contact the street office.",
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_a_rider_deactivated_while_signed_in_is_told_how_to_reach_the_office(
    client_for, rider, street_admin, settings, contact, language
):
    settings.STREET_OFFICE_CONTACT = contact
    phone = Client()
    assert phone.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}).status_code == 302
    assert phone.get("/home/").status_code == 200  # welcomed
    phone.cookies["django_language"] = language
    done = client_for(street_admin).post(f"/staff/users/{rider.pk}/active/", {"active": "0", "reason": "骑手已离职"})
    assert done.status_code == 302

    next_page = phone.get("/home/", follow=True)

    assert next_page.redirect_chain[-1][0].startswith("/accounts/login/")
    assert flash_messages(next_page) == [DEACTIVATED[language] + said(contact, language)]


# --- the SMS to the old number after a change of number -------------------------------------------

OLD = "+8613912340001"
NEW = "+8613912340002"
CHANGED = {
    "zh-hans": "您的友好街道账号已改用手机号 139****0002，本号码不能再用于登录。如非您本人操作，请尽快联系街道办。",
    "en": (
        "Your Friendly Street account now uses the mobile number 139****0002; this number no longer signs in to it. "
        "If you did not make this change, contact the street office at once."
    ),
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_the_old_number_is_texted_how_to_reach_the_office(
    client_for, settings, django_capture_on_commit_callbacks, contact, language
):
    settings.STREET_OFFICE_CONTACT = contact
    rider = RiderFactory(display_name="王小明", phone=OLD, language=language)
    phone = client_for(rider)
    phone.post("/accounts/phone/change/", {"phone": "139 1234 0002"})

    with django_capture_on_commit_callbacks(execute=True):  # the notice leaves once the change is saved
        phone.post("/accounts/phone/verify/", {"code": last_code(NEW)})

    rider.refresh_from_db()
    assert rider.phone == NEW
    (notice,) = texts_sent_to(OLD)
    assert notice.endswith(CHANGED[language] + said(contact, language))


# --- a partner's reward published with changed terms ----------------------------------------------

PUBLISHED_CHANGED = {
    "zh-hans": (
        "街道已上架您提议的奖品“免费测血压”，并修改了以下条件：所需积分：10 → 20。骑手现在可以兑换；如新条件不合适，请联系街道。"
    ),
    "en": (
        "The street office published your reward “免费测血压” with changed terms: cost in points: 10 → 20. "
        "Riders can redeem it now; if the new terms do not suit you, contact the street office."
    ),
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_a_reward_published_with_changed_terms_says_how_to_reach_the_office(
    client_for, street_admin, settings, contact, language
):
    settings.STREET_OFFICE_CONTACT = contact
    clinic = VenueFactory(name="社区卫生服务中心", kind=VenueKind.HOSPITAL)
    operator = PartnerFactory(display_name="卫生中心李医生", language=language)
    clinic.operators.add(operator)
    proposed = {"venue": clinic.pk, "title": "免费测血压", "description": "", "cost": 10, "stock": 50, "valid_days": 30}
    assert client_for(operator).post("/redeem/propose/", proposed).status_code == 302
    proposal = Reward.objects.get(title="免费测血压")

    # The street admin publishes it at 20 points instead of 10.
    published = {**proposed, "cost": 20, "stock_seen": 50, "per_rider_monthly_limit": "", "active": "on"}
    assert client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/", published).status_code == 302

    notice = Notification.objects.get(recipient=operator, kind="points_reward_published_changed")
    assert notice.body == PUBLISHED_CHANGED[language] + said(contact, language)
    inbox = client_for(operator).get("/notifications/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert notice.body in inbox


# --- a partner resuming a reward the street office switched off -----------------------------------

SWITCHED_OFF = {
    "zh-hans": "街道办下架了此奖品：如需重新上架，请联系街道办。",
    "en": "The street office switched this reward off: ask them to offer it again.",
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_resuming_a_reward_the_office_switched_off_says_how_to_reach_it(client_for, street_admin, settings, contact, language):
    """The owner paused it for the holiday; meanwhile the street office switched it off. Their
    本店的奖品 page, still open, offers 恢复兑换, and pressing it is refused."""
    settings.STREET_OFFICE_CONTACT = contact
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)
    owner = PartnerFactory(display_name="老街面馆张姐")
    shop.operators.add(owner)
    reward = RewardFactory(venue=shop, title="面馆加蛋券")
    counter = client_for(owner)
    assert counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "pause"}, follow=True).status_code == 200
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")

    refused = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}, follow=True, HTTP_ACCEPT_LANGUAGE=language)

    # Said at the reward, where the page opens (#reward-<id>), not in the messages at the top.
    assert re.findall(r'data-testid="reward-said">(.*?)</p>', refused.content.decode(), re.S) == [
        SWITCHED_OFF[language] + said(contact, language)
    ]
    reward.refresh_from_db()
    assert not reward.active


# --- one who lost their number, under the password reset ------------------------------------------

LOST_NUMBER = {
    "zh-hans": "无法用短信登录（例如已不再使用该号码）？请到街道办服务窗口咨询。",
    "en": "Cannot sign in by SMS (for example, you no longer have the number)? Ask at the street office's service window.",
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_the_password_reset_help_says_how_to_reach_the_office(client, settings, contact, language):
    settings.STREET_OFFICE_CONTACT = contact

    page = client.get("/accounts/password/reset/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    help_ = re.search(r'<p id="reset-help">(.*?)</p>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", help_) == LOST_NUMBER[language] + said(contact, language)


# --- a deletion code for an account without a number ----------------------------------------------

NO_PHONE = {
    "zh-hans": "您的账号没有可接收验证码的手机号，请到街道办现场办理。",
    "en": "Your account has no phone number to send a code to. Please ask at the street office.",
}


@pytest.mark.parametrize(("contact", "language"), SET_AND_UNSET)
def test_no_number_for_a_deletion_code_says_how_to_reach_the_office(client_for, api_for, settings, contact, language):
    settings.STREET_OFFICE_CONTACT = contact
    rider = RiderFactory(phone=None, phone_verified=False)

    page = client_for(rider).post("/profile/delete/", {"action": "send_code"}, follow=True, HTTP_ACCEPT_LANGUAGE=language)
    answer = api_for(rider).post("/api/v1/me/deletion/code/", HTTP_ACCEPT_LANGUAGE=language)

    expected = NO_PHONE[language] + said(contact, language)
    assert expected in flash_messages(page)
    assert answer.status_code == 409 and answer.json()["message"] == expected
