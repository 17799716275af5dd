"""Marking a report as a duplicate (activities review #5). Staff name the original by its
number; the server checks it first (never the report itself, never one that was not taken up)
and shows it (category, state, first words, and whether the categories differ) with the note
the reporter will read; only the confirmed original is saved. Without a note the reporter reads
why: the same problem was already reported, the points go to its first reporter, and next time
the 我也看到了 button does it."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from friendlystreet.notifications.models import Notification
from volunteers.models import Report, ReportUpdate
from volunteers.reports import services

pytestmark = pytest.mark.django_db

S = Report.Status


def a_report(reporter, status=S.SUBMITTED, **fields) -> Report:
    values = {"category": "safety_hazard", "description": "成龙大道井盖破损，电动车经过会颠起来", "address": "成龙大道二段"}
    report = Report.objects.create(reporter=reporter, status=status, **(values | fields))
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def answer(client, report: Report, follow: bool = False, **data):
    """The answer form sent; `follow`: the report's page it leads to (a refusal and the question
    before a duplicate are shown there, not at the URL the form was sent to)."""
    return client.post(
        reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "duplicate", **data}, follow=follow
    )


def nothing_changed(report: Report) -> bool:
    report.refresh_from_db()
    return report.status == S.SUBMITTED and report.duplicate_of_id is None and report.updates.count() == 1


def test_staff_cannot_name_a_rejected_report_as_the_original(client_for, reviewer, rider, other_rider):
    quarrel = a_report(other_rider, S.REJECTED, category="dispute", description="两家店铺吵架")
    manhole = a_report(rider)

    response = answer(client_for(reviewer), manhole, duplicate_of=quarrel.pk, note="", follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"线索 #{quarrel.pk} 不予受理，不能作为原线索。" in html
    assert 'data-testid="duplicate-confirm"' not in html  # refused before anything is asked
    assert nothing_changed(manhole)
    assert not Notification.objects.filter(recipient=rider).exists()
    # The rule is the service's: the API and scripts are refused too.
    with pytest.raises(ValidationError):
        services.report_transition(actor=reviewer, report=manhole, status=S.DUPLICATE, note="重复", duplicate_of=quarrel)
    assert nothing_changed(manhole)


def test_a_report_repeating_one_that_repeats_a_rejected_one_is_refused_too(reviewer, rider, other_rider):
    rejected = a_report(other_rider, S.REJECTED)
    chained = a_report(other_rider, S.DUPLICATE, duplicate_of=rejected)
    manhole = a_report(rider)

    with pytest.raises(ValidationError) as refused:
        services.report_transition(actor=reviewer, report=manhole, status=S.DUPLICATE, duplicate_of=chained)

    assert f"#{rejected.pk}" in " ".join(refused.value.messages)
    assert nothing_changed(manhole)


def test_the_api_refuses_a_rejected_original_naming_the_field(api_for, reviewer, rider, other_rider):
    rejected = a_report(other_rider, S.REJECTED)
    manhole = a_report(rider)

    response = api_for(reviewer).post(
        f"/api/v1/reports/{manhole.pk}/transition/", {"status": "duplicate", "duplicate_of": rejected.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["duplicate_of"]
    assert nothing_changed(manhole)


@pytest.mark.parametrize("number", ["itself", 999999])
def test_a_wrong_number_is_refused_before_staff_are_asked_anything(client_for, reviewer, rider, number):
    manhole = a_report(rider)

    response = answer(client_for(reviewer), manhole, duplicate_of=manhole.pk if number == "itself" else number, follow=True)

    html = response.content.decode()
    assert response.context["transition_form"].errors["duplicate_of"]
    assert 'data-testid="duplicate-confirm"' not in html
    assert nothing_changed(manhole)


def test_staff_see_the_original_before_saving_and_only_the_confirmed_one_is_saved(client_for, reviewer, rider, other_rider):
    original = a_report(other_rider, S.IN_PROGRESS, description="成龙大道二段井盖缺了一角，晚上看不见，已经有人摔倒")
    manhole = a_report(rider)
    staff = client_for(reviewer)

    response = answer(staff, manhole, duplicate_of=original.pk, note="", follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    confirm = re.search(r'<section class="card rs-confirm".*?</section>', html, re.S).group(0)
    assert f"线索 #{manhole.pk} 将标记为与线索 #{original.pk} 重复" in confirm
    assert 'data-testid="original-category">安全隐患<' in confirm
    assert 'data-testid="original-state">处理中<' in confirm
    assert "成龙大道二段井盖缺了一角" in confirm
    assert 'data-testid="other-category"' not in confirm  # the same category: nothing to warn of
    # No note written: the page shows what the reporter will read instead.
    assert "您没有填写说明，上报人会看到：" in confirm
    assert f"同一个问题已经有人上报（第{original.pk}号线索）" in confirm
    assert "积分归最先上报的人" in confirm and "我也看到了" in confirm
    # The final-state dialog is not asked before this page: the page is the question.
    assert 'data-testid="move-duplicate" data-confirm-question' not in html
    assert nothing_changed(manhole)

    confirmed = re.search(r'name="confirmed_original" value="(\d+)"', confirm).group(1)
    response = answer(staff, manhole, duplicate_of=original.pk, confirmed_original=confirmed, note="")

    assert response.status_code == 302
    manhole.refresh_from_db()
    assert (manhole.status, manhole.duplicate_of_id) == (S.DUPLICATE, original.pk)
    note = manhole.updates.last().note
    assert note.startswith(f"同一个问题已经有人上报（第{original.pk}号线索）")
    notice = Notification.objects.get(recipient=rider, kind="volunteers_report_updated")
    assert notice.body == note  # the reporter is told why, not a bare 重复
    page = client_for(rider).get(reverse("volunteers:report_detail", args=[manhole.pk])).content.decode()
    assert "积分归最先上报的人" in page


def test_a_number_changed_after_the_question_is_asked_again(client_for, reviewer, rider, other_rider):
    first, second = a_report(other_rider), a_report(other_rider, address="成龙大道三段")
    manhole = a_report(rider)

    response = answer(client_for(reviewer), manhole, duplicate_of=second.pk, confirmed_original=first.pk, follow=True)

    assert 'data-testid="duplicate-confirm"' in response.content.decode()
    assert nothing_changed(manhole)


@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.RESOLVED])
def test_a_report_that_can_no_longer_be_a_duplicate_is_refused_without_the_question(
    client_for, reviewer, rider, other_rider, status
):
    # The state machine's refusal (report_transition), not the page's own: no original is shown
    # for an answer that cannot be given.
    original, manhole = a_report(other_rider), a_report(rider, status)

    response = answer(client_for(reviewer), manhole, duplicate_of=original.pk, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(reverse("volunteers:staff_report_detail", args=[manhole.pk]), 302)]
    label = dict(S.choices)[status]
    assert f"“{label}”的线索不能变更为“重复”。" in html
    assert 'data-testid="duplicate-confirm"' not in html
    manhole.refresh_from_db()
    assert (manhole.status, manhole.duplicate_of_id, manhole.updates.count()) == (status, None, 1)


def test_a_duplicate_sent_again_is_the_answer_given_before(client_for, reviewer, rider, other_rider):
    # Back twice and send the first form again: the report is a duplicate already, so the same
    # answer is neither asked again nor refused as a move a duplicate cannot make; the reporter
    # is told once.
    original, manhole = a_report(other_rider), a_report(rider)
    staff = client_for(reviewer)
    answer(staff, manhole, duplicate_of=original.pk, note="", follow=True)
    answer(staff, manhole, duplicate_of=original.pk, confirmed_original=original.pk, note="", follow=True)

    response = answer(staff, manhole, duplicate_of=original.pk, note="", follow=True)

    html = response.content.decode()
    assert f"线索 #{manhole.pk} 已改为“重复”，已通知上报人。" in html
    assert 'data-testid="duplicate-confirm"' not in html
    manhole.refresh_from_db()
    assert (manhole.status, manhole.duplicate_of_id, manhole.updates.count()) == (S.DUPLICATE, original.pk, 2)
    assert Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").count() == 1


def test_another_category_is_allowed_but_said_plainly(client_for, reviewer, rider, other_rider):
    # A broken manhole is a safety hazard to one rider and a public facility to another, and
    # staff cannot change a report's category: the page warns instead of refusing.
    original = a_report(other_rider, S.ACCEPTED, category="public_facility")
    manhole = a_report(rider)
    staff = client_for(reviewer)

    html = answer(staff, manhole, duplicate_of=original.pk, note="同一个井盖，已合并处理。", follow=True).content.decode()

    warning = re.search(r'data-testid="other-category">(.*?)</p>', html).group(1)
    assert warning == "类别不同：本线索是“安全隐患”，原线索是“公共设施”。请确认是同一个问题再标记。"
    assert "上报人会看到：" in html and "同一个井盖，已合并处理。" in html

    answer(staff, manhole, duplicate_of=original.pk, confirmed_original=original.pk, note="同一个井盖，已合并处理。")
    manhole.refresh_from_db()
    assert manhole.status == S.DUPLICATE
    assert manhole.updates.last().note == "同一个井盖，已合并处理。"  # what staff wrote, not the default


def test_a_resolved_original_may_be_named(reviewer, rider, other_rider):
    fixed = a_report(other_rider, S.RESOLVED)
    manhole = a_report(rider)

    services.report_transition(actor=reviewer, report=manhole, status=S.DUPLICATE, duplicate_of=fixed)

    manhole.refresh_from_db()
    assert (manhole.status, manhole.duplicate_of_id) == (S.DUPLICATE, fixed.pk)


def test_the_default_note_is_in_the_reporters_language(reviewer, rider, other_rider):
    rider.language = "en"
    rider.save(update_fields=["language"])
    original = a_report(other_rider)
    manhole = a_report(rider)

    services.report_transition(actor=reviewer, report=manhole, status=S.DUPLICATE, duplicate_of=original)

    assert manhole.updates.last().note.startswith(f"The same problem was already reported as report #{original.pk}")
