"""The street office's contact (settings.STREET_OFFICE_CONTACT, friendlystreet.office) reaches
those who read the site's refusals by SMS or through the API, where the pages already gave it
(90cc041): the owner of a deactivated account who asks for a sign-in code (the deactivated
account's page says it), a partner whose app sends a venue detail only the street office
changes (the venue details form says it) and a counter paused by failed look-ups, in the app as
on the page. Unset, those texts read as before."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import texts_sent_to
from tests.factories import RiderFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

CONTACT = "028-8888 0000（工作日 9:00–17:00）"
SAID_ZH = f"街道办联系方式：{CONTACT}。"
SAID_EN = f"Street office contact: {CONTACT}."

DEACTIVATED_ZH = "您的友好街道账号已被街道办停用，因此没有发送登录验证码。如有疑问，请联系街道办。"
DEACTIVATED_EN = (
    "Your Friendly Street account has been deactivated by the street office, so no sign-in code was sent. "
    "If you have questions, contact the street office."
)
ONLY_THESE_ZH = "合作商户只能修改场所的这些信息：phone, description, hours, hours_note。"
THE_OFFICES_ZH = "场所名称、类型、位置和授牌信息由街道办修改，如需更改请联系街道办。"
ONLY_THESE_EN = "A partner operator may change only these details of a venue: phone, description, hours, hours_note."
THE_OFFICES_EN = "Its name, kind, place and plaque are changed by the street office: ask them."


# --- the SMS to a deactivated account ---------------------------------------------------------


def sms_asking_for_a_code(client, language: str = "zh-hans") -> str:
    deactivated = RiderFactory(display_name="朱丽", is_active=False, language=language)
    client.post("/accounts/login/code/", {"phone": deactivated.phone[3:]})
    (text,) = texts_sent_to(deactivated.phone)
    return text


def test_a_deactivated_account_asking_for_a_code_is_texted_how_to_reach_the_office(client, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT

    assert sms_asking_for_a_code(client).endswith(DEACTIVATED_ZH + SAID_ZH)


def test_in_english_after_a_space(client, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT

    assert sms_asking_for_a_code(client, "en").endswith(f"{DEACTIVATED_EN} {SAID_EN}")


def test_unset_the_sms_reads_as_before(client, settings):
    settings.STREET_OFFICE_CONTACT = "  "

    assert sms_asking_for_a_code(client).endswith(DEACTIVATED_ZH)


# --- the API's refusal of a venue detail the street office changes ------------------------------


@pytest.fixture
def shop(merchant_a):
    venue = VenueFactory(name="王师傅理发店", plaque_number="CLL-NX-2024-005")
    venue.operators.add(merchant_a)
    return venue


def refusal_of_a_new_name(api_for, merchant_a, shop, language: str = "zh-hans") -> list[str]:
    body = {"name": "王记理发", "phone": "13900000003"}
    response = api_for(merchant_a).patch(
        f"/api/v1/merchant/venues/{shop.pk}/", body, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400, response.json()
    shop.refresh_from_db()
    assert shop.name == "王师傅理发店"
    return response.json()["fields"]["name"]


def test_a_partners_app_sending_the_venues_name_is_told_how_to_reach_the_office(api_for, merchant_a, shop, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT

    assert refusal_of_a_new_name(api_for, merchant_a, shop) == [ONLY_THESE_ZH + THE_OFFICES_ZH + SAID_ZH]


def test_the_refusal_in_english(api_for, merchant_a, shop, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT

    assert refusal_of_a_new_name(api_for, merchant_a, shop, "en") == [f"{ONLY_THESE_EN} {THE_OFFICES_EN} {SAID_EN}"]


def test_unset_the_refusal_names_the_office_without_a_contact(api_for, merchant_a, shop, settings):
    settings.STREET_OFFICE_CONTACT = ""

    assert refusal_of_a_new_name(api_for, merchant_a, shop) == [ONLY_THESE_ZH + THE_OFFICES_ZH]
    assert refusal_of_a_new_name(api_for, merchant_a, shop, "en") == [f"{ONLY_THESE_EN} {THE_OFFICES_EN}"]


# --- the counter paused by failed look-ups, in the app ------------------------------------------


@pytest.mark.parametrize("contact", [CONTACT, ""])
def test_an_app_at_a_paused_counter_reads_what_the_page_reads(api_for, merchant_a, shop, settings, contact):
    settings.STREET_OFFICE_CONTACT = contact
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 2
    api = api_for(merchant_a)
    answers = [api.get(f"/api/v1/merchant/vouchers/ABCDEFGHJK{c}{c}/", HTTP_ACCEPT_LANGUAGE="zh-hans") for c in "234"]

    assert [a.status_code for a in answers] == [404, 404, 429]
    message = answers[-1].json()["message"]
    assert message.endswith("如果还是查不到，请联系街道办。" + (SAID_ZH if contact else ""))
