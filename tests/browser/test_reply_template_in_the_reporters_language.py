"""A reviewer working in Chinese on a phone answers the report of a rider whose account reads
English: the page says 举报人使用英文 by the note, and the reply template fills the note with its
English text, which the rider then reads on their report's page. A rider who reads Chinese still
reads the Chinese text. Before, every reporter read the Chinese text. The template's behaviour
stays the same with its English text: typed words are asked about before it takes their place,
and its untouched words leave the note when another answer is chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import ReplyTemplate, Report, ReportUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHINESE = "已受理，已转环卫作业公司，一般24小时内清运。"
ENGLISH = "Accepted and passed to the street-cleaning company; it is usually cleared within 24 hours."


@pytest.fixture
def answer_form(live_server, browser):
    """The reviewer's answer form, at 360 px in Chinese, for a report by a rider reading `language`."""

    def open_it(language: str):
        reporter = RiderFactory(language=language)
        report = Report.objects.create(
            reporter=reporter, category="sanitation", description="绿化带里堆了装修垃圾", address="静康路路口"
        )
        ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=reporter)
        ReplyTemplate.objects.create(category="sanitation", status="accepted", title="已转环卫", text=CHINESE, text_en=ENGLISH)
        ReplyTemplate.objects.create(category="", status="accepted", title="已转社区", text="已受理，已转社区处理。")
        ReplyTemplate.objects.create(
            category="",
            status="rejected",
            title="现场未发现",
            text="现场核实未发现所述问题。",
            text_en="Nothing was found on site.",
        )
        page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
        signed_in_by_cookie(page, live_server.url, ReviewerFactory(language="zh-hans"))
        page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
        page.get_by_test_id("move-accepted").check()
        return page, report

    return open_it


def the_reporters_page(browser, live_server, report: Report):
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    signed_in_by_cookie(page, live_server.url, report.reporter)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    return page


def test_a_reporter_who_reads_english_reads_the_templates_english_text(answer_form, browser, live_server):
    page, report = answer_form("en")
    expect(page.get_by_test_id("reporter-language")).to_contain_text("举报人使用英文")
    expect(page.get_by_test_id("reporter-language")).to_be_visible()

    page.locator("#reply-template").select_option(label="已转环卫")
    expect(page.locator("#id_note")).to_have_value(ENGLISH)
    assert no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator("#transition-submit").click()

    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert report.updates.latest("id").note == ENGLISH
    theirs = the_reporters_page(browser, live_server, report)
    expect(theirs.locator(".rp-note").last).to_have_text(ENGLISH)
    expect(theirs.locator("main")).not_to_contain_text(CHINESE)


def test_a_reporter_who_reads_chinese_still_reads_the_chinese_text(answer_form, browser, live_server):
    page, report = answer_form("zh-hans")
    expect(page.get_by_test_id("reporter-language")).to_have_count(0)

    page.locator("#reply-template").select_option(label="已转环卫")
    expect(page.locator("#id_note")).to_have_value(CHINESE)
    with page.expect_navigation():
        page.locator("#transition-submit").click()

    report.refresh_from_db()
    assert report.updates.latest("id").note == CHINESE
    expect(the_reporters_page(browser, live_server, report).locator(".rp-note").last).to_have_text(CHINESE)


def test_the_english_text_is_asked_about_kept_and_taken_out_as_the_chinese_is(answer_form):
    page, _ = answer_form("en")
    note = page.locator("#id_note")
    questions = []

    # A template without an English text fills the Chinese one; another template replaces its
    # untouched words without asking.
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("#reply-template").select_option(label="已转社区")
    expect(note).to_have_value("已受理，已转社区处理。")
    page.locator("#reply-template").select_option(label="已转环卫")
    expect(note).to_have_value(ENGLISH)
    assert questions == []

    # Its untouched English words leave with the answer they were for.
    page.get_by_test_id("move-rejected").check()
    expect(note).to_have_value("")
    page.locator("#reply-template").select_option(label="现场未发现")
    expect(note).to_have_value("Nothing was found on site.")

    # Words the reviewer changed are theirs: asked about, and kept on Cancel.
    note.fill("Nothing was found on site on Tuesday.")
    page.locator("#reply-template").select_option(label="现场未发现")
    expect(note).to_have_value("Nothing was found on site on Tuesday.")
    assert questions == ["用此模板替换您写的备注吗？点“取消”保留您写的内容。"]
    page.get_by_test_id("move-accepted").check()
    expect(note).to_have_value("Nothing was found on site on Tuesday.")
