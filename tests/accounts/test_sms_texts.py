"""Every SMS the sign-in sends comes from the catalogue, in the recipient's language:
Chinese unless they chose English."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from friendlystreet.accounts.adapter import AccountAdapter
from tests.accounts.helpers import texts_sent_to

pytestmark = pytest.mark.django_db

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
ADDRESS = re.compile(r"https?://\S+|/[\w/-]+/")  # a link (the sign-up's) is not a word to translate


def send_every_kind(adapter: AccountAdapter, user, phone: str) -> None:
    adapter.send_verification_code_sms(user, phone, "123456")
    adapter.send_unknown_account_sms(phone)
    adapter.send_account_already_exists_sms(phone)


def test_every_sign_in_sms_is_in_chinese_for_a_chinese_rider(rider):
    with translation.override("zh-hans"):
        send_every_kind(AccountAdapter(), rider, rider.phone)

    texts = texts_sent_to(rider.phone)
    assert len(texts) == 3
    for text in texts:
        assert not ENGLISH_WORD.search(ADDRESS.sub("", text)), f"untranslated: {text}"
    assert "123456" in texts[0]


def test_a_rider_who_chose_english_gets_the_code_in_english_whatever_the_page_language(rider):
    rider.language = "en"
    rider.save(update_fields=["language"])
    with translation.override("zh-hans"):
        AccountAdapter().send_verification_code_sms(rider, rider.phone, "123456")
    assert "Your verification code is 123456" in texts_sent_to(rider.phone)[0]


def test_a_number_without_an_account_gets_the_language_of_the_page():
    with translation.override("en"):
        AccountAdapter().send_unknown_account_sms("+8613900000042")
    assert "no account yet" in texts_sent_to("+8613900000042")[0]
