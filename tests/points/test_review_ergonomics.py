"""Reviewing many claims quickly (issue 17): "approve and next", keyboard shortcuts in a
static script, the photo large, the "This month" column in words, cards on a phone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from points import services
from points.models import Claim
from tests.points.factories import ClaimFactory, RuleFactory, add_photo

pytestmark = pytest.mark.django_db


def aged(claim: Claim, minutes: int) -> Claim:
    """Submitted `minutes` ago (the queue is oldest first by submission)."""
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    claim.refresh_from_db()
    return claim


def test_approve_and_next_opens_the_next_oldest_pending_claim(client_for, reviewer, rider, other_rider, rule):
    first = aged(ClaimFactory(rider=rider, rule=rule), 30)
    newest = aged(ClaimFactory(rider=other_rider, rule=rule), 5)
    second = aged(ClaimFactory(rider=other_rider, rule=rule), 20)
    response = client_for(reviewer).post(f"/staff/claims/{first.pk}/approve/", {"and_next": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/claims/{second.pk}/"
    first.refresh_from_db()
    assert first.status == "approved"
    response = client_for(reviewer).post(f"/staff/claims/{second.pk}/approve/", {"and_next": "1"})
    assert response["Location"] == f"/staff/claims/{newest.pk}/"


def test_approve_and_next_skips_the_reviewers_own_claims(client_for, reviewer, rider, rule):
    first = aged(ClaimFactory(rider=rider, rule=rule), 30)
    aged(ClaimFactory(rider=reviewer, rule=rule), 20)  # theirs: another reviewer decides it
    third = aged(ClaimFactory(rider=rider, rule=rule), 10)
    response = client_for(reviewer).post(f"/staff/claims/{first.pk}/approve/", {"and_next": "1"})
    assert response["Location"] == f"/staff/claims/{third.pk}/"


def test_approving_the_last_one_goes_back_to_the_queue_with_a_message(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    client = client_for(reviewer)
    response = client.post(f"/staff/claims/{claim.pk}/approve/", {"and_next": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/staff/claims/"
    body = response.content.decode()
    assert "没有待审核的申请了" in body
    assert f"申请 #{claim.pk} 已通过" in body


def test_plain_approve_still_goes_back_to_the_queue(client_for, reviewer, rider, rule):
    claim, other = ClaimFactory(rider=rider, rule=rule), ClaimFactory(rider=rider, rule=rule)
    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/approve/")
    assert response["Location"] == "/staff/claims/"
    other.refresh_from_db()
    assert other.status == "pending"


def test_the_claim_page_has_the_buttons_the_next_link_and_the_script(client_for, reviewer, rider, rule):
    first = aged(ClaimFactory(rider=rider, rule=rule), 30)
    second = aged(ClaimFactory(rider=rider, rule=rule), 10)
    body = client_for(reviewer).get(f"/staff/claims/{first.pk}/").content.decode()
    assert 'id="approve-next"' in body and 'name="and_next"' in body
    assert 'id="next-claim" rel="next"' in body and f"/staff/claims/{second.pk}/" in body
    assert 'id="reject-form"' in body
    assert "/static/js/review.js" in body
    assert "<kbd>a</kbd>" in body
    # the last claim in the queue: "next" wraps to the oldest one still waiting
    body = client_for(reviewer).get(f"/staff/claims/{second.pk}/").content.decode()
    assert f'href="/staff/claims/{first.pk}/" id="next-claim"' in body


def test_the_script_exists_and_handles_the_three_keys_but_not_in_fields():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "review.js").read_text()
    for key in ('case "a"', 'case "r"', 'case "n"'):
        assert key in script
    assert "TEXTAREA" in script and "INPUT" in script and "isContentEditable" in script
    assert "approve-next" in script and "next-claim" in script


def test_no_inline_script_on_the_review_pages(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    for url in ("/staff/claims/", f"/staff/claims/{claim.pk}/"):
        body = client_for(reviewer).get(url).content.decode()
        assert "<script>" not in body and "onclick=" not in body


def test_the_photo_is_shown_large_and_opens_full_size(client_for, reviewer, rider, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    photo = add_photo(claim)
    body = client_for(reviewer).get(f"/staff/claims/{claim.pk}/").content.decode()
    assert '<div class="review-facts">' in body
    assert f'<a href="/points/photos/{photo.pk}/"><img src="/points/photos/{photo.pk}/"' in body
    assert "/static/css/review.css" in body


def test_the_month_column_says_what_the_rider_earned_by_the_rule_against_its_cap(client_for, reviewer, rider):
    capped = RuleFactory(name="文明劝导", points=10, max_per_month=30)
    uncapped = RuleFactory(name="扶老助残", points=5)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=capped))
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=uncapped))
    waiting = ClaimFactory(rider=rider, rule=capped)
    waiting_uncapped = ClaimFactory(rider=rider, rule=uncapped)
    response = client_for(reviewer).get("/staff/claims/")
    months = {c.pk: m for c, m, _ in response.context["rows"]}
    assert (months[waiting.pk].rule_earned, months[waiting.pk].rule_cap, months[waiting.pk].rule_left) == (10, 30, 20)
    assert (months[waiting_uncapped.pk].rule_earned, months[waiting_uncapped.pk].rule_cap) == (5, None)
    assert (months[waiting.pk].approved, months[waiting.pk].pending) == (2, 2)
    body = response.content.decode()
    assert "此规则当月已得 10 分，月上限 30 分（还可得 20 分）" in body
    assert "此规则当月已得 5 分，无月上限" in body
    assert 'id="month-legend"' in body


def test_the_month_column_counts_the_month_the_claim_happened_in(client_for, reviewer, rider):
    capped = RuleFactory(points=10, max_per_month=30)
    now = timezone.localtime()
    last_month = now.replace(day=1) - timedelta(days=2)
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=capped, occurred_at=last_month))
    this_month = ClaimFactory(rider=rider, rule=capped)
    rows = client_for(reviewer).get("/staff/claims/").context["rows"]
    assert {c.pk: m.rule_earned for c, m, _ in rows}[this_month.pk] == 0


def test_at_360_px_the_queue_is_cards(client_for, reviewer, rider, rule):
    ClaimFactory(rider=rider, rule=rule)
    body = client_for(reviewer).get("/staff/claims/").content.decode()
    assert '<table class="queue stack"' in body
    assert 'class="queue-card"' in body
    for label in ("申请", "骑手", "本月"):
        assert f'data-label="{label}"' in body
    # Status is a column (a card's line) only where the claims can differ in it: all statuses.
    assert 'data-label="状态"' in client_for(reviewer).get("/staff/claims/?status=").content.decode()
    css = (Path(settings.BASE_DIR) / "static" / "css" / "review.css").read_text()
    assert "@media (max-width: 640px)" in css and "attr(data-label)" in css
