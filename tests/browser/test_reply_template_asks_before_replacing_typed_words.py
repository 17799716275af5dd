"""A reviewer answering a report on a phone has typed a note, then picks a reply template: the page
asks before the template takes the place of their words, and "Cancel" keeps them. Before, the
template replaced them without a word. A template's own untouched text is not theirs: another
template replaces it without asking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import ReplyTemplate, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TO_SANITATION = "已受理，已转环卫作业公司，一般24小时内清运。"
TO_COMMUNITY = "已受理，已转社区处理。"
TYPED = "已电话联系物业，今天下午清理。"


@pytest.fixture
def answer_form(live_server, browser):
    def open_it(language: str):
        reviewer = ReviewerFactory()
        report = Report.objects.create(
            reporter=RiderFactory(), category="sanitation", description="绿化带里堆了装修垃圾", address="静康路路口"
        )
        ReplyTemplate.objects.create(category="sanitation", status="accepted", title="已转环卫", text=TO_SANITATION)
        ReplyTemplate.objects.create(category="", status="accepted", title="已转社区", text=TO_COMMUNITY)
        page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server.url, reviewer.username)
        page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
        page.get_by_test_id("move-accepted").check()
        return page

    return open_it


def test_typed_words_are_asked_about_and_cancel_keeps_them(answer_form):
    page = answer_form("zh-hans")
    note = page.locator("#id_note")
    note.fill(TYPED)

    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.locator("#reply-template").select_option(label="已转环卫")
    expect(note).to_have_value(TYPED)
    assert questions == ["用此模板替换您写的备注吗？点“取消”保留您写的内容。"]
    expect(page.locator("#reply-template")).to_have_value("")  # no template shown as chosen

    # Asked again and answered OK: the template takes their place.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#reply-template").select_option(label="已转环卫")
    expect(note).to_have_value(TO_SANITATION)


def test_a_templates_untouched_text_is_replaced_without_asking_in_english(answer_form):
    page = answer_form("en")
    note = page.locator("#id_note")
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))

    page.locator("#reply-template").select_option(label="已转环卫")  # an empty note: nothing to ask
    expect(note).to_have_value(TO_SANITATION)
    page.locator("#reply-template").select_option(label="已转社区")  # the first template's own words
    expect(note).to_have_value(TO_COMMUNITY)
    assert questions == []

    # The template's words changed by the reviewer are theirs now: asked, and kept on Cancel.
    note.fill(TO_COMMUNITY + "周三前答复。")
    page.locator("#reply-template").select_option(label="已转环卫")
    expect(note).to_have_value(TO_COMMUNITY + "周三前答复。")
    assert questions == ["Replace the note you wrote with this template? Cancel keeps your words."]
