"""Two sentences side by side: a space between them in English, none in Chinese, whose 。 carries
its own ("请检查标出的内容。照片没有保留……", not "内容。 照片"). The pages and the messages
join them in one place (friendlystreet.lists.sentences, {% between_sentences %})."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from friendlystreet.lists import sentences

pytestmark = pytest.mark.django_db


def summary_of(client, rule, jpeg, **headers) -> str:
    long_ago = (timezone.localtime() - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/points/claims/new/",
        {"rule": rule.pk, "quantity": "1", "occurred_at": long_ago, "photos": [jpeg("wallet.jpg")]},
        **headers,
    )
    assert response.status_code == 200
    return response.content.decode().split('id="error-summary" role="alert">')[1].split("</p>")[0]


def test_a_refused_claim_says_its_two_sentences_without_a_space_in_chinese(client_for, rider, rule, jpeg):
    assert summary_of(client_for(rider), rule, jpeg) == "请检查标出的内容。照片没有保留，请重新选择。"


def test_a_refused_claim_says_its_two_sentences_with_a_space_in_english(client_for, rider, rule, jpeg):
    assert (
        summary_of(client_for(rider), rule, jpeg, HTTP_ACCEPT_LANGUAGE="en")
        == "Please check the marked fields. Your photos were not kept: choose them again."
    )


def test_the_profile_warning_reads_as_one_chinese_paragraph(client_for, rider):
    page = client_for(rider).get("/profile/edit/").content.decode()
    warning = page.split('data-testid="reverify-warning">')[1].split("</p>")[0]
    assert warning.startswith("修改姓名后需要重新认证。修改平台或工作类型也一样。")


def test_sentences_follow_the_active_language_and_leave_out_empty_parts():
    first, second = gettext_lazy("Please check the marked fields."), gettext_lazy("Nothing was changed.")
    with translation.override("zh-hans"):
        assert sentences(first, "", None, second) == "请检查标出的内容。未做任何更改。"
    with translation.override("en"):
        assert sentences(first, "", None, second) == "Please check the marked fields. Nothing was changed."
