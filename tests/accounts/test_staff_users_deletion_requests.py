"""A street admin looks for the riders who asked to be deleted. No list showed them: the admin
had to know the rider's number already, search 用户与角色 and open the person, whose page said
本人已申请注销，将于 … 注销 without a way to the anonymise page (only the rider's balance and
verification pages had it). Now 用户与角色 has a tab 申请注销中 (n) listing them, masked, each with
the date it happens, soonest first; and the person's page has the same anonymise link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from friendlystreet.privacy.models import DeletionRequest
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def asks_to_go(rider, *, in_days: int) -> DeletionRequest:
    now = timezone.now()
    return DeletionRequest.objects.create(rider=rider, requested_at=now, scheduled_for=now + timedelta(days=in_days))


def day(request: DeletionRequest) -> str:
    return timezone.localtime(request.scheduled_for).strftime("%Y-%m-%d")


@pytest.fixture
def wu(db):
    return RiderFactory(display_name="吴强", phone="+8613800000010")


@pytest.fixture
def li(db):
    return RiderFactory(display_name="李娜", phone="+8613800000003")


def get(client, url: str, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_admin_sees_how_many_asked_to_be_deleted_and_who_and_when(client_for, street_admin, wu, li):
    wu_asked = asks_to_go(wu, in_days=7)
    li_asked = asks_to_go(li, in_days=3)
    changed_mind = RiderFactory(display_name="王芳", phone="+8613800000020")
    DeletionRequest.objects.create(
        rider=changed_mind, requested_at=timezone.now(), scheduled_for=timezone.now(), cancelled_at=timezone.now()
    )
    admin = client_for(street_admin)

    users = get(admin, reverse("staff_users:list"))
    assert 'href="?show=deleting"' in users
    assert "申请注销中 (2)" in text_of(users)

    listed = get(admin, reverse("staff_users:list") + "?show=deleting")
    text = text_of(listed)
    assert "以下骑手已申请注销：将于所示日期匿名化，除非其在此之前登录。" in text
    # Masked as everywhere riders are listed; soonest first; the one who cancelled is not there.
    assert f"李* 138****0003 骑手 本人已申请注销，将于 {day(li_asked)} 注销" in text
    assert f"吴* 138****0010 骑手 本人已申请注销，将于 {day(wu_asked)} 注销" in text
    assert text.index("李*") < text.index("吴*")
    assert "王*" not in text
    assert f'href="/staff/users/{li.pk}/"' in listed


def test_in_english_too(client_for, street_admin, wu):
    asked = asks_to_go(wu, in_days=7)
    admin = client_for(street_admin)

    assert "Asked to be deleted (1)" in text_of(get(admin, reverse("staff_users:list"), "en"))
    text = text_of(get(admin, reverse("staff_users:list") + "?show=deleting", "en"))
    assert "Riders who asked to be deleted: each is anonymised on the date shown, unless they sign in before." in text
    assert f"To be deleted on {day(asked)} at the rider's request" in text


def test_nobody_waiting_says_so(client_for, street_admin, wu):
    html = get(client_for(street_admin), reverse("staff_users:list") + "?show=deleting")

    assert "申请注销中 (0)" in text_of(html)
    assert "目前没有人申请注销。" in text_of(html)


def test_the_person_page_leads_to_the_anonymise_page(client_for, street_admin, wu):
    asks_to_go(wu, in_days=7)

    html = get(client_for(street_admin), reverse("staff_users:detail", args=[wu.pk]))

    assert "本人已申请注销" in text_of(html)
    assert f'href="{reverse("privacy:staff_anonymise", args=[wu.pk])}"' in html
    assert "匿名化骑手账号" in text_of(html)


def test_a_partner_operators_page_has_no_such_link(client_for, street_admin, merchant_a):
    html = get(client_for(street_admin), reverse("staff_users:detail", args=[merchant_a.pk]))

    assert 'data-testid="anonymise"' not in html


def test_the_list_of_those_waiting_costs_the_same_queries_for_one_or_thirty(client_for, street_admin, wu):
    asks_to_go(wu, in_days=7)
    admin = client_for(street_admin)
    url = reverse("staff_users:list") + "?show=deleting"
    admin.get(url)  # the session and the menu's counts are warm after the first page
    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    for n in range(29):
        asks_to_go(RiderFactory(), in_days=1 + n % 7)
    with CaptureQueriesContext(connection) as many:
        page = admin.get(url)

    assert len(page.context["rows"]) == 30
    # the user, their permissions, the tab's count, the count, the page, its people's roles,
    # the bell, the menu's counts
    assert len(many) == len(few) == 8
