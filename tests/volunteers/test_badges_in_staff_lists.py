"""Badges next to a rider's name in every staff page that shows riders: 党员 only for a
consenting, confirmed party member; a rider without consent (or after withdrawing it) is
indistinguishable from a non-member, down to the HTML of their row."""

from __future__ import annotations

import re
from datetime import date

import pytest

from friendlystreet.notifications.models import Delivery, Notification
from tests.points.factories import ClaimFactory
from tests.venues.factories import TipFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import errors, services

pytestmark = pytest.mark.django_db

PARTY = 'data-badge="party_member"'
GRID = 'data-badge="grid_member"'
TEAM = 'data-badge="team_member"'


def row(html: str, marker: str) -> str:
    """The element carrying `marker` (or starting with it), with CSRF tokens (new on every page) blanked."""
    start = html.index(marker)
    opening = start if marker.startswith("<") else html.rfind("<", 0, start)
    tag = re.match(r"<(\w+)", html[opening:]).group(1)
    end = html.index(f"</{tag}>", start) + len(tag) + 3
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[opening:end])


@pytest.fixture
def pages(client_for, reviewer, street_admin, rider):
    """The staff pages that show `rider`, each with the marker of the rider's row."""
    claim = ClaimFactory(rider=rider)
    activity = ActivityFactory(capacity=5)
    signup = services.signup_create(rider=rider, activity=activity).signup
    tip = TipFactory(author=rider)
    notice = Notification.objects.create(recipient=rider, kind="welcome", title="Claim approved")
    failed = Delivery.objects.create(notification=notice, channel="sms", address=rider.phone, text="-", status="failed")
    by_reviewer, by_admin = client_for(reviewer), client_for(street_admin)

    def render() -> dict[str, str]:
        name = rider.masked_name
        queue = by_reviewer.get("/staff/riders/?status=verified").content.decode()  # its tab of verified riders
        return {
            "review queue": row(by_reviewer.get("/staff/claims/").content.decode(), f'data-claim-id="{claim.pk}"'),
            "review claim": row(by_reviewer.get(f"/staff/claims/{claim.pk}/").content.decode(), f"<p><strong>{name}"),
            "riders to verify": row(queue, f'data-rider-id="{rider.pk}"'),
            "balance": row(by_admin.get(f"/staff/balances/{rider.pk}/").content.decode(), f"<h1>{name}"),
            "roster": row(by_reviewer.get(f"/staff/activities/{activity.pk}/").content.decode(), f'data-signup-id="{signup.pk}"'),
            "tip queue": row(by_reviewer.get("/staff/venues/tips/").content.decode(), f'data-tip-id="{tip.pk}"'),
            "failed deliveries": row(by_admin.get("/staff/notifications/deliveries/").content.decode(), f'data-id="{failed.pk}"'),
        }

    return render


def test_a_confirmed_party_member_with_consent_shows_the_badge_everywhere(pages, rider, street_admin):
    declaration = services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    assert not any(PARTY in html for html in pages().values())  # not before staff confirm

    services.party_confirm(actor=street_admin, declaration=declaration)

    shown = pages()
    assert all(PARTY in html for html in shown.values()), [name for name, html in shown.items() if PARTY not in html]
    assert all("党员" in html for html in shown.values())


def test_without_consent_or_after_withdrawing_a_rider_is_indistinguishable(pages, rider, street_admin):
    before = pages()
    with pytest.raises(errors.ConsentRequired):
        services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=False)
    assert pages() == before

    services.party_confirm(
        actor=street_admin, declaration=services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    )
    assert pages() != before
    services.party_withdraw(rider=rider)

    after = pages()
    for name in before:
        assert after[name] == before[name], name
    assert not any("党员" in html for html in after.values())


def test_micro_grid_and_team_badges_follow_the_appointment_and_membership(pages, rider, street_admin):
    appointment = services.grid_appoint(
        actor=street_admin, rider=rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="WG-031"
    )
    services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)
    shown = pages()
    assert all(GRID in html and TEAM in html for html in shown.values())

    services.grid_end(actor=street_admin, appointment=appointment)
    assert not any(GRID in html for html in pages().values())


def test_the_check_in_verdict_shows_the_badges(client_for, reviewer, street_admin, rider):
    services.party_confirm(
        actor=street_admin, declaration=services.party_declare(rider=rider, organisation="成龙路街道党工委", consent=True)
    )
    activity = ActivityFactory()
    token = services.checkin_token(services.signup_create(rider=rider, activity=activity).signup)
    html = client_for(reviewer).post(f"/staff/activities/{activity.pk}/checkin/", {"code": token}).content.decode()
    assert PARTY in row(html, 'data-testid="verdict-rider"')
