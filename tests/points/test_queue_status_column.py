"""A reviewer reads the claims queue: under the Pending filter (the queue they open) there is no
Status column saying 待审核 on every row; under All it is there and tells the claims apart; under
Approved its place shows what each claim was paid. Same queries as before (the queue's pins)."""

from __future__ import annotations

import re

import pytest

from points import services
from points.models import Claim
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def headers(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]


def status_cells(html: str) -> list[str]:
    return re.findall(r'<td data-label="(?:状态|Status)"><span class="status (\w+)">', html)


@pytest.fixture
def queue():
    reviewer = ReviewerFactory()
    rule = RuleFactory(name="文明劝导", points=10)
    waiting = [ClaimFactory(rider=RiderFactory(), rule=rule) for _ in range(2)]
    approved = ClaimFactory(rider=RiderFactory(), rule=rule)
    services.claim_approve(actor=reviewer, claim=approved)
    return reviewer, waiting


def test_the_pending_queue_has_no_status_column_and_all_has_one(client_for, queue):
    reviewer, waiting = queue
    client = client_for(reviewer)

    pending = client.get("/staff/claims/").content.decode()
    assert "状态" not in headers(pending)
    assert headers(pending)[-1] == "本月"
    assert status_cells(pending) == []
    assert pending.count('class="open-claim"') == 2

    everything = client.get("/staff/claims/?status=").content.decode()
    assert "状态" in headers(everything)
    assert sorted(status_cells(everything)) == ["approved", "pending", "pending"]


def test_under_approved_the_column_says_the_points_in_english(client_for, queue):
    reviewer, _ = queue
    client = client_for(reviewer)
    client.cookies["django_language"] = "en"

    approved = client.get("/staff/claims/?status=approved").content.decode()
    assert "Status" not in headers(approved)
    assert headers(approved)[-1] == "Points"
    assert re.findall(r'<td data-label="Points" class="claim-points">(\d+)</td>', approved) == ["10"]

    rejected = client.get("/staff/claims/?status=rejected").content.decode()
    assert "Status" not in headers(rejected) and "Points" not in headers(rejected)
    assert Claim.objects.filter(status=Claim.Status.PENDING).count() == 2
