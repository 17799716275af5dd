"""An approved tip is one notice to its author, naming the points it paid in the author's
language: services.tip_approve runs the tip_approved hook first, reads what its subscribers
paid (hooks.points_paid) and then sends venues.tip_approved (or tip_approved_edited).
The points app's own subscriber (points.services.claim_for_approved_tip) runs in every test:
it pays the claim without a notice of its own (积分到账), so the approval's is the only one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from friendlystreet.notifications.models import Notification
from points.models import Claim, Rule
from tests.venues.factories import CompoundFactory, TipFactory
from venues import hooks, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip(rider):
    return TipFactory(compound=CompoundFactory(name="成龙锦苑"), author=rider, text="3号门22点后可进电动车")


def test_the_author_gets_one_notice_that_names_the_points(client_for, reviewer, rider, tip):
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")

    notice = Notification.objects.get(recipient=rider)  # one: the approval and its points
    assert notice.kind == "venues.tip_approved"
    assert notice.title == "您在成龙锦苑的贴士已发布"
    assert notice.body == "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。您获得了 5 积分。"
    assert notice.context["points"] == 5
    assert Claim.objects.get(source="tip", source_ref=str(tip.pk)).points == 5


def test_the_points_are_named_in_the_authors_language_not_the_reviewers(client_for, reviewer, rider, tip):
    rider.language = "en"
    rider.save(update_fields=["language"])

    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert Notification.objects.get(recipient=rider).body == (
        "Thank you: your tip on 成龙锦苑 now helps other riders. You earned 5 points."
    )


def test_an_edited_tip_says_the_points_and_how_it_now_reads(client_for, reviewer, rider, tip):
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "3号门22点后可进电动车。"})

    notice = Notification.objects.get(recipient=rider)
    assert notice.kind == "venues.tip_approved_edited"
    assert notice.body == (
        "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。您获得了 5 积分。"
        "街道办在发布前做了修改，现在的内容是：3号门22点后可进电动车。"
    )


def test_a_tip_that_pays_nothing_says_nothing_of_points(client_for, reviewer, rider, tip):
    Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).update(active=False)

    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")

    notice = Notification.objects.get(recipient=rider)
    assert notice.body == "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。"
    assert notice.context["points"] == 0


def test_the_notice_is_sent_after_the_hook_with_what_each_subscriber_paid(reviewer, rider, tip):
    order = []

    def pays_three(*, tip, reviewer):
        order.append(("hook", Notification.objects.filter(recipient=tip.author, kind__startswith="venues.").count()))
        return 3

    def pays_a_claim(*, tip, reviewer):
        return SimpleNamespace(points=2)

    for subscriber in (pays_three, pays_a_claim):
        hooks.tip_approved.connect(subscriber)
    try:
        services.tip_approve(reviewer=reviewer, tip=tip)
    finally:
        for subscriber in (pays_three, pays_a_claim):
            hooks.tip_approved.disconnect(subscriber)

    assert order == [("hook", 0)]  # nothing told before the subscribers ran
    notice = Notification.objects.get(recipient=rider, kind="venues.tip_approved")
    assert notice.context["points"] == 5 + 3 + 2  # the points app's rule, and the two above


def test_what_subscribers_paid_is_added_up_from_their_answers():
    assert hooks.points_paid([None, 5, SimpleNamespace(points=2), SimpleNamespace(points=None), True, 0, -1]) == 7
    assert hooks.points_paid([]) == 0
