"""Verifying a rider is comparing the name they gave at sign-up ("与平台资料上的姓名一致") with
their platform screenshot: on the decision page of a rider who waits for verification,
staff who verify see the full name (the phone stays masked without the personal-data
permission), and each such view is an entry of the access log. Riders already decided,
and the queue, stay masked. Staff who may anonymise a rider find the link on the decision
and balance pages."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from points import services
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return RiderFactory(display_name="测试骑手甲", phone="+8613912345678", verification="unverified", platform="美团")


def page_url(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def name_views():
    return list(AuditEntry.objects.filter(action="accounts.personal_data_viewed"))


def test_a_reviewer_sees_the_full_name_of_a_rider_waiting_for_verification(client_for, reviewer, applicant):
    response = client_for(reviewer).get(page_url(applicant))
    body = response.content.decode()
    assert "测试骑手甲" in body
    assert "13912345678" not in body and "139****5678" in body  # the phone stays masked
    assert 'id="reveal"' not in body  # the phone's reveal still needs the personal-data permission
    assert "no-store" in response["Cache-Control"]
    # the view is on the access log, for the verification purpose, naming only the name
    (entry,) = name_views()
    assert (entry.actor, entry.target_type, entry.target_id) == (reviewer, "accounts.user", str(applicant.pk))
    assert entry.data == {"fields": ["display_name"], "purpose": "rider_verification"}


def test_a_street_admin_reads_the_viewing_on_the_audit_trail(client_for, reviewer, street_admin, applicant):
    client_for(reviewer).get(page_url(applicant))
    trail = client_for(street_admin).get("/staff/audit/", {"action": "accounts.personal_data_viewed"}).content.decode()
    assert "查看了个人信息" in trail and "核实骑手身份" in trail


def test_each_opening_of_the_page_is_one_entry(client_for, reviewer, applicant):
    client_for(reviewer).get(page_url(applicant))
    client_for(reviewer).get(page_url(applicant))
    assert len(name_views()) == 2


@pytest.mark.parametrize("decided", ["verified", "rejected"])
def test_a_decided_riders_name_stays_masked_for_a_reviewer(client_for, reviewer, decided):
    decided_rider = RiderFactory(display_name="测试骑手乙", verification=decided)
    body = client_for(reviewer).get(page_url(decided_rider)).content.decode()
    assert "测试骑手乙" not in body and "测****" in body
    assert name_views() == []


def test_the_queue_stays_masked(client_for, reviewer, applicant):
    body = client_for(reviewer).get("/staff/riders/").content.decode()
    assert "测****" in body and "测试骑手甲" not in body
    assert name_views() == []


def test_the_name_is_not_shown_for_the_decision_message_either(client_for, reviewer, applicant):
    response = client_for(reviewer).post(page_url(applicant), {"decision": "verify"}, follow=True)
    body = response.content.decode()
    assert "测****" in body and "测试骑手甲" not in body  # back on the queue, masked


def test_without_the_verify_permission_the_service_refuses(rider, applicant):
    from points.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.rider_name_for_verification(viewer=rider, rider=applicant)
    assert name_views() == []


# --- the way to anonymise ---------------------------------------------------------------------------


def test_a_street_admin_finds_anonymise_on_the_decision_and_balance_pages(client_for, street_admin, applicant):
    client = client_for(street_admin)
    anonymise = f"/staff/riders/{applicant.pk}/anonymise/"
    for url in (page_url(applicant), f"/staff/balances/{applicant.pk}/"):
        body = client.get(url).content.decode()
        assert f'href="{anonymise}"' in body and "匿名化" in body, url
    assert client.get(anonymise).status_code == 200  # the link leads to the page


def test_staff_who_may_not_anonymise_see_no_link(client_for, reviewer, applicant):
    body = client_for(reviewer).get(page_url(applicant)).content.decode()
    assert "/anonymise/" not in body
