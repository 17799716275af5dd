"""A reply template's English text (回复模板的英文内容): a street admin writes it beside the Chinese
one, and a reviewer answering the report of a rider whose account reads English is given it to
fill the note; the page tells the reviewer the reporter reads English. A template without an
English text, and a reporter who reads Chinese, keep the Chinese text. Before, every reporter was
given the Chinese text, though the default note of a duplicate already came in their language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from friendlystreet.audit.models import AuditEntry
from tests.factories import RiderFactory
from volunteers.models import ReplyTemplate, Report, ReportUpdate
from volunteers.reports import services

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = "/staff/reports/templates/"
NEW = f"{LIST}new/"
CHINESE = "已受理，已转环卫作业公司，一般24小时内清运。"
ENGLISH = "Accepted and passed to the street-cleaning company; it is usually cleared within 24 hours."
GOOD = {"category": "sanitation", "status": S.ACCEPTED, "title": "已转环卫", "text": CHINESE, "active": "on"}


def a_report(reporter) -> Report:
    report = Report.objects.create(reporter=reporter, category="sanitation", description="垃圾堆在路口", address="静康路路口")
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def filled_in(client, report: Report) -> dict[str, str]:
    """What each template the report's page offers for "accepted" puts in the note, by title."""
    templates = client.get(f"/staff/reports/{report.pk}/").context["reply_templates"]
    return {t["title"]: t["text"] for t in templates[S.ACCEPTED]}


@pytest.fixture
def admin(client_for, street_admin):
    return client_for(street_admin)


# --- writing it --------------------------------------------------------------------------------


def test_street_admin_writes_the_english_text_beside_the_chinese(admin, street_admin):
    form = admin.get(NEW).content.decode()
    assert 'id="field-text_en"' in form and 'lang="en"' in form

    assert admin.post(NEW, GOOD | {"text_en": f"  {ENGLISH}\n"}).status_code == 302

    template = ReplyTemplate.objects.get()
    assert (template.text, template.text_en) == (CHINESE, ENGLISH)
    added = AuditEntry.objects.get(action="volunteers.reply_template_added")
    assert added.data["changes"]["text_en"] == [None, ENGLISH]
    assert 'data-testid="has-english"' in admin.get(LIST).content.decode()

    edited = admin.post(f"{LIST}{template.pk}/", GOOD | {"text_en": "Accepted."})

    assert edited.status_code == 302
    template.refresh_from_db()
    assert template.text_en == "Accepted."
    changed = AuditEntry.objects.get(action="volunteers.reply_template_changed")
    assert changed.actor == street_admin
    assert changed.data["changes"] == {"text_en": [ENGLISH, "Accepted."]}


def test_the_english_text_is_optional(admin):
    assert admin.post(NEW, GOOD).status_code == 302
    assert ReplyTemplate.objects.get().text_en == ""
    assert 'data-testid="has-english"' not in admin.get(LIST).content.decode()


@pytest.mark.parametrize(
    "bad",
    [pytest.param("w" * 2001, id="too-long"), pytest.param("Accepted\x07.", id="control-character")],
)
def test_a_bad_english_text_is_refused_by_the_form_and_the_service(admin, street_admin, bad):
    response = admin.post(NEW, GOOD | {"text_en": bad})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["text_en"]
    with pytest.raises(ValidationError) as refused:
        services.reply_template_save(actor=street_admin, title="已转环卫", text=CHINESE, text_en=bad)
    assert list(refused.value.message_dict) == ["text_en"]
    assert not ReplyTemplate.objects.exists()


# --- the report's page -------------------------------------------------------------------------


def test_a_reporter_who_reads_english_is_given_the_english_text(staff):
    ReplyTemplate.objects.create(category="sanitation", status=S.ACCEPTED, title="已转环卫", text=CHINESE, text_en=ENGLISH)
    ReplyTemplate.objects.create(category="", status=S.ACCEPTED, title="已转社区", text="已受理，已转社区处理。")
    report = a_report(RiderFactory(language="en"))

    assert filled_in(staff, report) == {"已转环卫": ENGLISH, "已转社区": "已受理，已转社区处理。"}  # none: Chinese
    page = staff.get(f"/staff/reports/{report.pk}/").content.decode()
    assert 'data-testid="reporter-language"' in page and "举报人使用英文" in page


@pytest.mark.parametrize("language", ["zh-hans", ""])  # "": never chose, written to in the site's Chinese
def test_a_reporter_who_reads_chinese_is_given_the_chinese_text(staff, language):
    ReplyTemplate.objects.create(category="sanitation", status=S.ACCEPTED, title="已转环卫", text=CHINESE, text_en=ENGLISH)
    report = a_report(RiderFactory(language=language))

    assert filled_in(staff, report) == {"已转环卫": CHINESE}
    assert 'data-testid="reporter-language"' not in staff.get(f"/staff/reports/{report.pk}/").content.decode()


def test_the_reporters_language_decides_not_the_reviewers(staff):
    """A reviewer working in English answers a rider who reads Chinese: the rider's words."""
    ReplyTemplate.objects.create(category="sanitation", status=S.ACCEPTED, title="已转环卫", text=CHINESE, text_en=ENGLISH)
    to_chinese_reader = a_report(RiderFactory(language="zh-hans"))
    to_english_reader = a_report(RiderFactory(language="en"))

    in_english = staff.get(f"/staff/reports/{to_chinese_reader.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert in_english.context["reply_templates"][S.ACCEPTED][0]["text"] == CHINESE
    assert 'data-testid="reporter-language"' not in in_english.content.decode()
    page = staff.get(f"/staff/reports/{to_english_reader.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The reporter reads English." in page


# --- the demo ----------------------------------------------------------------------------------


def test_every_demo_template_has_an_english_text_and_a_rerun_adds_missing_ones(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert ReplyTemplate.objects.count() == 17
    assert not ReplyTemplate.objects.filter(text_en="").exists()

    # A demo seeded before templates had English texts: the next run writes them in; staff's stay.
    ReplyTemplate.objects.filter(title="环境卫生：已转环卫").update(text_en="")
    ReplyTemplate.objects.filter(title="通用：已受理").update(text_en="Staff's own words.")
    call_command("seed_demo")

    assert ReplyTemplate.objects.get(title="环境卫生：已转环卫").text_en == ENGLISH
    assert ReplyTemplate.objects.get(title="通用：已受理").text_en == "Staff's own words."
    assert ReplyTemplate.objects.count() == 17
