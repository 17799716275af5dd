"""Delete my account: SMS code, cooling-off (cancelled by signing in), anonymisation that keeps
every balance, claim, report and figure; staff run it at once with a reason."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.dashboard import figures
from friendlystreet.dashboard.periods import Period
from friendlystreet.notifications.models import Notification
from friendlystreet.privacy import services
from friendlystreet.privacy.models import DeletionRequest
from friendlystreet.sms.models import OutboxMessage
from points.models import Account, Claim, ClaimPhoto, LedgerEntry
from tests.factories import RiderFactory
from venues.models import Tip
from volunteers.models import PartyDeclaration
from volunteers.models_reports import Report


def code_sent_to(phone: str) -> str:
    text = OutboxMessage.objects.filter(phone=phone).latest("id").text
    return re.search(r"\d{6}", text).group(0)


def send_code(api) -> None:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert api.post("/api/v1/me/deletion/code/").status_code == 202


def ask_for_deletion(api, rider) -> dict:
    send_code(api)
    response = api.post("/api/v1/me/deletion/", {"code": code_sent_to(rider.phone)}, format="json")
    assert response.status_code == 202, response.json()
    return response.json()


def balances_agree() -> bool:
    for account in Account.objects.all():
        total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
        if total != account.balance:
            return False
    return True


def today() -> Period:
    day = timezone.localdate()
    return Period(day - timedelta(days=30), day)


def test_deletion_after_cooling_off_keeps_every_figure_and_the_rider_cannot_sign_in(
    lives, api_for, client, django_capture_on_commit_callbacks
):
    mine, theirs = lives
    before = figures.compute(today())
    claims, reports = Claim.objects.count(), Report.objects.count()
    body = ask_for_deletion(api_for(mine.rider), mine.rider)
    assert set(body) == {"scheduled_for"}
    pending = DeletionRequest.objects.get(rider=mine.rider)
    assert pending.scheduled_for - pending.requested_at == timedelta(days=7)
    assert services.deletions_run_due() == 0  # not yet

    with django_capture_on_commit_callbacks(execute=True):  # files go once the anonymisation commits
        assert services.deletions_run_due(now=pending.scheduled_for + timedelta(minutes=1)) == 1

    mine.rider.refresh_from_db()
    user = mine.rider
    assert (user.phone, user.display_name, user.email, user.platform, user.work_id) == (None, "", "", "", "")
    assert not user.is_active and not user.has_usable_password() and user.username == f"deleted-{user.pk}"
    assert not user.verification_evidence and user.privacy_consent_at is None
    assert not default_storage.exists(mine.evidence)
    assert not default_storage.exists(mine.claim_photo) and not default_storage.exists(mine.report_photo)
    assert default_storage.exists(theirs.claim_photo) and default_storage.exists(theirs.evidence)
    assert not PartyDeclaration.objects.filter(rider=user).exists()
    assert PartyDeclaration.objects.filter(rider=theirs.rider).exists()
    mine.claim.refresh_from_db()
    assert mine.claim.description == "" and mine.claim.status == "approved" and mine.claim.points == 50
    mine.report.refresh_from_db()
    assert mine.report.description == "" and mine.report.address == "-"
    mine.tip.refresh_from_db()
    assert mine.tip.text == "" and not mine.tip.photo and mine.tip.status == "approved"  # still counted
    assert not Tip.objects.filter(pk=mine.pending_tip.pk).exists()  # never published: gone
    assert Tip.objects.filter(pk=theirs.pending_tip.pk).exists()
    mine.open_voucher.refresh_from_db()
    assert mine.open_voucher.status == "cancelled"  # refunded first
    assert LedgerEntry.objects.filter(voucher=mine.open_voucher, kind="refund").count() == 1
    # Every balance still equals its ledger; claims, reports and figures unchanged.
    assert balances_agree()
    assert user.points_account.balance == 40
    assert (Claim.objects.count(), Report.objects.count()) == (claims, reports)
    after = figures.compute(today())
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    # The refund is the one movement the deletion makes (the unused voucher's points back),
    # which the redeemed points count net of refunds.
    assert set(changed) <= {"vouchers_cancelled", "points_redeemed"}, changed
    if "points_redeemed" in changed:
        assert before["points_redeemed"] - after["points_redeemed"] == mine.open_voucher.cost
    # Cannot sign in; the phone can register again as a new person.
    assert not client.login(username=user.username, password="x")
    assert not Notification.objects.filter(recipient=user).exists()


def test_the_freed_phone_registers_again(lives):
    mine, _theirs = lives
    phone = mine.rider.phone
    services.rider_anonymise(actor=_admin(), rider=mine.rider, reason="当面申请")
    assert RiderFactory(phone=phone).phone == phone


def _admin():
    from tests.factories import StreetAdminFactory

    return StreetAdminFactory()


def test_signing_in_during_the_cooling_off_period_cancels_and_tells_the_rider(lives, api_for, client_for):
    mine, _theirs = lives
    ask_for_deletion(api_for(mine.rider), mine.rider)
    client = client_for(mine.rider)  # a new sign-in
    request = DeletionRequest.objects.get(rider=mine.rider)
    assert request.cancelled_at is not None
    assert Notification.objects.filter(recipient=mine.rider, kind="privacy_deletion_cancelled").count() == 1
    assert services.deletions_run_due(now=request.scheduled_for + timedelta(days=1)) == 0
    mine.rider.refresh_from_db()
    assert mine.rider.is_active and mine.rider.phone
    assert client.get("/profile/delete/").status_code == 200


def test_a_wrong_code_schedules_nothing_and_tries_are_limited(lives, api_for):
    mine, _theirs = lives
    api = api_for(mine.rider)
    send_code(api)
    right = code_sent_to(mine.rider.phone)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(services.CODE_TRIES):
        assert api.post("/api/v1/me/deletion/", {"code": wrong}, format="json").status_code == 400
    assert api.post("/api/v1/me/deletion/", {"code": right}, format="json").status_code == 400
    assert not DeletionRequest.objects.exists()


def test_rider_cancels_through_the_api(lives, api_for):
    mine, _theirs = lives
    api = api_for(mine.rider)
    ask_for_deletion(api, mine.rider)
    assert api.get("/api/v1/me/deletion/").status_code == 200
    assert api.delete("/api/v1/me/deletion/").status_code == 204
    assert api.delete("/api/v1/me/deletion/").status_code == 404


def test_street_admin_anonymises_at_once_with_a_reason_audited(lives, api_for, street_admin):
    mine, theirs = lives
    api = api_for(street_admin)
    assert api.post(f"/api/v1/staff/riders/{mine.rider.pk}/anonymise/", {}, format="json").status_code == 400
    response = api.post(f"/api/v1/staff/riders/{mine.rider.pk}/anonymise/", {"reason": "本人到窗口申请"}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == mine.rider.pk
    mine.rider.refresh_from_db()
    assert not mine.rider.is_active and mine.rider.phone is None
    entry = AuditEntry.objects.get(action="privacy.rider_anonymised")
    assert entry.actor == street_admin and entry.data["reason"] == "本人到窗口申请"
    assert DeletionRequest.objects.get(rider=mine.rider).by_staff == street_admin
    again = api.post(f"/api/v1/staff/riders/{mine.rider.pk}/anonymise/", {"reason": "x"}, format="json")
    assert again.status_code == 409
    assert api.post(f"/api/v1/staff/riders/{street_admin.pk}/anonymise/", {"reason": "x"}, format="json").status_code == 409
    theirs.rider.refresh_from_db()
    assert theirs.rider.is_active


@pytest.mark.parametrize("who", ["reviewer", "rider"])
def test_only_street_admins_anonymise(lives, api_for, reviewer, who):
    mine, theirs = lives
    actor = reviewer if who == "reviewer" else theirs.rider
    response = api_for(actor).post(f"/api/v1/staff/riders/{mine.rider.pk}/anonymise/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    mine.rider.refresh_from_db()
    assert mine.rider.is_active
    assert ClaimPhoto.objects.filter(claim__rider=mine.rider).exists()


def test_an_anonymised_riders_tips_leave_the_compounds_guide(lives, api_for, client, street_admin):
    mine, theirs = lives
    compound = mine.tip.compound
    services.rider_anonymise(actor=street_admin, rider=mine.rider, reason="rider asked at the counter")

    page = client.get(f"/compounds/{compound.pk}/").content.decode()
    assert f'data-tip-id="{theirs.tip.pk}"' in page  # the other rider's tip is still there
    assert f'data-tip-id="{mine.tip.pk}"' not in page  # no empty entry where mine was
    tips = client.get(f"/api/v1/compounds/{compound.pk}/").json()["tips"]
    assert [t["id"] for t in tips] == [theirs.tip.pk]
    [listed] = client.get("/compounds/").context["page"].object_list
    assert listed.tip_count == 1


def test_confirming_deletion_signs_the_rider_out_of_every_browser_and_app(rider, settings, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from tests.factories import TEST_PASSWORD

    settings.SMS_BACKEND = "outbox"
    login = APIClient().post("/_allauth/app/v1/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}, format="json")
    app = APIClient(headers={"X-Session-Token": login.json()["meta"]["session_token"]})
    browser = APIClient()
    browser.post("/accounts/login/", {"login": rider.phone, "password": TEST_PASSWORD})
    assert app.get("/api/v1/me/").status_code == 200 and browser.get("/api/v1/me/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        assert app.post("/api/v1/me/deletion/code/").status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        response = app.post("/api/v1/me/deletion/", {"code": code_sent_to(rider.phone)}, format="json")
    assert response.status_code == 202

    # Signing in again is what cancels the request: no session of the rider's is left open.
    assert app.get("/api/v1/me/").status_code == 401
    assert browser.get("/api/v1/me/").status_code == 401
    assert services.pending_deletion(rider) is not None
