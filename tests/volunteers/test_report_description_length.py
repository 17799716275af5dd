"""A rider in a hurry sends "x" (or "x" and a row of spaces and full stops) as a report: the
page and the app both ask for a few more words, in the same sentence, and nothing is filed;
"路灯不亮" says what is wrong and goes through."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from volunteers.models import Report

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")
API = "/api/v1/reports/"
ASK_FOR_MORE = "请再多写几个字，说明是什么问题、什么情况（至少 4 个字，空格和标点不算）。"


def on_the_page(client, description: str):
    return client.post(NEW, {"category": "public_facility", "description": description, "address": "龙湖小区2号门旁"})


def in_the_app(api, description: str, language: str = "zh-hans"):
    body = {"category": "public_facility", "description": description, "address": "龙湖小区2号门旁"}
    return api.post(API, body, format="json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("description", ["x", "好", "垃圾", "问题", "x    。。。！！", " 路 灯 。 "])
def test_a_report_of_a_word_or_two_is_sent_back_with_a_request_for_more(rider, client_for, api_for, description):
    page = on_the_page(client_for(rider), description)
    app = in_the_app(api_for(rider), description)

    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'id="field-description".*?' + re.escape(ASK_FOR_MORE), html, re.S)  # under the text box
    assert (app.status_code, app.json()["fields"]) == (400, {"description": [ASK_FOR_MORE]})
    assert not Report.objects.exists()


def test_the_app_asks_in_english_for_an_english_speaker(rider, api_for):
    response = in_the_app(api_for(rider), "x", language="en")

    assert response.json()["fields"]["description"] == [
        "Please describe the problem in a few more words (at least 4 characters, spaces and punctuation not counted)."
    ]


def test_four_characters_that_say_what_is_wrong_are_a_report(rider, client_for, api_for):
    on_the_page(client_for(rider), "路灯不亮")
    response = in_the_app(api_for(rider), "井盖松动")

    assert response.status_code == 201
    assert sorted(Report.objects.values_list("description", flat=True)) == ["井盖松动", "路灯不亮"]
