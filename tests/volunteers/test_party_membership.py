"""Party membership is sensitive (PIPL art. 28–29): declared only with its own consent, shown
only once staff confirm it, and gone without a trace when the rider withdraws."""

from __future__ import annotations

import json

import pytest

from friendlystreet.accounts.badges import attach_badges, badge_codes
from friendlystreet.audit.models import AuditEntry
from tests.volunteers.factories import ActivityFactory
from volunteers import errors, selectors, services
from volunteers.models import PartyDeclaration

pytestmark = pytest.mark.django_db

BRANCH = "成龙路街道新就业群体联合党支部"
OTHER_BRANCH = "锦江区快递行业党委成龙路支部"


def badges_of(rider) -> list[str]:
    """The badges staff lists and rosters show next to the rider (every badge source)."""
    return badge_codes(attach_badges([rider])[0])


def everything_audited() -> str:
    return json.dumps(
        list(AuditEntry.objects.values("action", "target_type", "target_id", "data")), ensure_ascii=False, default=str
    )


def test_declaring_needs_the_consent(rider):
    with pytest.raises(errors.ConsentRequired) as refused:
        services.party_declare(rider=rider, organisation=BRANCH, consent=False)
    assert refused.value.code == "consent_required"
    assert not PartyDeclaration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="volunteers.party").exists()


def test_a_declaration_shows_no_badge_until_staff_confirm_it(rider, street_admin):
    declaration = services.party_declare(rider=rider, organisation=f"  {BRANCH} ", consent=True)

    assert declaration.organisation == BRANCH
    assert declaration.consent_version == PartyDeclaration.CONSENT_VERSION
    assert declaration.confirmed_at is None
    assert "party_member" not in badges_of(rider)
    assert list(selectors.party_declarations_to_confirm()) == [declaration]

    services.party_confirm(actor=street_admin, declaration=declaration)

    assert "party_member" in badges_of(rider)
    assert list(selectors.party_declarations_to_confirm()) == []


def test_a_rider_cannot_confirm_their_own_declaration(rider):
    declaration = services.party_declare(rider=rider, organisation=BRANCH, consent=True)
    with pytest.raises(errors.NotAllowed):
        services.party_confirm(actor=rider, declaration=declaration)
    assert "party_member" not in badges_of(rider)


def test_the_party_badge_shows_on_the_activity_roster_once_confirmed(rider, other_rider, street_admin):
    activity = ActivityFactory()
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    services.party_confirm(actor=street_admin, declaration=services.party_declare(rider=rider, organisation=BRANCH, consent=True))
    services.party_declare(rider=other_rider, organisation=OTHER_BRANCH, consent=True)  # not confirmed

    roster = {s.rider_id: badge_codes(s.rider) for s in selectors.roster(activity)}

    assert "party_member" in roster[rider.pk]
    assert "party_member" not in roster[other_rider.pk]


def test_withdrawing_deletes_the_declaration_and_the_audit_keeps_no_organisation(rider, street_admin):
    declaration = services.party_declare(rider=rider, organisation=BRANCH, consent=True)
    services.party_confirm(actor=street_admin, declaration=declaration)

    services.party_withdraw(rider=rider)

    assert not PartyDeclaration.objects.filter(rider=rider).exists()
    assert "party_member" not in badges_of(rider)
    actions = list(AuditEntry.objects.filter(action__startswith="volunteers.party").values_list("action", flat=True))
    assert sorted(actions) == ["volunteers.party_confirmed", "volunteers.party_declared", "volunteers.party_withdrawn"]
    audited = everything_audited()
    assert BRANCH not in audited
    assert "党支部" not in audited
    # Nothing names the declaration row either: the entries point at the rider.
    assert set(AuditEntry.objects.filter(action__startswith="volunteers.party").values_list("target_type", flat=True)) == {
        "accounts.user"
    }


def test_a_withdrawn_declaration_cannot_be_confirmed_afterwards(rider, street_admin):
    declaration = services.party_declare(rider=rider, organisation=BRANCH, consent=True)
    services.party_withdraw(rider=rider)
    with pytest.raises(errors.NotRequested):
        services.party_confirm(actor=street_admin, declaration=declaration)
    assert not PartyDeclaration.objects.exists()
    assert "party_member" not in badges_of(rider)


def test_withdrawing_without_a_declaration_does_nothing(rider):
    services.party_withdraw(rider=rider)
    assert not AuditEntry.objects.filter(action="volunteers.party_withdrawn").exists()


def test_a_new_organisation_needs_confirming_again(rider, street_admin):
    services.party_confirm(actor=street_admin, declaration=services.party_declare(rider=rider, organisation=BRANCH, consent=True))

    changed = services.party_declare(rider=rider, organisation=OTHER_BRANCH, consent=True)

    assert changed.organisation == OTHER_BRANCH
    assert (changed.confirmed_at, changed.confirmed_by) == (None, None)
    assert PartyDeclaration.objects.count() == 1
    assert "party_member" not in badges_of(rider)
    assert OTHER_BRANCH not in everything_audited()


def test_declaring_the_same_organisation_again_keeps_the_confirmation(rider, street_admin):
    services.party_confirm(actor=street_admin, declaration=services.party_declare(rider=rider, organisation=BRANCH, consent=True))
    again = services.party_declare(rider=rider, organisation=BRANCH, consent=True)
    assert again.confirmed_at is not None
    assert "party_member" in badges_of(rider)


def test_declaring_again_after_withdrawing_starts_unconfirmed(rider, street_admin):
    services.party_confirm(actor=street_admin, declaration=services.party_declare(rider=rider, organisation=BRANCH, consent=True))
    services.party_withdraw(rider=rider)

    again = services.party_declare(rider=rider, organisation=BRANCH, consent=True)

    assert again.confirmed_at is None
    assert "party_member" not in badges_of(rider)
