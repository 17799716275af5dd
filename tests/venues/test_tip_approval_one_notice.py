"""An approved tip is one notice to its author, naming the points it paid in the author's
language: services.tip_approve runs the tip_approved hook first, reads what its subscribers
paid (hooks.points_paid) and then sends venues.tip_approved (or tip_approved_edited).

The points app's subscriber still tells the rider itself (积分到账) until it passes
notify_rider=False (see hooks); `one_notice` below subscribes exactly that, so these tests show
venues' side working before and after that change."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from friendlystreet.notifications.models import Notification
from points.models import Claim, Rule
from points.services import claim_create_from_source, claim_for_approved_tip
from tests.venues.factories import CompoundFactory, TipFactory
from venues import hooks, services

pytestmark = pytest.mark.django_db


def claim_without_its_own_notice(*, tip, reviewer):
    """points.services.claim_for_approved_tip with notify_rider=False: what the points app is to
    subscribe (the approval's notice names the claim's points)."""
    rule = Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED, active=True).first()
    if rule is None:
        return None
    return claim_create_from_source(
        rider=tip.author,
        rule=rule,
        source=Claim.Source.TIP,
        source_ref=str(tip.pk),
        occurred_at=tip.created_at,
        description=(tip.text or "")[:200],
        actor=reviewer,
        notify_rider=False,
    )


@pytest.fixture
def one_notice():
    hooks.tip_approved.disconnect(claim_for_approved_tip)
    hooks.tip_approved.connect(claim_without_its_own_notice)
    yield
    hooks.tip_approved.disconnect(claim_without_its_own_notice)
    hooks.tip_approved.connect(claim_for_approved_tip)


@pytest.fixture
def tip(rider):
    return TipFactory(compound=CompoundFactory(name="成龙锦苑"), author=rider, text="3号门22点后可进电动车")


def test_the_author_gets_one_notice_that_names_the_points(one_notice, client_for, reviewer, rider, tip):
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")

    notice = Notification.objects.get(recipient=rider)  # one: the approval and its points
    assert notice.kind == "venues.tip_approved"
    assert notice.title == "您在成龙锦苑的贴士已发布"
    assert notice.body == "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。您获得了 5 积分。"
    assert notice.context["points"] == 5
    assert Claim.objects.get(source="tip", source_ref=str(tip.pk)).points == 5


def test_the_points_are_named_in_the_authors_language_not_the_reviewers(one_notice, client_for, reviewer, rider, tip):
    rider.language = "en"
    rider.save(update_fields=["language"])

    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert Notification.objects.get(recipient=rider).body == (
        "Thank you: your tip on 成龙锦苑 now helps other riders. You earned 5 points."
    )


def test_an_edited_tip_says_the_points_and_how_it_now_reads(one_notice, client_for, reviewer, rider, tip):
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "3号门22点后可进电动车。"})

    notice = Notification.objects.get(recipient=rider)
    assert notice.kind == "venues.tip_approved_edited"
    assert notice.body == (
        "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。您获得了 5 积分。"
        "街道办在发布前做了修改，现在的内容是：3号门22点后可进电动车。"
    )


def test_a_tip_that_pays_nothing_says_nothing_of_points(one_notice, client_for, reviewer, rider, tip):
    Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).update(active=False)

    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")

    notice = Notification.objects.get(recipient=rider)
    assert notice.body == "谢谢您！您在成龙锦苑的贴士已经公开，正在帮助其他骑手。"
    assert notice.context["points"] == 0


def test_with_the_points_apps_subscriber_as_it_is_the_venues_notice_names_the_points(client_for, reviewer, rider, tip):
    """Before the points app passes notify_rider=False its own 积分到账 comes too; the
    approval's notice names the points already."""
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")

    notice = Notification.objects.get(recipient=rider, kind="venues.tip_approved")
    assert notice.body.endswith("您获得了 5 积分。")
    assert Notification.objects.filter(recipient=rider).count() <= 2


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
