"""The street admin opens 发送失败 from the menu: the status box says what the list shows.

It said 排队中 (the first choice) over the list of failed deliveries, and 显示 without touching
it then showed the queued ones instead."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def chosen_status(response) -> str:
    html = response.content.decode()
    select = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\w*)"[^>]*\bselected\b', select) or ["(none: the browser shows the first)"]


def test_the_failed_list_from_the_menu_has_failed_chosen_in_its_box(client_for, street_admin):
    response = client_for(street_admin).get("/staff/notifications/deliveries/")
    assert response.status_code == 200
    assert chosen_status(response) == ["failed"]


def test_a_status_the_page_cannot_read_shows_failed_as_the_list_does(client_for, street_admin):
    response = client_for(street_admin).get("/staff/notifications/deliveries/?status=nonsense")
    assert chosen_status(response) == ["failed"]


def test_a_chosen_status_stays_chosen(client_for, street_admin):
    assert chosen_status(client_for(street_admin).get("/staff/notifications/deliveries/?status=all")) == ["all"]
    assert chosen_status(client_for(street_admin).get("/staff/notifications/deliveries/?status=queued")) == ["queued"]
