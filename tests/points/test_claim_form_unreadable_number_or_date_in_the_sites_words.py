"""A rider on a phone without a number box or a date picker types the quantity and the time as
words ("两", "昨天下午三点") and read Django's 请输入数字。 / 输入一个有效的日期/时间。 under them
(Enter a number. / Enter a valid date/time.), where the form's other messages are the site's own
(请填写次数或小时数。). Now they say what to type, with an example; and what the rider typed
comes back in boxes that can show it (a browser empties a number or date box given a value it
cannot read), with the rest of the form as they filled it in."""

from __future__ import annotations

import re

import pytest

from points.models import Claim

pytestmark = pytest.mark.django_db

NEW = "/points/claims/new/"


def typed_as_words(rule) -> dict[str, str]:
    return {
        "rule": str(rule.pk),
        "quantity": "两",
        "occurred_at": "昨天下午三点",
        "description": "劝导电动车不要逆行",
        "location": "成龙大道与驿都大道路口",
    }


def errors_under(html: str) -> dict[str, list[str]]:
    """Each field's errors as the page lists them under it."""
    found = re.findall(r'<ul class="errorlist" id="id_(\w+)_error">(.*?)</ul>', html, re.S)
    return {field: re.findall(r"<li>(.*?)</li>", items) for field, items in found}


def input_named(html: str, name: str) -> str:
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)


def test_a_quantity_and_time_typed_as_words_are_answered_in_the_sites_words(client_for, rider, rule):
    html = client_for(rider).post(NEW, typed_as_words(rule)).content.decode()

    assert errors_under(html) == {
        "quantity": ["请用阿拉伯数字填写次数或小时数，例如 2。"],
        "occurred_at": ["请按“年-月-日 时:分”填写发生时间，例如 2025-05-03 14:30。"],
    }
    assert "请输入数字" not in html and "有效的日期" not in html
    assert not Claim.objects.exists()


def test_in_english(client_for, rider, rule):
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    html = client.post(NEW, typed_as_words(rule)).content.decode()

    assert errors_under(html) == {
        "quantity": ["Enter how many times or hours in digits, e.g. 2."],
        "occurred_at": ["Enter when it happened as year-month-day hour:minute, e.g. 2025-05-03 14:30."],
    }
    assert "Enter a number" not in html and "Enter a valid date" not in html


def test_nothing_the_rider_typed_is_lost(client_for, rider, rule):
    html = client_for(rider).post(NEW, typed_as_words(rule)).content.decode()

    # In text boxes: a number box or a date box would show them empty.
    assert input_named(html, "quantity").startswith('<input type="text" inputmode="decimal" name="quantity"')
    assert 'value="两"' in input_named(html, "quantity")
    assert input_named(html, "occurred_at").startswith('<input type="text" name="occurred_at"')
    assert 'value="昨天下午三点"' in input_named(html, "occurred_at")
    assert f'<option value="{rule.pk}"' in html and re.search(rf'<option value="{rule.pk}"[^>]*selected>', html)
    assert ">劝导电动车不要逆行</textarea>" in html
    assert 'value="成龙大道与驿都大道路口"' in input_named(html, "location")


def test_a_readable_number_and_time_keep_their_number_and_date_boxes(client_for, rider, rule):
    """Only what could not be read changes box: a number out of bounds stays in a number box."""
    html = client_for(rider).post(NEW, {**typed_as_words(rule), "quantity": "11", "occurred_at": ""}).content.decode()

    assert input_named(html, "quantity").startswith('<input type="number" name="quantity"')
    assert input_named(html, "occurred_at").startswith('<input type="datetime-local" name="occurred_at"')
    assert errors_under(html)["occurred_at"] == ["请填写发生时间。"]
