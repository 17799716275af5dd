"""The staff tip queue: a decision refused for what was typed (驳回 or 撤下 without a reason, a
reason with invisible characters, 编辑后通过 left empty) comes back beside that tip's box, with
what was typed, marked, focused, instead of a banner at the top that says not which tip it was
about (desk review #6). Nothing is decided meanwhile."""

from __future__ import annotations

import re

import pytest

from tests.venues.factories import TipFactory
from venues import services
from venues.models import TipStatus

pytestmark = pytest.mark.django_db

QUEUE = "/staff/venues/tips/"
NO_REASON = "请说明理由，帮助骑手写出更好的贴士。"


def card(html: str, tip) -> str:
    """The tip's card in the queue's HTML."""
    start, end = rf'<li class="card" id="tip-{tip.pk}" data-tip-id="{tip.pk}">', r'</li>\s*(?:<li class="card"|</ul>)'
    match = re.search(f"{start}(.*?){end}", html, re.S)
    assert match, f"tip {tip.pk} is not in the queue"
    return match.group(1)


def banner(html: str) -> str:
    match = re.search(r'<ul class="messages[^"]*".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def test_a_rejection_without_a_reason_is_refused_beside_that_tip(client_for, reviewer, rider):
    first, second = TipFactory(author=rider), TipFactory(author=rider, text="地下车库限高2米。")
    client = client_for(reviewer)

    response = client.post(f"{QUEUE}{second.pk}/reject/", {"reason": "   "})

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?status=pending"
    html = client.get(response["Location"]).content.decode()
    refused = card(html, second)
    assert f'id="reason-{second.pk}-error"' in refused and NO_REASON in refused
    assert re.search(r'<input type="text" id="reason-\d+" name="reason"[^>]*aria-invalid="true"[^>]*autofocus>', refused)
    assert NO_REASON not in banner(html)  # said once, by the box
    assert "aria-invalid" not in card(html, first) and NO_REASON not in card(html, first)
    second.refresh_from_db()
    assert second.status == TipStatus.PENDING
    # Shown once: the next visit starts clean.
    assert NO_REASON not in client.get(QUEUE).content.decode()


def test_what_was_typed_stays_in_the_box_with_why_in_english_too(client_for, reviewer, rider):
    tip = TipFactory(author=rider)
    client = client_for(reviewer)
    client.cookies["django_language"] = "en"

    html = client.post(f"{QUEUE}{tip.pk}/reject/", {"reason": "信息已过时\x07"}, follow=True).content.decode()

    refused = card(html, tip)
    assert 'value="信息已过时\x07"' in refused
    assert "Remove the invisible control characters from this text." in refused


def test_a_withdrawal_without_a_reason_and_an_emptied_edit_are_refused_beside_their_tips(client_for, reviewer, rider):
    approved, pending = TipFactory(author=rider), TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=approved)
    client = client_for(reviewer)

    html = client.post(f"{QUEUE}{approved.pk}/withdraw/", {"reason": ""}, follow=True).content.decode()
    refused = card(html, approved)
    assert f'id="withdraw-reason-{approved.pk}-error"' in refused and "请说明原因，让骑手知道情况有什么变化。" in refused
    assert "autofocus" in refused

    html = client.post(f"{QUEUE}{pending.pk}/approve/", {"text": "  "}, follow=True).content.decode()
    refused = card(html, pending)
    assert '<details class="tip-edit" data-testid="tip-edit" open>' in refused  # the edit is open again
    assert f'id="tip-text-{pending.pk}-error"' in refused
    assert re.search(r'aria-invalid="true"[^>]*autofocus>  </textarea>', refused)
    approved.refresh_from_db()
    pending.refresh_from_db()
    assert (approved.status, pending.status) == (TipStatus.APPROVED, TipStatus.PENDING)


def test_the_refusal_comes_back_on_the_page_the_form_was_sent_from(client_for, reviewer, rider):
    tips = TipFactory.create_batch(52, author=rider)
    last = tips[-1]  # the queue shows 50 a page, oldest first
    client = client_for(reviewer)
    assert 'name="page" value="2"' in card(client.get(QUEUE, {"page": 2}).content.decode(), last)

    response = client.post(f"{QUEUE}{last.pk}/reject/", {"reason": "", "page": "2"})

    assert response["Location"] == f"{QUEUE}?status=pending&page=2"
    assert NO_REASON in card(client.get(response["Location"]).content.decode(), last)


def test_a_tip_decided_meanwhile_still_gets_its_refusal_said(client_for, reviewer, street_admin, rider):
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=street_admin, tip=tip)  # in another tab, a moment before

    html = client_for(reviewer).post(f"{QUEUE}{tip.pk}/reject/", {"reason": ""}, follow=True).content.decode()

    assert NO_REASON in banner(html)
