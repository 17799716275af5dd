"""A rider who tapped the site's name (友好街道) at the top of any page landed on the public start
page, which asks them to 用手机号注册 and to 登录 as if they were signed out. Signed in, the name
leads to their own page; a visitor's still leads to the start page."""

from __future__ import annotations

import re

import pytest

from tests.html import section

pytestmark = pytest.mark.django_db


def brand_href(client, path: str = "/venues/") -> str:
    return re.search(r'href="([^"]*)"', section(client.get(path).content.decode(), "brand")).group(1)


def test_a_signed_in_rider_goes_home_by_the_sites_name(client_for, rider):
    assert brand_href(client_for(rider)) == "/home/"
    assert brand_href(client_for(rider), "/points/") == "/home/"


def test_a_visitor_goes_to_the_start_page(client):
    assert brand_href(client) == "/"
