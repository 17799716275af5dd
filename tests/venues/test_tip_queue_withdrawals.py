"""The staff tip queue says who took a tip off and when: the street office's withdrawal of an
approved tip names the member of staff, a tip its author took back while it waited says so.
The tip's own fields name its approval, not its withdrawal: the audit trail's entries do, and
the page reads them for all its tips in one query. Each withdrawal's entry names the compound,
as the approval's and the author's do."""

from __future__ import annotations

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from tests.factories import StreetAdminFactory
from tests.venues.factories import TipFactory
from tests.venues.test_tip_queue_decisions import QUEUE, QUEUE_QUERIES, decisions
from venues import services
from venues.models import TipStatus

pytestmark = pytest.mark.django_db


def at(action: str, tip) -> str:
    entry = AuditEntry.objects.get(action=action, target_type="venues.tip", target_id=str(tip.pk))
    return timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M")


def test_a_withdrawn_tip_names_the_staff_who_withdrew_it_and_when_not_its_approver(client_for, reviewer, street_admin, rider):
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=tip)
    services.tip_withdraw(reviewer=street_admin, tip=tip, reason="门禁规则变了")
    when = at("venues.tip.withdraw", tip)

    client = client_for(reviewer)
    html = client.get(QUEUE, {"status": TipStatus.WITHDRAWN}).content.decode()
    english = client.get(QUEUE, {"status": TipStatus.WITHDRAWN}, headers={"accept-language": "en"}).content.decode()

    assert decisions(html) == [f"由 管理员 于 {when} 撤下"]
    assert decisions(english) == [f"Withdrawn by 管理员 on {when}"]
    assert "门禁规则变了" in html  # the reason, as before


def test_a_tip_its_author_took_back_says_so_and_when(client_for, reviewer, rider):
    tip = TipFactory(author=rider)
    services.tip_retract(author=rider, tip=tip)
    when = at("venues.tip.retract", tip)

    client = client_for(reviewer)
    html = client.get(QUEUE, {"status": TipStatus.RETRACTED}).content.decode()
    english = client.get(QUEUE, {"status": TipStatus.RETRACTED}, headers={"accept-language": "en"}).content.decode()

    assert decisions(html) == [f"作者于 {when} 撤回"]
    assert decisions(english) == [f"Withdrawn by its author on {when}"]
    assert "张小骑" not in html  # the author is not named beyond the masked name the card shows


def test_the_withdrawn_queue_reads_who_withdrew_each_tip_in_one_query(client_for, reviewer, rider, django_assert_num_queries):
    client = client_for(reviewer)

    def withdraw_one():
        tip = TipFactory(author=rider)
        services.tip_approve(reviewer=reviewer, tip=tip)
        services.tip_withdraw(reviewer=StreetAdminFactory(), tip=tip, reason="过时了")

    withdraw_one()
    client.get(QUEUE, {"status": TipStatus.WITHDRAWN})  # session and caches warmed
    with django_assert_num_queries(QUEUE_QUERIES + 1):  # the withdrawals, all in one
        client.get(QUEUE, {"status": TipStatus.WITHDRAWN})

    for _ in range(3):
        withdraw_one()
    with django_assert_num_queries(QUEUE_QUERIES + 1):
        response = client.get(QUEUE, {"status": TipStatus.WITHDRAWN})

    assert len(decisions(response.content.decode())) == 4


def test_withdrawing_a_tip_records_its_compound_as_approving_and_taking_back_do(reviewer, street_admin, rider):
    published, waiting = TipFactory(author=rider), TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=published)
    services.tip_withdraw(reviewer=street_admin, tip=published, reason="门禁规则变了")
    services.tip_retract(author=rider, tip=waiting)

    def data(action, tip):
        return AuditEntry.objects.get(action=action, target_id=str(tip.pk)).data

    assert data("venues.tip.approve", published) == {"compound": published.compound_id}
    assert data("venues.tip.withdraw", published) == {"compound": published.compound_id, "reason": "门禁规则变了"}
    assert data("venues.tip.retract", waiting) == {"compound": waiting.compound_id}
