"""An activity pays by attendance's rule or a rule staff made, never by another app's payout: a
reviewer who picked 治理线索被采纳 for a clean-up would have the riders' passbooks say they had
reports accepted. The form offers only the rules an activity may pay by; the API and the service
itself refuse the others; an activity already paying by one keeps it when edited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from points.models import Rule
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, attendance_rule
from tests.volunteers.test_staff_activities import form_data
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_rule():
    return Rule.objects.get(code=Rule.REPORT_ACCEPTED)


def offered(client, path="/staff/activities/new/") -> set[int]:
    return {rule.pk for rule in client.get(path).context["form"].fields["rule"].queryset}


def test_the_form_offers_attendance_and_staff_rules_but_not_other_apps_payouts(client_for, reviewer):
    hours = RuleFactory(name="志愿服务时长")

    choices = offered(client_for(reviewer))

    assert {attendance_rule().pk, hours.pk} <= choices
    others = Rule.objects.filter(code__in=[Rule.REPORT_ACCEPTED, Rule.REPORT_ACCEPTED_GRID, Rule.COMPOUND_TIP_APPROVED])
    assert others.count() == 3 and not choices & {r.pk for r in others}


def test_a_report_rule_sent_anyway_is_refused(client_for, api_for, reviewer, report_rule):
    page = client_for(reviewer).post("/staff/activities/new/", form_data(rule=str(report_rule.pk)))
    assert "rule" in page.context["form"].errors

    app = api_for(reviewer).post("/api/v1/activities/", {**form_data(rule=report_rule.pk)}, format="json")
    assert app.status_code == 400 and "rule" in app.json()["fields"]
    assert not Activity.objects.exists()


def test_the_service_itself_refuses_it(reviewer, report_rule):
    planned = ActivityFactory.build(rule=report_rule)
    fields = {name: getattr(planned, name) for name in services.ACTIVITY_FIELDS}

    with pytest.raises(ValidationError) as refused:
        services.activity_create(actor=reviewer, **fields)

    assert refused.value.message_dict["rule"] == ["这条规则用于其他事项（线索被采纳、贴士通过审核），请选择适用于活动的规则。"]
    assert not Activity.objects.exists()


def test_an_activity_already_paying_by_one_keeps_it_when_edited(client_for, reviewer, report_rule):
    activity = ActivityFactory(rule=report_rule)

    assert report_rule.pk in offered(client_for(reviewer), f"/staff/activities/{activity.pk}/edit/")
