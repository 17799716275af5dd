"""An activity has ended and staff have not finished it yet. Its time and places were
already kept (test_staff_edit_after_the_end.py), but its earning rule and 仅限团队成员 could still
be changed. Attendance pays at check-in, not at finish: a new rule after riders were paid would
pay the riders still to be marked by another rule than those paid, and the roster would name a
rule nobody was paid by; team-only decided who could sign up and who was admitted at the door.

After the end, team-only is kept; the rule is kept once a rider has checked in (been paid),
during the activity as after it; until then a rule picked by mistake may still be corrected, so every rider who came is paid by
the corrected one. The service refuses (Chinese and English, 409 wrong_state in the API), and the
edit form shows those fields read-only with why, and still saves the title."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from points.models import Claim
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from tests.volunteers.test_staff_edit_after_the_end import ended, form_data
from volunteers import errors, services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

TEAM_ONLY_ZH = "活动已结束，不能再更改是否“仅限志愿队队员”：它决定了谁能报名、谁能到场签到。"
TEAM_ONLY_EN = (
    "This activity has ended, so whether it is for team members only can no longer be changed:"
    " it decided who could sign up and who was admitted."
)
RULE_ZH = "已有 1 名骑手签到并按此规则获得积分，不能再更改规则：到场的骑手都按同一规则计分。"
RULE_EN = (
    "1 rider has checked in and been paid by this rule, so it can no longer be changed:"
    " everyone who came is paid by the same rule."
)


@pytest.fixture
def over(rider):
    """The rider has a place; the activity (two hours long) ended an hour ago, check-in still
    open (until two hours after the end), not finished."""
    activity = ActivityFactory()
    SignupFactory(activity=activity, rider=rider)
    return ended(activity, timedelta(hours=1))


@pytest.fixture
def paid(over, reviewer):
    """The rider was checked in (from the roster, after the end) and paid by the activity's rule."""
    services.attendance_record(actor=reviewer, signup=Signup.objects.get(activity=over), attended=True)
    return over


@pytest.fixture
def other_rule():
    return RuleFactory(name="清洁双倍", points=20, rider_claimable=False)


def test_the_rule_riders_were_paid_by_is_kept(client_for, reviewer, rider, paid, other_rule):
    response = client_for(reviewer).post(f"/staff/activities/{paid.pk}/edit/", form_data(paid, rule=str(other_rule.pk)))

    assert response.status_code == 200
    assert RULE_ZH in response.content.decode()
    assert Activity.objects.get(pk=paid.pk).rule_id == paid.rule_id
    assert list(Claim.objects.filter(rider=rider).values_list("rule_id", "points")) == [(paid.rule_id, 10)]


def test_the_rule_may_be_corrected_while_nobody_has_been_paid(client_for, reviewer, rider, over, other_rule):
    staff = client_for(reviewer)
    page = staff.get(f"/staff/activities/{over.pk}/edit/").content.decode()
    assert 'name="rule" disabled' not in page and 'id="id_rule" disabled' not in page

    response = staff.post(f"/staff/activities/{over.pk}/edit/", form_data(over, rule=str(other_rule.pk)))

    assert response.status_code == 302
    assert Activity.objects.get(pk=over.pk).rule_id == other_rule.pk
    services.attendance_record(actor=reviewer, signup=Signup.objects.get(activity=over), attended=True)
    assert list(Claim.objects.filter(rider=rider).values_list("rule_id", "points")) == [(other_rule.pk, 20)]


@pytest.mark.parametrize("team_only", [False, True])
def test_team_only_is_kept(client_for, reviewer, over, team_only):
    Activity.objects.filter(pk=over.pk).update(team_only=team_only)
    data = form_data(over)
    if not team_only:
        data["team_only"] = "on"

    response = client_for(reviewer).post(f"/staff/activities/{over.pk}/edit/", data)

    assert response.status_code == 200
    assert TEAM_ONLY_ZH in response.content.decode()
    assert Activity.objects.get(pk=over.pk).team_only is team_only


def test_the_form_shows_them_read_only_with_why_and_still_saves_the_title(client_for, reviewer, paid):
    Activity.objects.filter(pk=paid.pk).update(team_only=True)
    staff = client_for(reviewer)

    page = staff.get(f"/staff/activities/{paid.pk}/edit/").content.decode()

    assert TEAM_ONLY_ZH in page and RULE_ZH in page
    for name in ("rule", "team_only"):
        field = page[page.index(f'id="id_{name}"') - 200 : page.index(f'id="id_{name}"') + 200]
        assert " disabled" in field, name
    # The read-only fields are not sent (a disabled control never is): the title alone is saved.
    data = {k: v for k, v in form_data(paid, title="成龙路清洁（补记）").items() if k != "rule"}
    data["kept"] = "rule,team_only"

    response = staff.post(f"/staff/activities/{paid.pk}/edit/", data)

    assert response.status_code == 302
    saved = Activity.objects.get(pk=paid.pk)
    assert (saved.title, saved.rule_id, saved.team_only) == ("成龙路清洁（补记）", paid.rule_id, True)


def test_during_the_activity_the_rule_is_kept_once_a_rider_has_checked_in(client_for, reviewer, rider, other_rule):
    """Check-in pays as it happens: a rule changed halfway through would pay the riders at the
    door after the change by another rule than those who came first."""
    now = timezone.now()
    activity = ActivityFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    SignupFactory(activity=activity, rider=rider)
    services.attendance_record(actor=reviewer, signup=Signup.objects.get(activity=activity), attended=True)

    response = client_for(reviewer).post(f"/staff/activities/{activity.pk}/edit/", form_data(activity, rule=str(other_rule.pk)))

    assert response.status_code == 200
    assert RULE_ZH in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).rule_id == activity.rule_id
    # Who may take part is still the organiser's to change while the activity runs.
    assert services.activity_update(actor=reviewer, activity=activity, team_only=True).team_only


def test_before_the_end_both_may_still_be_changed(reviewer, other_rule):
    activity = ActivityFactory()

    changed = services.activity_update(actor=reviewer, activity=activity, rule=other_rule, team_only=True)

    assert (changed.rule_id, changed.team_only) == (other_rule.pk, True)


def test_the_service_says_why_in_english(reviewer, paid, other_rule):
    with translation.override("en"):
        with pytest.raises(errors.WrongState) as rule:
            services.activity_update(actor=reviewer, activity=paid, rule=other_rule)
        with pytest.raises(errors.WrongState) as team:
            services.activity_update(actor=reviewer, activity=paid, team_only=True)

    assert (rule.value.message, team.value.message) == (RULE_EN, TEAM_ONLY_EN)


def test_the_api_answers_409_wrong_state(api_for, reviewer, paid, other_rule):
    response = api_for(reviewer).patch(
        f"/api/v1/activities/{paid.pk}/", {"rule": other_rule.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, response.json()["code"], response.json()["message"]) == (409, "wrong_state", RULE_EN)
    assert Activity.objects.get(pk=paid.pk).rule_id == paid.rule_id
