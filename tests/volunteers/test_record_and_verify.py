"""A rider prints their volunteer record (and a micro-grid member their honour certificate);
an employer or school checks it on the public verification page, which masks the name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from points.models import Claim, Rule
from tests.points.factories import ClaimFactory, RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, under_way
from volunteers import services
from volunteers.models import Activity, TeamMembership
from volunteers.selectors import profile_of

pytestmark = pytest.mark.django_db

RECORD = reverse("volunteers:record")
CERTIFICATE = reverse("volunteers:grid_certificate")


def verify_url(code: str) -> str:
    return reverse("volunteers:verify", args=[code])


def attend(activity, rider, staff) -> None:
    """The rider came: staff tick attendance, which pays the activity's rule (the real path)."""
    with under_way(activity):
        services.attendance_record(actor=staff, signup=SignupFactory(activity=activity, rider=rider), attended=True)


def past(title: str, day: int, hours: float, rule) -> Activity:
    starts = datetime(2026, 10, day, 1, 0, tzinfo=UTC)  # 09:00 in Chengdu
    return ActivityFactory(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        signup_deadline=starts - timedelta(days=1),
        rule=rule,
    )


@pytest.fixture
def history(rider, other_rider, reviewer, street_admin):
    """Two activities attended (2 h and 1.5 h, by a rule of 4 points an hour), a no-show,
    another rider's attendance and a points claim of another source; a team member since
    1 Sep 2026 (Chengdu time), micro-grid member of 成龙路第3网格."""
    rule = RuleFactory(points=4, unit=Rule.Unit.HOUR, rider_claimable=False)
    clean = past("街道清洁", 3, 2, rule)
    visit = past("敬老院探访", 10, 1.5, rule)
    attend(clean, rider, reviewer)
    attend(visit, rider, reviewer)
    attend(visit, other_rider, reviewer)
    skipped = past("消防通道巡查", 17, 3, rule)
    with under_way(skipped):
        services.attendance_record(actor=reviewer, signup=SignupFactory(activity=skipped, rider=rider), attended=False)
    ClaimFactory(rider=rider, status=Claim.Status.APPROVED, points=50, decided_at=timezone.now())  # not volunteering
    TeamMembership.objects.create(
        rider=rider,
        status=TeamMembership.Status.MEMBER,
        requested_at=datetime(2026, 8, 20, tzinfo=UTC),
        joined_at=datetime(2026, 9, 1, 4, 0, tzinfo=UTC),
    )
    services.grid_appoint(
        actor=street_admin, rider=rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="CL-WG-003"
    )
    return rider


def facts(html: str) -> dict[str, str]:
    found = {}
    for key in ("record-count", "record-hours", "record-points", "record-team", "record-grid", "record-name"):
        start = html.index(f'data-testid="{key}">') + len(f'data-testid="{key}">')
        found[key] = html[start : html.index("</dd>", start)].strip()
    return found


def test_the_record_figures_match_the_hand_computed_ones(client_for, history):
    html = client_for(history).get(RECORD).content.decode()

    shown = facts(html)
    # 2 h + 1.5 h attended (the no-show does not count); 4 points an hour → 8 + 6 = 14 points
    assert shown["record-count"] == "2"
    assert shown["record-hours"] == "3.5"
    assert shown["record-points"] == "14"
    # Claimed hours are points, not certified service: the record says so beside its points.
    assert "参加活动所得积分" in html and "自行申报的志愿服务时长计入积分，不计入本记录" in html
    assert shown["record-team"] == "2026-09-01 起为队员"
    assert "成龙路第3网格" in shown["record-grid"] and "CL-WG-003" in shown["record-grid"]
    assert shown["record-name"] == "张小骑"
    rows = html.split('data-testid="record-activity"')[1:]
    assert ["2026-10-03" in rows[0], "街道清洁" in rows[0], ">2<" in rows[0]] == [True, True, True]  # hours without a trailing .0
    assert ["2026-10-10" in rows[1], "敬老院探访" in rows[1], ">1.5<" in rows[1]] == [True, True, True]
    assert "消防通道巡查" not in html


def test_the_record_names_the_street_office_and_carries_the_code_and_its_qr(client_for, history):
    html = client_for(history).get(RECORD).content.decode()

    code = profile_of(history).record_code
    assert "成都市锦江区成龙路街道" in html
    assert f'data-testid="record-code">{code}<' in html
    assert f"http://testserver{verify_url(code)}" in html
    assert 'data-testid="verify-qr"><svg' in html
    assert "css/volunteers.css" in html and 'class="vol-printable' in html  # with the tab bar's class after it


def test_a_new_rider_has_an_empty_record(client_for, rider):
    html = client_for(rider).get(RECORD).content.decode()

    shown = facts(html)
    assert (shown["record-count"], shown["record-hours"], shown["record-points"]) == ("0", "0", "0")
    assert "尚未参加活动" in html


def test_the_verification_page_masks_the_name_and_shows_the_same_totals(client, client_for, history):
    code = profile_of(history).record_code
    own = facts(client_for(history).get(RECORD).content.decode())

    page = client.get(verify_url(code))

    html = page.content.decode()
    public = facts(html)
    assert public["record-name"] == "张**"
    assert "张小骑" not in html
    for key in ("record-count", "record-hours", "record-points", "record-team", "record-grid"):
        assert public[key] == own[key]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_the_verification_page_never_shows_the_party_badge(client, rider, street_admin):
    services.party_declare(rider=rider, organisation="成龙路社区党支部", consent=True)
    services.party_confirm(actor=street_admin, declaration=rider.party_declaration)

    html = client.get(verify_url(profile_of(rider).record_code)).content.decode()

    assert "party_member" not in html and "党支部" not in html


def test_the_code_is_accepted_in_lower_case(client, history):
    assert client.get(verify_url(profile_of(history).record_code.lower())).status_code == 200


@pytest.mark.parametrize("code", ["WRONGCODE1", "ABC", "A" * 13, "有效吗", "AB%00CD"])
def test_a_wrong_code_is_not_found(client, rider, code):
    profile_of(rider)

    assert client.get(verify_url(code)).status_code == 404


def test_a_deactivated_riders_record_is_not_found(client, rider):
    code = profile_of(rider).record_code
    rider.is_active = False
    rider.save()

    assert client.get(verify_url(code)).status_code == 404


def test_a_micro_grid_member_prints_their_honour_certificate(client_for, history):
    page = client_for(history).get(CERTIFICATE)

    html = page.content.decode()
    assert page.status_code == 200
    assert "荣誉证书" in html and "张小骑" in html and "成龙路第3网格" in html
    assert 'data-testid="certificate-number">CL-WG-003<' in html
    assert profile_of(history).record_code in html and 'data-testid="verify-qr"><svg' in html


def test_a_rider_without_a_current_appointment_has_no_certificate(client_for, rider):
    assert client_for(rider).get(CERTIFICATE).status_code == 404
