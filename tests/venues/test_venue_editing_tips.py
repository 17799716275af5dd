"""Tip moderation (staff-content review #11): a reviewer trims a tip (the author's own phone
number) and approves it in one step, audited, and the author is told how it now reads; each
pending card says what approving pays its author (通过后作者获得 5 积分: the points app's rule,
through venues.hooks.tip_points); a street admin gets 编辑小区指南, a reviewer is told who edits
guides; the author's badges stand apart from the name."""

from __future__ import annotations

from datetime import date

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Rule
from points.selectors import balance_of
from tests.venues.factories import CompoundFactory, TipFactory
from venues import hooks
from venues.models import Tip, TipStatus
from volunteers import services

WITH_PHONE = "3号门22点后可进电动车，有事打我电话13800000016"
pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
QUEUE = "/staff/venues/tips/"


@pytest.fixture
def tip_points_rule(db) -> Rule:
    """The programme's rule for an approved tip, 5 points, as the points app's data migration
    makes it (a transactional test's flush takes that row: it is made again then). The points app
    reads it for venues through hooks.tip_points (points.selectors.points_for_tips)."""
    from tests.points.factories import RuleFactory

    rule = Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).first()
    return rule or RuleFactory(code=Rule.COMPOUND_TIP_APPROVED, points=5, max_per_month=50, rider_claimable=False)


@pytest.fixture
def tip(rider):
    return TipFactory(compound=CompoundFactory(name="成龙锦苑"), author=rider, text=WITH_PHONE)


def test_a_reviewer_trims_a_tip_and_approves_it_in_one_step(client_for, reviewer, rider, tip, client):
    trimmed = "3号门22点后可进电动车。"

    response = client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": f"  {trimmed}\n"}, follow=True, **ZH)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["贴士已修改并发布；已告知作者修改了哪些内容。"]
    tip.refresh_from_db()
    assert (tip.status, tip.text, tip.reviewed_by) == (TipStatus.APPROVED, trimmed, reviewer)
    entry = AuditEntry.objects.get(action="venues.tip.approve", target_id=str(tip.pk))
    assert entry.actor == reviewer
    assert entry.data["tip_text"] == ["3号门22点后可进电动车，有事打我电话13800000016", trimmed]
    notice = Notification.objects.get(recipient=rider, kind__startswith="venues.")  # the points app adds its own
    assert notice.kind == "venues.tip_approved_edited"
    assert notice.title == "您在成龙锦苑的贴士已发布（有修改）"
    assert trimmed in notice.body
    # Riders read the trimmed text only.
    guide = client.get(f"/compounds/{tip.compound_id}/", **ZH).content.decode()
    assert trimmed in guide and "13800000016" not in guide


def test_an_edit_left_as_it_was_is_a_plain_approval(client_for, reviewer, rider, tip):
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": tip.text})

    assert Notification.objects.get(recipient=rider, kind__startswith="venues.").kind == "venues.tip_approved"
    assert "tip_text" not in AuditEntry.objects.get(action="venues.tip.approve").data


def test_an_edit_to_nothing_is_refused_and_the_tip_waits(client_for, reviewer, tip):
    response = client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "   "}, follow=True, **ZH)

    # Said beside the tip's box (3642383), not in a banner above the queue.
    assert [str(m) for m in response.context["messages"]] == []
    assert "请填写贴士内容。" in response.content.decode()
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_the_card_offers_the_edit_with_the_tips_text(client_for, reviewer, tip):
    page = client_for(reviewer).get(QUEUE, **ZH).content.decode()

    assert "编辑后通过" in page
    textarea = f'name="text" rows="4" maxlength="1000" required aria-describedby="tip-text-{tip.pk}-help">'
    assert f"{textarea}{tip.text}</textarea>" in page
    assert "修改会记录在操作记录中，并告知作者修改后的内容。" in page


def test_the_points_app_says_what_a_tip_pays():
    from points.selectors import points_for_tips

    assert points_for_tips in hooks.tip_points  # registered in its ready(), as the hook asks


@pytest.mark.usefixtures("tip_points_rule")
def test_the_card_says_what_approving_pays_and_the_author_gets_it(client_for, reviewer, rider, tip):
    page = client_for(reviewer).get(QUEUE, **ZH).content.decode()

    assert "通过后作者获得 5 积分。" in page
    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/")
    assert balance_of(rider) == 5


def test_without_the_points_rule_the_card_says_nothing_about_points(client_for, reviewer, tip, tip_points_rule):
    tip_points_rule.active = False
    tip_points_rule.save(update_fields=["active"])

    page = client_for(reviewer).get(QUEUE, **ZH).content.decode()

    assert 'data-testid="tip-points"' not in page


def test_a_street_admin_gets_a_link_to_edit_the_guide_and_a_reviewer_is_told_who_can(client_for, street_admin, reviewer, tip):
    admin_page = client_for(street_admin).get(QUEUE, **ZH).content.decode()
    assert f'<a href="/staff/venues/compounds/{tip.compound_id}/" data-testid="edit-guide">编辑小区指南</a>' in admin_page

    reviewer_page = client_for(reviewer).get(QUEUE, **ZH).content.decode()
    assert 'data-testid="edit-guide"' not in reviewer_page
    assert "如需修改小区指南本身（出入口、停车点），请告知街道管理员：小区指南由街道管理员编辑。" in reviewer_page


def test_the_authors_badges_stand_apart_from_the_name(client_for, reviewer, street_admin, tip):
    services.grid_appoint(
        actor=street_admin, rider=tip.author, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="WG-031"
    )

    page = client_for(reviewer).get(QUEUE, **ZH).content.decode()

    name = tip.author.masked_name
    # A space between the name and the badges: the text reads 张* 网格员, not 张*网格员.
    assert f'<span data-testid="tip-author">{name}</span><span class="tip-badges"> <span class="rider-badge' in page


def test_a_tip_approved_twice_is_still_refused(client_for, reviewer, tip):
    client = client_for(reviewer)
    client.post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "改过的"}, follow=True)

    response = client.post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "再改一次"}, follow=True, **ZH)

    assert [str(m) for m in response.context["messages"]] == ["这条贴士已审核过。"]
    assert Tip.objects.get(pk=tip.pk).text == "改过的"


def test_an_anonymised_authors_words_leave_the_audit_entry_of_the_edit(client_for, reviewer, rider, tip):
    from venues.privacy import anonymise

    client_for(reviewer).post(f"/staff/venues/tips/{tip.pk}/approve/", {"text": "3号门22点后可进电动车。"})

    anonymise(rider)

    entry = AuditEntry.objects.get(action="venues.tip.approve", target_id=str(tip.pk))
    assert entry.data["tip_text"] == ["", ""]
    assert "13800000016" not in str(entry.data)
