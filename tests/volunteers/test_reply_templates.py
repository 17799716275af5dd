"""Reply templates (回复模板) on the staff pages: a street admin adds one and whoever triages a
report of its category is offered it for its move; edits are audited with before and after;
a deactivated template is no longer offered but kept; reviewers use templates but cannot
manage them (403 pages, NotAllowed in the service); bad input is a form error and saves
nothing; the list's queries do not grow with the templates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.audit.models import AuditEntry
from friendlystreet.audit.selectors import action_label
from friendlystreet.dashboard.queues import queues_refresh
from volunteers.models import ReplyTemplate, Report, ReportUpdate
from volunteers.reports import errors, services

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = "/staff/reports/templates/"
NEW = f"{LIST}new/"
REPORTS = "/staff/reports/"
GOOD = {
    "category": "sanitation",
    "status": S.ACCEPTED,
    "title": "已转交环卫",
    "text": "感谢上报，已转交街道环卫所处理。",
    "active": "on",
}


def edit_url(template: ReplyTemplate) -> str:
    return f"{LIST}{template.pk}/"


def a_report(reporter, category: str = "sanitation") -> Report:
    report = Report.objects.create(reporter=reporter, category=category, description="垃圾堆在消防通道旁", address="成龙路168号")
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def offered(client, report: Report) -> dict[str, list[str]]:
    """The templates the report's page offers, by move: what the note picker lists."""
    templates = client.get(f"{REPORTS}{report.pk}/").context["reply_templates"]
    return {move: [t["title"] for t in ts] for move, ts in templates.items()}


def a_template(**fields) -> ReplyTemplate:
    return ReplyTemplate.objects.create(**({k: v for k, v in GOOD.items() if k != "active"} | fields))


@pytest.fixture
def admin(client_for, street_admin):
    return client_for(street_admin)


# --- the story --------------------------------------------------------------------------------


def test_street_admin_adds_a_template_that_is_offered_for_its_category_and_move(admin, staff, street_admin, rider):
    triage = admin.get(REPORTS).content.decode()
    assert 'id="reply-templates-link"' in triage and LIST in triage
    form = admin.get(NEW)
    assert form.status_code == 200
    assert 'class="fs-form"' in form.content.decode() and 'id="field-title"' in form.content.decode()

    response = admin.post(NEW, GOOD)

    assert response.status_code == 302 and response["Location"] == LIST
    template = ReplyTemplate.objects.get()
    assert (template.category, template.status, template.title, template.active) == ("sanitation", S.ACCEPTED, "已转交环卫", True)
    page = admin.get(LIST).content.decode()
    assert "已转交环卫" in page and f'data-template-id="{template.pk}"' in page
    # Whoever triages a sanitation report is offered it when accepting, not for other moves…
    assert offered(staff, a_report(rider)) == {S.ACCEPTED: ["已转交环卫"], S.REJECTED: [], S.DUPLICATE: []}
    # …nor for a report of another category.
    assert offered(staff, a_report(rider, category="fire_lane"))[S.ACCEPTED] == []
    entry = AuditEntry.objects.get(action="volunteers.reply_template_added", target_id=str(template.pk))
    assert entry.actor == street_admin
    assert entry.data["changes"]["title"] == [None, "已转交环卫"]
    assert str(action_label(entry.action)) != entry.action  # the trail names it


def test_street_admin_edits_a_template_and_the_trail_keeps_before_and_after(admin, staff, street_admin, rider):
    template = a_template()

    response = admin.post(edit_url(template), GOOD | {"title": "已转交城管", "text": "已转交城管中队处理。", "status": ""})

    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.text, template.status) == ("已转交城管", "已转交城管中队处理。", "")
    entry = AuditEntry.objects.get(action="volunteers.reply_template_changed", target_id=str(template.pk))
    assert entry.actor == street_admin
    assert entry.data["changes"] == {
        "title": ["已转交环卫", "已转交城管"],
        "text": ["感谢上报，已转交街道环卫所处理。", "已转交城管中队处理。"],
        "status": [S.ACCEPTED, ""],
    }
    # For any move now: offered with every answer.
    assert offered(staff, a_report(rider)) == {move: ["已转交城管"] for move in (S.ACCEPTED, S.REJECTED, S.DUPLICATE)}


def test_a_deactivated_template_is_no_longer_offered_but_kept(admin, staff, rider):
    template = a_template()
    report = a_report(rider)
    assert offered(staff, report)[S.ACCEPTED] == ["已转交环卫"]

    data = {k: v for k, v in GOOD.items() if k != "active"}  # the box unticked
    assert admin.post(edit_url(template), data).status_code == 302

    template.refresh_from_db()
    assert template.active is False
    assert offered(staff, report)[S.ACCEPTED] == []
    row = admin.get(LIST).content.decode()
    assert f'data-template-id="{template.pk}"' in row and 'data-testid="inactive"' in row
    change = AuditEntry.objects.get(action="volunteers.reply_template_changed")
    assert change.data["changes"] == {"active": [True, False]}


def test_reviewer_uses_templates_but_cannot_manage_them(staff, reviewer):
    template = a_template()

    assert 'id="reply-templates-link"' not in staff.get(REPORTS).content.decode()
    for url in (LIST, NEW, edit_url(template)):
        assert staff.get(url).status_code == 403, url
    assert staff.post(NEW, GOOD | {"title": "审核员的"}).status_code == 403
    assert staff.post(edit_url(template), GOOD | {"title": "改了"}).status_code == 403
    with pytest.raises(errors.NotAllowed):
        services.reply_template_save(actor=reviewer, title="审核员的", text="不应保存")
    with pytest.raises(errors.NotAllowed):
        services.reply_template_save(actor=reviewer, template=template, active=False)

    template.refresh_from_db()
    assert (template.title, template.active) == ("已转交环卫", True)
    assert list(ReplyTemplate.objects.values_list("pk", flat=True)) == [template.pk]
    assert not AuditEntry.objects.filter(action__startswith="volunteers.reply_template").exists()


def test_rider_cannot_write_a_template_through_the_service(rider):
    with pytest.raises(errors.NotAllowed):
        services.reply_template_save(actor=rider, title="骑手的", text="不应保存")
    assert not ReplyTemplate.objects.exists()


# --- bad input --------------------------------------------------------------------------------

BAD = [
    pytest.param({"text": ""}, "text", id="blank-text"),
    pytest.param({"text": "   "}, "text", id="spaces-only-text"),
    pytest.param({"title": "长" * 61}, "title", id="title-too-long"),
    pytest.param({"title": ""}, "title", id="blank-title"),
    pytest.param({"text": "已转交\x07环卫"}, "text", id="control-character-in-text"),
    pytest.param({"title": "已转交\x1b环卫"}, "title", id="control-character-in-title"),
    pytest.param({"text": "字" * 2001}, "text", id="text-too-long"),
    pytest.param({"status": S.SUBMITTED}, "status", id="no-report-moves-to-submitted"),
    pytest.param({"category": "weather"}, "category", id="no-such-category"),
]


@pytest.mark.parametrize(("bad", "field"), BAD)
def test_bad_input_on_the_new_form_is_an_error_and_saves_nothing(admin, bad, field):
    response = admin.post(NEW, GOOD | bad)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert f'id="field-{field}"' in response.content.decode()
    assert not ReplyTemplate.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("bad", "field"), BAD)
def test_bad_input_on_the_edit_form_changes_nothing(admin, bad, field):
    template = a_template()

    response = admin.post(edit_url(template), GOOD | {"title": "新标题"} | bad)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    template.refresh_from_db()
    assert (template.title, template.text) == ("已转交环卫", "感谢上报，已转交街道环卫所处理。")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("bad", "field"), BAD)
def test_the_service_checks_the_fields_itself(street_admin, bad, field):
    """The form is a courtesy: the service refuses the same input from any caller."""
    fields = {k: v for k, v in GOOD.items() if k != "active"} | bad
    with pytest.raises(ValidationError) as refused:
        services.reply_template_save(actor=street_admin, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not ReplyTemplate.objects.exists()


def test_the_service_trims_and_refuses_unknown_fields(street_admin):
    template = services.reply_template_save(actor=street_admin, title="  已受理 ", text="\n谢谢上报。\n")
    assert (template.title, template.text, template.category, template.status, template.active) == (
        "已受理",
        "谢谢上报。",
        "",
        "",
        True,
    )
    with pytest.raises(TypeError):
        services.reply_template_save(actor=street_admin, template=template, deleted=True)


# --- the list ---------------------------------------------------------------------------------


def test_the_list_groups_by_category_and_filters_to_what_a_category_is_offered(admin):
    a_template(category="", status=S.REJECTED, title="不属实")
    a_template(category="sanitation", title="已转交环卫")
    a_template(category="fire_lane", title="已通知消防")

    page = admin.get(LIST)
    assert [code for code, _label, _ts in page.context["groups"]] == ["", "sanitation", "fire_lane"]

    filtered = admin.get(LIST, {"category": "fire_lane"})
    assert [[t.title for t in ts] for _code, _label, ts in filtered.context["groups"]] == [["不属实"], ["已通知消防"]]
    # A category that is none: the whole list, not an error.
    assert len(admin.get(LIST, {"category": "weather"}).context["groups"]) == 3


def test_the_list_reads_the_same_number_of_queries_for_many_templates(admin):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(LIST).status_code == 200
        return len(captured.captured_queries)

    a_template()
    queues_refresh()  # the menu's counts recorded (a first staff page would count and record them)
    few = queries()
    for i in range(30):
        a_template(category=["", "sanitation", "fire_lane", "dispute"][i % 4], title=f"模板{i}", active=bool(i % 3))
    # Session, user, permissions (the user's groups and their own), then the templates in one query.
    assert queries() == few == 5
