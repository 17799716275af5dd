"""A street admin sees a rider's full name and phone by sending the reveal form (a POST, with
CSRF): one reveal, one access-log entry, the data on that response. A GET, even one with
?reason= in its address (an old link, a reload, back/forward), only asks why again. The page
leads back to where the admin came from and on to the rider's verification and balance, and
writes the phone as every other page does (138 0000 0011)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from friendlystreet.audit.models import AuditEntry
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services as volunteers

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def xu(db):
    return RiderFactory(display_name="徐静", phone="+8613800000011")


def url(rider) -> str:
    return f"/staff/riders/{rider.pk}/personal-data/"


def reveals() -> int:
    return AuditEntry.objects.filter(action="accounts.personal_data_viewed").count()


def test_the_reveal_is_a_post_shown_at_once_and_logged_once(client_for, street_admin, xu):
    admin = client_for(street_admin)
    form = admin.get(url(xu)).content.decode()
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form and "徐静" not in form

    page = admin.post(url(xu), {"reason": "rider_verification"})

    html = page.content.decode()
    assert page.status_code == 200  # shown on this response, not redirected to a GET that reveals again
    assert "徐静" in html and page["Cache-Control"] == "private, no-store"
    # the phone as the rest of the product writes it, and a tap calls it
    assert f'<a class="tap" href="tel:+8613800000011">138{NBSP}0000{NBSP}0011</a>' in html
    assert "+8613800000011</" not in html
    [entry] = AuditEntry.objects.filter(action="accounts.personal_data_viewed")
    assert entry.actor == street_admin and entry.target_id == str(xu.pk)
    assert entry.data == {"fields": ["display_name", "phone"], "purpose": "rider_verification"}


def test_a_get_with_the_reason_in_the_address_reveals_nothing(client_for, street_admin, xu):
    admin = client_for(street_admin)

    page = admin.get(url(xu), {"reason": "rider_verification"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "徐静" not in html and "0000" + NBSP + "0011" not in html and "13800000011" not in html
    assert 'id="reveal"' in html  # it asks again, the reason chosen already
    assert re.search(r'<option value="rider_verification" selected>', html)
    assert reveals() == 0


def test_the_reveal_needs_the_csrf_token(street_admin, xu):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(street_admin)

    refused = browser.post(url(xu), {"reason": "complaint"})

    assert refused.status_code == 403 and "徐静" not in refused.content.decode()
    assert reveals() == 0


def test_a_reason_outside_the_list_is_refused_and_reveals_nothing(client_for, street_admin, xu):
    page = client_for(street_admin).post(url(xu), {"reason": "curious"})

    assert page.status_code == 400 and "徐静" not in page.content.decode()
    assert reveals() == 0


def test_a_reviewer_cannot_post_the_reveal(client_for, reviewer, xu):
    assert client_for(reviewer).post(url(xu), {"reason": "complaint"}).status_code == 403
    assert reveals() == 0


def test_from_the_verification_page_the_revealed_page_leads_back_and_on(client_for, street_admin, xu):
    admin = client_for(street_admin)
    decide = f"/staff/riders/{xu.pk}/decide/"
    form = admin.get(decide).content.decode()
    # the verification page's reveal form says where it is, for the way back
    assert f'<input type="hidden" name="next" value="{decide}">' in form

    html = admin.post(url(xu), {"reason": "rider_verification", "next": decide}).content.decode()

    assert f'<a href="{decide}" id="back">← 返回</a>' in html
    assert f'href="/staff/riders/{xu.pk}/decide/" data-testid="rider-verification">该骑手的认证</a>' in html
    assert f'href="/staff/balances/{xu.pk}/" data-testid="rider-balance">该骑手的积分余额</a>' in html
    assert re.search(r'aria-current="true" href="/staff/riders/"><b>待认证骑手</b>', html)


def test_from_an_activitys_roster_the_way_back_is_the_roster_and_the_menu_stays_on_activities(client_for, street_admin, xu):
    activity = ActivityFactory()
    volunteers.signup_create(rider=xu, activity=activity)
    roster = f"/staff/activities/{activity.pk}/"
    admin = client_for(street_admin)
    form = admin.get(roster).content.decode()
    assert f'action="{url(xu)}">' in form and f'<input type="hidden" name="next" value="{roster}">' in form

    html = admin.post(url(xu), {"reason": "rider_request", "next": roster}).content.decode()

    assert f'<a href="{roster}" id="back">' in html
    assert re.search(r'aria-current="true" href="/staff/activities/"><b>活动</b>', html)
    assert not re.search(r'aria-current="true" href="/staff/riders/"', html)


def test_a_way_back_to_another_site_is_not_offered(client_for, street_admin, xu):
    html = client_for(street_admin).post(url(xu), {"reason": "complaint", "next": "https://evil.example/x"}).content.decode()

    assert "徐静" in html and 'id="back"' not in html and "evil.example" not in html
