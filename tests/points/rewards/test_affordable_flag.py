"""A rider ticks 只看现在可兑换的 in the catalogue, and the page reads `?affordable=` as the API
does (every flag of the site, read_flag): before, the page's checkbox read `?affordable=0` and
`?affordable=false`... as a yes and hid what the rider cannot redeem yet."""

from __future__ import annotations

import re

import pytest

from tests.flags import JUNK, NO, YES
from tests.points.rewards.factories import give_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_reach_and_beyond(rider, haircut, care_pack):
    give_points(rider, 70)  # the care pack (60) but not the haircut (80)
    return care_pack, haircut


def in_the_app(api_for, rider, value: str) -> set[int]:
    response = api_for(rider).get("/api/v1/rewards/", {"affordable": value})
    assert response.status_code == 200, (value, response.content)
    return {r["id"] for r in response.json()["results"]}


def on_the_page(client_for, rider, value: str) -> set[int]:
    response = client_for(rider).get("/rewards/", {"affordable": value})
    assert response.status_code == 200, value
    return {int(x) for x in re.findall(r'data-reward-id="(\d+)"', response.content.decode())}


@pytest.mark.parametrize("value", YES)
def test_yes_lists_what_i_can_redeem_now_in_the_app_and_on_the_page(api_for, client_for, rider, in_reach_and_beyond, value):
    in_reach, _beyond = in_reach_and_beyond

    assert in_the_app(api_for, rider, value) == {in_reach.pk} == on_the_page(client_for, rider, value)


@pytest.mark.parametrize("value", NO)
def test_no_or_nothing_lists_every_reward(api_for, client_for, rider, in_reach_and_beyond, value):
    everything = {r.pk for r in in_reach_and_beyond}

    assert in_the_app(api_for, rider, value) == everything == on_the_page(client_for, rider, value)


def test_the_page_drops_an_affordable_it_cannot_read(client_for, rider, in_reach_and_beyond):
    assert on_the_page(client_for, rider, JUNK) == {r.pk for r in in_reach_and_beyond}


def test_an_affordable_it_cannot_read_keeps_the_kind_chosen(client_for, rider, in_reach_and_beyond, hospital):
    care_pack, _haircut = in_reach_and_beyond  # the hospital's, and a merchant's

    assert on_the_page_with(client_for, rider, {"kind": hospital.kind, "affordable": JUNK}) == {care_pack.pk}
    assert on_the_page_with(client_for, rider, {"venue": hospital.pk, "affordable": JUNK}) == {care_pack.pk}


def on_the_page_with(client_for, rider, query: dict) -> set[int]:
    response = client_for(rider).get("/rewards/", query)
    assert response.status_code == 200, query
    return {int(x) for x in re.findall(r'data-reward-id="(\d+)"', response.content.decode())}
