"""A notice is written in its reader's language, whoever's request sends it: a reviewer working
in Chinese approves an English-speaking rider's claim on the staff page and the rider is told
in English, in the inbox and by SMS (and the other way round). The rider's language is the one
they chose on the site (the footer's switch, tests/accounts/test_page_language.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import notify
from points.models import Claim
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db


def browser_in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page_language(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def approve_on_the_staff_page(staff, claim) -> None:
    assert staff.post(f"/staff/claims/{claim.pk}/approve/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_a_reviewer_working_in_chinese_tells_an_english_speaking_rider_in_english(client_for, rider, reviewer):
    rider_phone = client_for(rider)
    rider_phone.post("/notifications/language/", {"language": "en", "next": "/home/"})
    claim = ClaimFactory(rider=rider, rule=RuleFactory(name="Helped a neighbour", points=10))
    staff = browser_in(client_for(reviewer), "zh-hans")
    assert page_language(staff.get(f"/staff/claims/{claim.pk}/").content.decode()) == "zh-hans"

    approve_on_the_staff_page(staff, claim)

    told = Notification.objects.get(recipient=rider, kind="points_claim_approved")
    assert told.title == "Claim approved"
    assert told.body == "Your claim “Helped a neighbour” was approved: 10 points."
    sms = Delivery.objects.get(notification=told, channel=kinds.SMS)
    assert sms.text == told.body and sms.address == rider.phone
    inbox = rider_phone.get("/notifications/").content.decode()
    assert "Claim approved" in inbox and "Your claim “Helped a neighbour” was approved: 10 points." in inbox


@pytest.mark.parametrize("chosen", ["zh-hans", ""])  # chose Chinese, or never chose: the site's language
def test_a_reviewer_working_in_english_tells_a_chinese_speaking_rider_in_chinese(client_for, rider, reviewer, chosen):
    if chosen:
        client_for(rider).post("/notifications/language/", {"language": chosen, "next": "/home/"})
    rider.refresh_from_db()
    assert rider.language == chosen
    claim = ClaimFactory(rider=rider, rule=RuleFactory(name="文明劝导", points=10))
    staff = browser_in(client_for(reviewer), "en")
    assert page_language(staff.get(f"/staff/claims/{claim.pk}/").content.decode()) == "en"

    approve_on_the_staff_page(staff, claim)

    told = Notification.objects.get(recipient=rider, kind="points_claim_approved")
    assert told.title == "积分申请已通过"
    assert told.body == "您的积分申请“文明劝导”已通过：10 积分。"
    assert Delivery.objects.get(notification=told, channel=kinds.SMS).text == told.body


def test_a_rider_who_changes_language_gets_the_next_notices_in_it(client_for, rider, reviewer):
    """Each notice is written once, when it is sent, as its SMS is: the inbox keeps what the
    rider was told then, and what comes after the switch comes in the new language."""
    rule = RuleFactory(name="文明劝导", points=10)
    first, second = ClaimFactory(rider=rider, rule=rule), ClaimFactory(rider=rider, rule=rule)
    staff = client_for(reviewer)
    approve_on_the_staff_page(staff, first)
    client_for(rider).post("/notifications/language/", {"language": "en", "next": "/home/"})
    approve_on_the_staff_page(staff, second)

    titles = list(Notification.objects.filter(recipient=rider).order_by("id").values_list("title", flat=True))
    assert titles == ["积分申请已通过", "Claim approved"]


def test_words_the_caller_leaves_lazy_are_written_in_the_recipients_language(rider, other_rider):
    """A caller may hand notify() a lazy translation (a choice's label, gettext_lazy): it is
    rendered for the reader, not in the language of the request that sent it, and stored as
    the plain string it became."""
    kinds.register(kinds.Kind(code="test_lazy_status", label="x", title="%(status)s", body="%(status)s"))
    other_rider.language = "en"
    other_rider.save(update_fields=["language"])

    with translation.override("en"):  # a reviewer working in English
        chinese = notify(rider, "test_lazy_status", {"status": Claim.Status.APPROVED.label})
    with translation.override("zh-hans"):  # a reviewer working in Chinese
        english = notify(other_rider, "test_lazy_status", {"status": Claim.Status.APPROVED.label})

    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.title == "Approved" and english.context == {"status": "Approved"}
    assert chinese.title == "已通过" and chinese.context == {"status": "已通过"}
