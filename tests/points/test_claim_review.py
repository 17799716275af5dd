"""Staff review claims: approve (points into the ledger), reject (with a reason), in bulk;
every illegal transition is refused and leaves the rows as they were."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points import errors, services
from points.models import Account, Claim, LedgerEntry
from tests.factories import ReviewerFactory
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_reviewer_approves_a_claim_and_the_rider_is_paid_and_told(api_for, rider, reviewer, pending_claim):
    response = api_for(reviewer).post(f"/api/v1/claims/{pending_claim.pk}/approve/")

    assert response.status_code == 200
    assert response.json() == {"status": "approved", "points": 10, "points_computed": 10, "capped_by": ""}
    pending_claim.refresh_from_db()
    assert (pending_claim.status, pending_claim.points, pending_claim.decided_by) == ("approved", 10, reviewer)
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.balance_after, entry.claim, entry.actor) == ("earn", 10, 10, pending_claim, reviewer)
    assert entry.description == "文明劝导"
    assert Account.objects.get(rider=rider).balance == 10
    assert Notification.objects.get(recipient=rider).kind == "points_claim_approved"
    audit = AuditEntry.objects.get(action="points.claim_approved")
    assert (audit.actor, audit.target_id, audit.data["points"]) == (reviewer, str(pending_claim.pk), 10)
    assert api_for(rider).get("/api/v1/me/").json()["balance"] == 10


def test_reviewer_rejects_with_a_reason_and_the_rider_is_told(api_for, rider, reviewer, pending_claim):
    response = api_for(reviewer).post(f"/api/v1/claims/{pending_claim.pk}/reject/", {"reason": "照片与描述不符"}, format="json")
    assert response.status_code == 200
    pending_claim.refresh_from_db()
    assert (pending_claim.status, pending_claim.reason, pending_claim.decided_by) == ("rejected", "照片与描述不符", reviewer)
    assert not LedgerEntry.objects.exists()
    note = Notification.objects.get(recipient=rider)
    assert note.kind == "points_claim_rejected"
    assert "照片与描述不符" in note.body
    assert AuditEntry.objects.filter(action="points.claim_rejected", actor=reviewer).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejection_without_a_reason_is_refused(api_for, reviewer, pending_claim, reason):
    response = api_for(reviewer).post(f"/api/v1/claims/{pending_claim.pk}/reject/", {"reason": reason}, format="json")
    assert response.status_code == 400
    pending_claim.refresh_from_db()
    assert pending_claim.status == "pending"


def test_approving_an_already_decided_claim_is_409_with_its_state(api_for, reviewer, street_admin, pending_claim):
    api_for(reviewer).post(f"/api/v1/claims/{pending_claim.pk}/approve/")
    response = api_for(street_admin).post(f"/api/v1/claims/{pending_claim.pk}/approve/")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["status"], body["points"]) == ("claim_not_pending", "approved", 10)
    assert LedgerEntry.objects.count() == 1


def test_a_rider_cannot_approve_even_their_own_claim(api_for, client_for, rider, pending_claim):
    assert api_for(rider).post(f"/api/v1/claims/{pending_claim.pk}/approve/").status_code == 403
    assert client_for(rider).post(f"/staff/claims/{pending_claim.pk}/approve/").status_code == 403
    with pytest.raises(errors.NotAllowed):
        services.claim_approve(actor=rider, claim=pending_claim)
    pending_claim.refresh_from_db()
    assert pending_claim.status == "pending"
    assert not LedgerEntry.objects.exists()


def test_a_reviewer_cannot_review_their_own_claim(api_for, rule):
    reviewer = ReviewerFactory()
    own = ClaimFactory(rider=reviewer, rule=rule)
    response = api_for(reviewer).post(f"/api/v1/claims/{own.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["code"] == "own_claim"
    assert api_for(reviewer).post(f"/api/v1/claims/{own.pk}/reject/", {"reason": "x"}, format="json").status_code == 403
    own.refresh_from_db()
    assert own.status == "pending"
    assert not LedgerEntry.objects.exists()


# --- the state machine: every illegal transition ------------------------------------------------


def decided(status: str, claim: Claim, reviewer) -> Claim:
    if status == "approved":
        return services.claim_approve(actor=reviewer, claim=claim)
    if status == "rejected":
        return services.claim_reject(actor=reviewer, claim=claim, reason="不符合规则")
    return services.claim_withdraw(rider=claim.rider, claim=claim)


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn"])
@pytest.mark.parametrize("action", ["approve", "reject", "withdraw"])
def test_a_decided_claim_cannot_move_again(state, action, rider, reviewer, pending_claim):
    claim = decided(state, pending_claim, reviewer)
    before = (LedgerEntry.objects.count(), Notification.objects.count(), AuditEntry.objects.count())
    with pytest.raises(errors.ClaimNotPending) as exc:
        if action == "approve":
            services.claim_approve(actor=reviewer, claim=claim)
        elif action == "reject":
            services.claim_reject(actor=reviewer, claim=claim, reason="再次拒绝")
        else:
            services.claim_withdraw(rider=rider, claim=claim)
    assert exc.value.extra["status"] == state
    claim.refresh_from_db()
    assert claim.status == state
    assert (LedgerEntry.objects.count(), Notification.objects.count(), AuditEntry.objects.count()) == before


def test_only_the_owner_withdraws(other_rider, reviewer, pending_claim):
    for someone in (other_rider, reviewer):
        with pytest.raises(errors.NotAllowed):
            services.claim_withdraw(rider=someone, claim=pending_claim)
    pending_claim.refresh_from_db()
    assert pending_claim.status == "pending"


def test_database_refuses_an_approved_claim_without_points_and_a_rejection_without_reason(pending_claim):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=pending_claim.pk).update(status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=pending_claim.pk).update(status="rejected", reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=pending_claim.pk).update(status="lost")


# --- bulk ----------------------------------------------------------------------------------------


def test_bulk_approve_pays_each_claim_and_reports_what_it_skipped(api_for, rider, other_rider, reviewer, rule):
    a = ClaimFactory(rider=rider, rule=rule)
    b = ClaimFactory(rider=other_rider, rule=rule)
    c = ClaimFactory(rider=rider, rule=rule)
    services.claim_reject(actor=reviewer, claim=c, reason="重复提交")
    own = ClaimFactory(rider=reviewer, rule=rule)

    response = api_for(reviewer).post(
        "/api/v1/claims/bulk/", {"ids": [a.pk, b.pk, c.pk, own.pk, 999999], "action": "approve"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["done"] == [a.pk, b.pk]
    assert {(s["id"], s["code"]) for s in body["skipped"]} == {
        (c.pk, "claim_not_pending"),
        (own.pk, "own_claim"),
        (999999, "not_found"),
    }
    assert Account.objects.get(rider=rider).balance == 10
    assert Account.objects.get(rider=other_rider).balance == 10
    assert set(LedgerEntry.objects.values_list("claim_id", flat=True)) == {a.pk, b.pk}


def test_bulk_reject_takes_one_reason_for_all(api_for, rider, other_rider, reviewer, rule):
    claims = [ClaimFactory(rider=rider, rule=rule), ClaimFactory(rider=other_rider, rule=rule)]
    response = api_for(reviewer).post(
        "/api/v1/claims/bulk/", {"ids": [c.pk for c in claims], "action": "reject", "reason": "活动当天未签到"}, format="json"
    )
    assert response.status_code == 200
    assert set(Claim.objects.values_list("status", "reason")) == {("rejected", "活动当天未签到")}
    assert Notification.objects.filter(kind="points_claim_rejected").count() == 2


def test_bulk_reject_without_a_reason_changes_nothing(api_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    response = api_for(reviewer).post("/api/v1/claims/bulk/", {"ids": [claim.pk], "action": "reject"}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_bulk_on_the_staff_page(client_for, rider, reviewer, rule):
    claims = [ClaimFactory(rider=rider, rule=rule) for _ in range(3)]
    response = client_for(reviewer).post(
        "/staff/claims/bulk/", {"ids": [c.pk for c in claims], "action": "approve", "next": "/staff/claims/?status=pending"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/claims/?status=pending"
    assert Account.objects.get(rider=rider).balance == 30
    assert LedgerEntry.objects.count() == 3


def test_staff_page_refuses_an_outside_redirect(client_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    response = client_for(reviewer).post(f"/staff/claims/{claim.pk}/approve/", {"next": "https://evil.example/"})
    assert response["Location"] == "/staff/claims/"


def test_reviewer_approves_and_rejects_on_the_staff_pages(client_for, rider, reviewer, rule):
    a, b = ClaimFactory(rider=rider, rule=rule), ClaimFactory(rider=rider, rule=rule)
    staff = client_for(reviewer)
    page = staff.get(f"/staff/claims/{a.pk}/")
    assert page.status_code == 200
    assert page.context["award"].granted == 10
    assert staff.post(f"/staff/claims/{a.pk}/approve/").status_code == 302
    assert staff.post(f"/staff/claims/{b.pk}/reject/", {"reason": "不清楚"}).status_code == 302
    assert dict(Claim.objects.values_list("pk", "status")) == {a.pk: "approved", b.pk: "rejected"}
    # Rejecting without a reason on the page: a message, nothing changes.
    c = ClaimFactory(rider=rider, rule=rule)
    assert staff.post(f"/staff/claims/{c.pk}/reject/", {"reason": ""}).status_code == 302
    c.refresh_from_db()
    assert c.status == "pending"


def test_review_queue_lists_pending_oldest_first_with_filters(client_for, rider, other_rider, reviewer, rule, photo_rule):
    first = ClaimFactory(rider=rider, rule=rule)
    second = ClaimFactory(rider=other_rider, rule=photo_rule)
    ClaimFactory(rider=rider, rule=rule, status="withdrawn")
    staff = client_for(reviewer)
    rows = staff.get("/staff/claims/").context["rows"]
    assert [c.pk for c, *_ in rows] == [first.pk, second.pk]
    assert rows[0][1].pending == 1  # the rider's claims this month
    by_category = staff.get(f"/staff/claims/?status=pending&category={photo_rule.category_id}").context["rows"]
    assert [c.pk for c, *_ in by_category] == [second.pk]
    by_rider = staff.get(f"/staff/claims/?status=pending&rider={other_rider.phone[3:]}").context["rows"]
    assert [c.pk for c, *_ in by_rider] == [second.pk]
    body = staff.get("/staff/claims/").content.decode()
    assert other_rider.masked_name in body
    assert other_rider.display_name not in body  # masked, not the full name


def test_review_page_shows_the_riders_earlier_claims_this_month(client_for, rider, reviewer, rule):
    earlier = ClaimFactory(rider=rider, rule=rule)
    services.claim_approve(actor=reviewer, claim=earlier)
    current = ClaimFactory(rider=rider, rule=rule)
    page = client_for(reviewer).get(f"/staff/claims/{current.pk}/")
    assert [c.pk for c in page.context["earlier"]] == [earlier.pk]


def test_reject_reason_longer_than_allowed_is_a_validation_error(reviewer, pending_claim):
    with pytest.raises(ValidationError):
        services.claim_reject(actor=reviewer, claim=pending_claim, reason="x" * 501)
