"""Pages of the points app: thin; the services decide, these render."""

from __future__ import annotations

import dataclasses
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from friendlystreet import kept_input
from friendlystreet.accounts.access import needs_join_steps, permission_required, rider_required
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.models import User, Verification
from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import page_idempotency_key, parse_id, service_field_errors, show_service_errors, valid_filters
from friendlystreet.lists import listed
from friendlystreet.names import id_label_pairs
from friendlystreet.notifications.services import recipient_language
from friendlystreet.privacy.access import PERM_PERSONAL_DATA
from friendlystreet.privacy.services import PERM_ANONYMISE
from friendlystreet.queues import and_next
from friendlystreet.uploads import file_response, max_image_bytes, size_check_attrs

from . import earning, selectors, services, verification
from .errors import ClaimNotPending
from .forms import (
    AdjustForm,
    BulkForm,
    CategoryForm,
    ClaimForm,
    QueueFilterForm,
    RejectForm,
    RiderLookupForm,
    RuleForm,
    VerifyForm,
    rule_facts,
    rule_label,
)
from .models import Category, Claim, LedgerEntry, Rule
from .payouts_to_come import outside_its_dates, payouts_to_come
from .selectors import PERM_ADJUST, PERM_REVIEW, PERM_RULES, PERM_SUBMIT, PERM_VERIFY

QUEUE_PAGE = 30


# --- public -------------------------------------------------------------------------------


@require_GET
def how_to_earn(request: HttpRequest) -> HttpResponse:
    # The same for everyone and rarely changed: the rule list is rendered once per version
    # and language (a public page in the top bar of every visitor).
    # A rider reads which rule is theirs where apps pay one of several (earning.rules_for_reader):
    # one rendering for each such set of rules, visitors' without any.
    yours = earning.rules_for_reader(request.user)
    body = selectors.PUBLIC.remember(("how-to-earn", get_language(), *yours), lambda: _how_to_earn_body(yours), 600)
    context = {"body": mark_safe(body), "show_join_steps": needs_join_steps(request.user)}  # noqa: S308 - our own rendering
    return render(request, "points/how_to_earn.html", context)


def _how_to_earn_body(yours: tuple[str, ...] = ()) -> str:
    categories = selectors.categories_with_active_rules()
    for category in categories:
        for rule in category.active_rules:
            # A rule the programme pays by itself asks for no claim: the page says where it is
            # earned instead (the page its app registered), so "no claim needed" is not a dead end.
            rule.earn_link = None if rule.rider_claimable else earning.earn_link(rule.code)
            # Whom alone it pays (micro-grid members), unless it is the reader's own.
            rule.yours = rule.code in yours
            rule.only_for = None if rule.yours else earning.only_for(rule.code)
    return render_to_string("points/_how_to_earn_body.html", {"categories": categories})


# --- the rider's pages ----------------------------------------------------------------------


@rider_required(PERM_SUBMIT)
@require_GET
def passbook(request: HttpRequest) -> HttpResponse:
    before = parse_id(request.GET.get("before"))
    entries, next_cursor = selectors.passbook_page(request.user, before=before)
    # The newest entry's balance_after is the balance (ledger_post writes both together,
    # under the account lock): on the first page that saves a query.
    balance = entries[0].balance_after if entries and before is None else selectors.balance_of(request.user)
    kinds = dict(LedgerEntry.Kind.choices)
    rows = [(entry, kinds.get(entry.kind, entry.kind)) for entry in entries]
    # Claims not paid yet are not in the passbook: the line under the balance says how many wait
    # for review and what they would earn (one query), so a rider sees the claim they just sent.
    context = {"balance": balance, "waiting": selectors.claims_waiting(request.user), "rows": rows, "next_cursor": next_cursor}
    return render(request, "points/passbook.html", context)


@rider_required(PERM_SUBMIT)
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.claims_of(request.user), 20).get_page(request.GET.get("page"))
    selectors.with_expected_points(page.object_list)
    return render(request, "points/claim_list.html", {"page": page})


@rider_required(PERM_SUBMIT)
def claim_new(request: HttpRequest) -> HttpResponse:
    if request.user.verification != Verification.VERIFIED:
        # Unverified riders see why they cannot claim yet, instead of a form that fails.
        return render(request, "points/claim_blocked.html")
    if request.method != "POST":
        return _claim_form_page(request, ClaimForm())
    form = ClaimForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.claim_submit(
                rider=request.user,
                rule=data["rule"],
                quantity=data["quantity"],
                occurred_at=data["occurred_at"],
                description=data["description"],
                location=data["location"],
                photos=data["photos"],
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            # The same words for a resubmission: the claim was sent, once.
            messages.success(request, _("Your claim was sent for review."))
            return redirect("points:claim_detail", pk=submission.claim.pk)
    return _claim_form_page(request, form)


def _claim_form_values(request: HttpRequest, form: ClaimForm) -> tuple[dict[str, str], Claim | None]:
    """What the claim form's inputs show, and the rejected claim they were filled from if any:
    the post sent back, a rejected claim sent again (?again=), or a new claim (?rule=)."""
    if form.is_bound:
        return {name: form.data.get(name, "") for name in ("rule", "quantity", "occurred_at", "description", "location")}, None
    again = selectors.claim_to_send_again(request.user, parse_id(request.GET.get("again", "")))
    if again is not None:
        # 重新申请 on a rejected claim: its rule, time and words, to be completed (photos anew).
        values = {
            "rule": str(again.rule_id),
            "quantity": f"{again.quantity.normalize():f}",
            "occurred_at": timezone.localtime(again.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "description": again.description,
            "location": again.location,
        }
        return values, again
    # "Claim this" on How to earn preselects its rule (?rule=<id>); anything else selects none.
    values = {
        "rule": str(parse_id(request.GET.get("rule", "")) or ""),
        "quantity": "1",
        "occurred_at": form.fields["occurred_at"].initial.strftime("%Y-%m-%dT%H:%M"),
    }
    return values, None


def _claim_form_page(request: HttpRequest, form: ClaimForm) -> HttpResponse:
    """The template writes the inputs itself (Django's widget templates were most of this
    page's time); the form still parses and validates, and its errors are shown."""
    values, again = _claim_form_values(request, form)
    rules = list(form.fields["rule"].queryset.order_by("category__order", "category_id", "name", "id"))
    groups: dict[str, list[dict]] = {}
    for rule in rules:
        groups.setdefault(rule.category.label(), []).append({"rule": rule, "label": rule_label(rule), "facts": rule_facts(rule)})
    selected = next((r for r in rules if str(r.pk) == values["rule"]), None)
    context = {
        "form": form,
        "values": values,
        "rule_groups": list(groups.items()),
        "selected_needs_photo": bool(selected and selected.needs_photo),
        "selected_facts": rule_facts(selected) if selected else "",
        # The quantity's label and help as hours or times, for the chosen rule (points.js switches them).
        "quantity_unit": "" if selected is None else ("hours" if selected.per_hour else "times"),
        "max_occurrences": services.MAX_OCCURRENCES,
        "photo_max_size": filesizeformat(max_image_bytes()),
        "again": again,
        # Its photos are not carried over (a browser cannot refill a file input): ask for them
        # again only if it had some.
        "again_had_photos": again is not None and again.photos.exists(),
        "window": services.claim_window_days(),
        "max_photos": services.MAX_PHOTOS,
        # A browser cannot send a chosen file back: say so when a refused form had photos.
        "photos_lost": form.is_bound and bool(request.FILES),
        # What the rider typed and the form could not read ("两") comes back in a text box: a
        # browser empties a number or date box given a value it cannot read, and the words would
        # be lost under the error about them.
        "quantity_as_text": form.has_error("quantity", "invalid"),
        "occurred_at_as_text": form.has_error("occurred_at", "invalid"),
        # A double tap sends the key twice and gets the first claim back (services.claim_submit).
        "idempotency_key": page_idempotency_key(form),
    }
    return render(request, "points/claim_form.html", context)


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_visible_to(request.user, pk)
    selectors.with_expected_points([claim])
    return render(request, "points/claim_detail.html", {"claim": claim, "is_owner": claim.rider_id == request.user.pk})


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk, rider=request.user)
    try:
        services.claim_withdraw(rider=request.user, claim=claim)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your claim was withdrawn."))
    return redirect("points:claim_detail", pk=pk)


@login_required
@require_GET
def claim_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence photos: only the claim's rider and reviewers; anyone else gets 404."""
    return photo_response(selectors.photo_visible_to(request.user, pk))


def photo_response(photo) -> HttpResponse:
    return file_response(
        photo.image,
        content_type=photo.content_type,
        cache_control="private, max-age=3600",
        filename=f"claim-{photo.claim_id}-{photo.pk}.{photo.extension}",
    )


# --- staff: the review queue ---------------------------------------------------------------------


def _queue_filters(query: QueryDict) -> selectors.QueueFilters:
    """The queue's filters from a query string. The queue, the claim page and "approve (or
    reject) and next" read them here alike; no status given means the pending ones."""
    form = QueueFilterForm(query if "status" in query else {"status": "pending", **query.dict()})
    data = valid_filters(form)  # a filter it cannot read drops itself, not the others
    return selectors.QueueFilters(
        status=data.get("status", "pending") or "",  # a status it cannot read: the default, pending
        category=data.get("category"),
        rule=data.get("rule"),
        rider=(data.get("rider") or "").strip(),
        occurred_from=data.get("occurred_from"),
        occurred_to=data.get("occurred_to"),
    )


def _queue_query(filters: selectors.QueueFilters) -> str:
    """The filters as the query string the queue's claim links, the claim page's forms and
    its way back carry: "" for the plain queue of pending claims (its links stay plain)."""
    plain = selectors.QueueFilters()
    params = {}
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if field.name == "status":
            if value != plain.status:
                params["status"] = value  # "" too: all statuses, not the default pending
        elif value:
            params[field.name] = value.isoformat() if isinstance(value, date) else value
    return urlencode(params)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@permission_required(PERM_REVIEW)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    filters = _queue_filters(request.GET)
    page = Paginator(selectors.claim_queue(filters), QUEUE_PAGE).get_page(request.GET.get("page"))
    claims = list(page.object_list)
    attach_badges([c.rider for c in claims])  # 党员, 微网格员, the team: one query per source
    # The "This month" column: the rider's claims this month, and what they earned by the
    # claim's rule in its month against the rule's cap (one query for the page).
    summaries = selectors.month_summaries(claims, now=timezone.now())
    twins = selectors.same_day_claims(claims)
    rows = [(c, summaries[c.pk], twins[c.pk]) for c in claims]
    query = request.GET.copy()
    query.pop("page", None)
    kept = kept_input.take(request, BULK_KEPT)
    return render(
        request,
        "points/staff/review_queue.html",
        {
            "ticked": set(kept.data.get("ids") or ()),
            "kept_reason": kept.data.get("reason", ""),
            "reason_refused": "reason" in kept.errors,
            "filters": filters,
            "statuses": Claim.Status.choices,
            "categories": id_label_pairs(Category.objects.all()),
            "rules": id_label_pairs(Rule.objects.all()),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            # Each claim opens with the filters, so that "next" stays within them.
            "queue_query": _queue_query(filters),
            "pending": filters.status == "pending",
            # A Status column only when the rows can differ in it: under one status's filter it
            # said "Pending" on every row. Under Approved, what each one was paid instead.
            "with_status": not filters.status,
            "with_points": filters.status == Claim.Status.APPROVED,
            # The rejected claims' reasons, where the list can hold rejected claims (all statuses too).
            "with_reasons": filters.status in (Claim.Status.REJECTED, ""),
        },
    )


@permission_required(PERM_REVIEW)
@require_GET
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_visible_to(request.user, pk)
    attach_badges([claim.rider])
    filters = _queue_filters(request.GET)
    context = {
        "claim": claim,
        "award": selectors.claim_award(claim) if claim.is_pending else None,
        "earlier": selectors.rider_claims_in_month(claim)[:50],
        "same_day": selectors.same_day_claims([claim])[claim.pk],
        "own": claim.rider_id == request.user.pk,
        # The n key and the "Next pending claim" link: the next one within the queue's filters.
        "next_id": selectors.next_pending_claim_id(reviewer=request.user, after=claim, filters=filters),
        "queue_query": _queue_query(filters),
    }
    # A refused rejection's reason (claim_reject kept it): back in the box when this claim can
    # still be rejected; else shown to copy (the claim was decided first, or this is the next one).
    context |= _kept_reason(request, REJECT_KEPT, claim.pk, in_the_box=_takes_a_reason(request, claim))
    return render(request, "points/staff/review_claim.html", context)


# A refused bulk decision (驳回所选 before the reason was typed): the claims ticked and the reason
# typed, for the queue's next rendering only (review_queue takes it: friendlystreet.kept_input),
# so nothing is ticked again.
BULK_KEPT = "points_bulk"


def _keep_bulk_choice(request: HttpRequest, data: dict, errors: dict[str, list[str]] | None = None) -> None:
    ids = [int(i) for i in data["ids"]][: services.MAX_BULK]
    kept_input.keep(request, BULK_KEPT, {"ids": ids, "reason": (data.get("reason") or "")[:500]}, errors)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    nxt = request.POST.get("next", "")
    if nxt.startswith("/staff/") and "//" not in nxt:
        return redirect(nxt)
    return redirect(_with_query(reverse("points:review_queue"), _queue_query(_queue_filters(request.GET))))


def _back_to_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A refused decision: the claim again, still within the queue's filters."""
    return redirect(_with_query(reverse("points:review_claim", args=[pk]), _queue_query(_queue_filters(request.GET))))


@permission_required(PERM_REVIEW)
@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    try:
        claim = services.claim_approve(actor=request.user, claim=claim)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_claim(request, pk)
    messages.success(request, _("Claim #%(id)s approved: %(points)s points.") % {"id": pk, "points": claim.points})
    if request.POST.get("and_next"):
        return _next_claim(request, claim)
    return _back_to_queue(request)


def _next_claim(request: HttpRequest, decided: Claim) -> HttpResponse:
    """ "Approve and next" and "Reject and next": the next pending claim (oldest first) within
    the queue's filters, which the claim page's forms carry in their query string; or the
    (filtered) queue when none is left."""
    filters = _queue_filters(request.GET)
    query = _queue_query(filters)
    if dataclasses.replace(filters, status=Claim.Status.PENDING) != selectors.QueueFilters():
        none_left = _("No more pending claims match your filters.")
    else:
        none_left = _("No more pending claims to review.")
    return and_next(
        request,
        next_url=_next_claim_url(request, decided),
        queue_url=_with_query(reverse("points:review_queue"), query),
        none_left=none_left,
    )


def _next_claim_url(request: HttpRequest, after: Claim) -> str | None:
    """The page of the next pending claim within the queue's filters, if one is left."""
    filters = _queue_filters(request.GET)
    next_id = selectors.next_pending_claim_id(reviewer=request.user, after=after, filters=filters)
    return next_id and _with_query(reverse("points:review_claim", args=[next_id]), _queue_query(filters))


# A refused rejection (no reason, too long a reason, the claim decided by someone else first):
# the reason typed and the claim it was for, for the next claim page only (review_claim takes it:
# friendlystreet.kept_input). Typing it again, or remembering it, was the reviewer's loss.
REJECT_KEPT = "points_reject"
# The same for a refused rider verification (rider_decide keeps it, its next page takes it).
VERIFY_KEPT = "points_verify"


def _keep_reason(request: HttpRequest, key: str, pk: int, reason: str, errors: dict | None = None) -> None:
    """Keep the reason typed for a decision the server refused, with the object it was for."""
    kept_input.keep(request, key, {"pk": pk, "reason": reason[:2000]}, errors)


def _kept_reason(request: HttpRequest, key: str, pk: int, *, in_the_box: bool) -> dict:
    """A refused decision's reason, for the page's context: back in the reason box (with why it
    was refused) when it was for this object and the box is there to take it; else, if any was
    typed, `unsaved_reason` (the object's pk and the reason), shown to copy."""
    kept = kept_input.take(request, key)
    reason = kept.data.get("reason", "")
    if kept.data.get("pk") == pk and in_the_box:
        return {"kept_reason": reason, "reason_errors": kept.errors.get("reason", [])}
    if reason.strip():
        return {"unsaved_reason": {"pk": kept.data.get("pk"), "reason": reason}}
    return {}


def _takes_a_reason(request: HttpRequest, claim: Claim) -> bool:
    """The claim's page has the reason box (review_claim.html): a pending claim, not one's own."""
    return claim.is_pending and claim.rider_id != request.user.pk


def _reason_refused(request: HttpRequest, errors: dict | None, *, in_the_box: bool) -> None:
    """Why a decision's reason was refused, said once: beside the reason box, which the next page
    focuses (the kept errors); at the top of the page only what the box cannot show (no box
    there, or an error about something else). The banner and the box said it twice."""
    if in_the_box and errors and set(errors) == {"reason"}:
        return
    flat = [m for ms in (errors or {}).values() for m in ms]
    messages.error(request, " ".join(flat) or _("Give a reason for the rejection."))


@permission_required(PERM_REVIEW)
@require_POST
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    typed = request.POST.get("reason", "")
    form = RejectForm(request.POST)
    if not form.is_valid():
        _reason_refused(request, form.errors, in_the_box=_takes_a_reason(request, claim))
        _keep_reason(request, REJECT_KEPT, pk, typed, form.errors)
        return _back_to_claim(request, pk)
    try:
        services.claim_reject(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _reason_refused(request, service_field_errors(exc) or {"": exc.messages}, in_the_box=_takes_a_reason(request, claim))
        _keep_reason(request, REJECT_KEPT, pk, typed, service_field_errors(exc))
        return _back_to_claim(request, pk)
    except ClaimNotPending as exc:
        # Another reviewer (or the rider, withdrawing) was first: the message says who and when
        # (ClaimNotPending.decided_first); keep the reason (shown for copying on the next page),
        # and go on as the reviewer asked.
        messages.error(request, exc.message)
        _keep_reason(request, REJECT_KEPT, pk, typed)
        # "Reject and next": the next pending claim; none left, this claim's page (the reason is
        # shown there, not on the queue).
        next_url = request.POST.get("and_next") and _next_claim_url(request, claim)
        return redirect(next_url) if next_url else _back_to_claim(request, pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        _keep_reason(request, REJECT_KEPT, pk, typed)
        return _back_to_claim(request, pk)
    messages.success(request, _("Claim #%(id)s rejected.") % {"id": pk})
    if request.POST.get("and_next"):
        return _next_claim(request, claim)
    return _back_to_queue(request)


@permission_required(PERM_REVIEW)
@require_POST
def claim_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        if "ids" in form.errors:
            messages.error(request, _("First tick the claims you want to decide."))
        elif "reason" in form.errors:
            messages.error(request, form.errors["reason"][0])
        else:
            messages.error(request, _("Select claims and an action."))
        # Pressing 驳回所选 before ticking is common: the reason already typed must not be lost.
        reason = (form.cleaned_data.get("reason") or form.data.get("reason") or "").strip()
        _keep_bulk_choice(request, {"ids": form.cleaned_data.get("ids") or [], "reason": reason})
        return _back_to_queue(request)
    try:
        result = services.claim_bulk_decide(
            actor=request.user,
            claim_ids=form.cleaned_data["ids"],
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        _keep_bulk_choice(request, form.cleaned_data, service_field_errors(exc))
        return _back_to_queue(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        _keep_bulk_choice(request, form.cleaned_data)
        return _back_to_queue(request)
    if result.done:  # none done: the warning below says why, and no green "0 claims …"
        messages.success(request, _bulk_decided(form.cleaned_data["action"], result))
    if result.skipped:
        messages.warning(
            request,
            _("Skipped (already decided, your own or not found): %(ids)s")
            % {"ids": ", ".join(f"#{s['id']}" for s in result.skipped)},
        )
    return _back_to_queue(request)


def _bulk_decided(action: str, result: services.BulkResult) -> str:
    """What a bulk decision did, as a single one says it (Claim #246 approved: 30 points.):
    how many claims were approved and the points they paid (after caps), or how many rejected."""
    count = len(result.done)
    if action == "reject":
        return ngettext("%(count)s claim rejected.", "%(count)s claims rejected.", count) % {"count": count}
    points = ngettext("%(n)s point", "%(n)s points", result.points) % {"n": result.points}
    return ngettext("%(count)s claim approved, %(points)s paid.", "%(count)s claims approved, %(points)s paid.", count) % {
        "count": count,
        "points": points,
    }


# --- staff: riders waiting for verification ---------------------------------------------------------


@permission_required(PERM_VERIFY)
@require_GET
def rider_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Verification.UNVERIFIED)
    if status not in Verification.values:
        status = Verification.UNVERIFIED
    page = Paginator(selectors.riders_to_verify(status=status), 30).get_page(request.GET.get("page"))
    attach_badges(page)  # iterating the page loads its riders once; the template reuses them
    resubmitted = {rider.pk for rider in page if verification.resubmitted(rider)}
    return render(
        request,
        "points/staff/rider_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": verification.STATUS_LABELS.items(),
            "resubmitted": resubmitted,
            "form": VerifyForm(),
        },
    )


ASK_FOR_A_SCREENSHOT = gettext_lazy("no screenshot of your platform profile was uploaded")


def _in_language(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _decision_page(request: HttpRequest, rider: User, form: VerifyForm) -> HttpResponse:
    """What staff need to decide: the rider's name (in full while they wait for a decision:
    services.rider_name_for_verification) and phone (masked; staff allowed to see personal
    data reveal it on privacy:personal_data, with a reason), platform and work ID, their own
    evidence, and the earlier decisions."""
    attach_badges([rider])
    history = verification.decision_history(rider)
    upload = verification.last_upload(rider)
    # A rider waiting for a decision: the full name to compare with their screenshot (logged).
    full_name = services.rider_name_for_verification(viewer=request.user, rider=rider)
    own = rider.pk == request.user.pk
    # The reason box is there for someone else's rider not yet refused (rider_decide.html).
    kept = _kept_reason(request, VERIFY_KEPT, rider.pk, in_the_box=not own and rider.verification != Verification.REJECTED)
    response = render(
        request,
        "points/staff/rider_decide.html",
        {
            **kept,
            "rider": rider,
            "form": form,
            "can_reveal": request.user.has_perm(PERM_PERSONAL_DATA),
            "history": [(e, e.action == "accounts.rider_verified", (e.data or {}).get("reason", "")) for e in history],
            # What the decision forms say they were showing (VerifyForm.seen_decision): the last decision.
            "seen_decision": history[0].pk if history else 0,
            # ... and the screenshot shown (VerifyForm.seen_upload).
            "seen_upload": upload.pk if upload else 0,
            # When the screenshot shown replaced the one an earlier look may have seen.
            "replaced_at": upload.created_at if verification.replaced_since_decision(upload, history) else None,
            "own": own,
            "full_name": full_name,
            "status_label": verification.STATUS_LABELS[rider.verification],
            "resubmitted": verification.resubmitted(rider),
            "can_anonymise": request.user.has_perm(PERM_ANONYMISE),
            # The reason offered for a rider with no screenshot is the rider's to read: in their
            # language, whatever the language of the verifier's page.
            "ask_for_a_screenshot": _in_language(recipient_language(rider), ASK_FOR_A_SCREENSHOT),
        },
    )
    if full_name:
        response["Cache-Control"] = "private, no-store"
    return response


@permission_required(PERM_VERIFY)
def rider_decide(request: HttpRequest, pk: int) -> HttpResponse:
    rider = get_object_or_404(User, pk=pk, groups__name="rider")
    if request.method == "GET":
        return _decision_page(request, rider, VerifyForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    # A refused decision keeps the reason typed (a refusal is written with care): the rider's page
    # puts it back in the box, with why it was refused, or shows it to copy (_kept_reason).
    typed = request.POST.get("reason", "")
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verify or reject."))
        _keep_reason(request, VERIFY_KEPT, pk, typed)
        return redirect("points:rider_decide", pk=pk)
    approve = form.cleaned_data["decision"] == "verify"
    try:
        services.rider_verify(
            actor=request.user,
            rider=rider,
            approve=approve,
            reason=form.cleaned_data["reason"],
            seen=form.seen_verification(),
        )
    except ValidationError as exc:
        # The reason box is there for someone else's rider not yet refused (rider_decide.html).
        in_the_box = rider.pk != request.user.pk and rider.verification != Verification.REJECTED
        _reason_refused(request, service_field_errors(exc) or {"": exc.messages}, in_the_box=in_the_box)
        _keep_reason(request, VERIFY_KEPT, pk, typed, service_field_errors(exc))
        return redirect("points:rider_decide", pk=pk)
    except DomainError as exc:
        # Among them VerificationChanged: another verifier decided first (who and when), or the
        # rider sent a new screenshot. The page as it is now, with the reason kept; "and next"
        # stays on this rider too, whose decision the verifier believed made.
        messages.error(request, exc.message)
        _keep_reason(request, VERIFY_KEPT, pk, typed)
        return redirect("points:rider_decide", pk=pk)
    if approve:
        messages.success(request, _("%(name)s is verified; the rider has been told.") % {"name": rider.masked_name})
    else:
        messages.success(request, _("%(name)s was not verified; the rider has been told why.") % {"name": rider.masked_name})
    if request.POST.get("and_next"):
        next_id = selectors.next_rider_to_verify_id(verifier=request.user, after=rider)
        return and_next(
            request,
            next_url=next_id and reverse("points:rider_decide", args=[next_id]),
            queue_url=reverse("points:rider_queue"),
            none_left=_("No more riders waiting for verification."),
        )
    return redirect("points:rider_queue")


class EvidenceForm(forms.Form):
    evidence = forms.FileField(
        label=gettext_lazy("Screenshot of your profile in the platform's app"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The limit clean_image() applies, said under the field and checked by static/js/uploads.js
        # as soon as a file is chosen (a 24 MB photo went up in full before it was refused).
        field = self.fields["evidence"]
        field.help_text = _("JPEG, PNG or WebP, at most %(size)s. Location data in the photo is removed.") % {
            "size": filesizeformat(max_image_bytes())
        }
        field.widget.attrs.update(size_check_attrs())


@rider_required(PERM_SUBMIT)
def evidence_upload(request: HttpRequest) -> HttpResponse:
    """The rider's evidence for verification: a screenshot of their platform profile."""
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification.evidence_save(rider=request.user, upload=form.cleaned_data["evidence"])
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the street office will look at your screenshot."))
            return redirect("points:evidence_upload")
    user = request.user
    return render(
        request,
        "points/evidence_upload.html",
        {"form": form, "refused": user.verification == Verification.REJECTED, "resubmitted": verification.resubmitted(user)},
    )


@login_required
@require_GET
def rider_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence image: only its rider and staff who verify riders; anyone else 404."""
    data, content_type = verification.evidence_visible_to(request.user, pk)
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=600"
    response["Content-Disposition"] = f'inline; filename="evidence-{pk}.{content_type.rsplit("/", 1)[-1]}"'
    return response


# --- staff: rules and categories -----------------------------------------------------------------


@permission_required(PERM_RULES)
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = Rule.objects.select_related("category").order_by("category__order", "category_id", "name")
    categories = Category.objects.annotate(n_rules=Count("rules"))
    return render(request, "points/staff/rule_list.html", {"rules": rules, "categories": categories})


def _save_with_service(request, form, save, success_url: str, template: str, context: dict, saved: str) -> HttpResponse:
    """`saved`: what the message says, with %(name)s the saved object's (已保存规则“文明劝导”。):
    a bare 已保存。 left staff guessing which of the list's rows they had changed."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, saved % {"name": obj})
            return redirect(success_url)
    return render(request, template, {"form": form, **context})


@permission_required(PERM_RULES)
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk) if pk else None
    # Active being unticked: what other apps still pay by the rule (activities not over yet, from
    # their app's selector), named before it is saved and confirmed like a system rule's payouts.
    switching_off = rule is not None and rule.active and request.method == "POST" and not request.POST.get("active")
    to_come = payouts_to_come(rule) if switching_off else []
    # The form parses and validates; rule_save() re-reads the row under a lock, applies and audits.
    form = RuleForm(request.POST or None, instance=rule, payouts_to_come=to_come)
    context = {"rule": rule, "pending": selectors.pending_effect(rule) if rule else None, "payouts_to_come": to_come}
    if rule is not None and request.method == "POST" and form.is_valid():
        # Pending claims are paid by the rule as it is when they are approved: a change that
        # alters what they would get is shown (how many, what they would get now and after)
        # and saved only once confirmed.
        effect = selectors.pending_effect(rule, form.cleaned_data)
        if effect.changes and request.POST.get("confirm_pending") != "1":
            return render(request, "points/staff/rule_form.html", {**context, "form": form, "effect": effect})
    return _save_with_service(
        request,
        form,
        lambda data: _save_rule(request, rule, data),
        reverse("points:rule_list"),
        "points/staff/rule_form.html",
        context,
        _("Saved rule “%(name)s”."),
    )


def _save_rule(request: HttpRequest, rule: Rule | None, data: dict) -> Rule:
    saved = services.rule_save(actor=request.user, rule=rule, data=data, stop_payouts=bool(data.get("stop_payouts")))
    dated = rule is not None and (saved.valid_from, saved.valid_to) != (rule.valid_from, rule.valid_to)
    # A date ends riders' own claims, not what activities pay by the rule: said when a date is
    # set, or staff who ended the rule by a date believe those payouts ended too.
    outside = outside_its_dates(saved) if dated and saved.active else []
    if outside:
        titles = listed(f"{payout.title} ({timezone.localdate(payout.when):%Y-%m-%d})" for payout in outside)
        messages.warning(
            request,
            _(
                "Outside the rule's dates, these still pay by it: %(titles)s. Activities pay their attendance by "
                "their rule whatever its dates (the dates limit riders' own claims); to stop that, untick Active."
            )
            % {"titles": titles},
        )
    return saved


@permission_required(PERM_RULES)
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    return _save_with_service(
        request,
        form,
        lambda data: services.category_save(actor=request.user, category=category, data=data),
        reverse("points:rule_list"),
        "points/staff/category_form.html",
        {"category": category},
        _("Saved category “%(name)s”."),
    )


# --- staff: balances --------------------------------------------------------------------------------


@permission_required(PERM_ADJUST)
@require_GET
def balance_lookup(request: HttpRequest) -> HttpResponse:
    form = RiderLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        rider = User.objects.filter(phone=form.cleaned_data["q"]).first()
        if rider is not None:
            return redirect("points:balance_rider", pk=rider.pk)
        form.add_error("q", _("No user has this phone number."))
    return render(request, "points/staff/balance_lookup.html", {"form": form})


def _adjusted_message(rider: User, entry) -> str:
    """What the adjustment did, in its own words: "Balance adjusted." left the admin to read
    the figure below and work out whether it went the right way. The rider masked, as the
    page's heading names them."""
    params = {"name": rider.masked_name, "points": abs(entry.amount), "balance": entry.balance_after}
    if entry.amount > 0:
        return (
            ngettext(
                "Added %(points)s point for %(name)s; their balance is now %(balance)s.",
                "Added %(points)s points for %(name)s; their balance is now %(balance)s.",
                abs(entry.amount),
            )
            % params
        )
    return (
        ngettext(
            "Took %(points)s point from %(name)s; their balance is now %(balance)s.",
            "Took %(points)s points from %(name)s; their balance is now %(balance)s.",
            abs(entry.amount),
        )
        % params
    )


@permission_required(PERM_ADJUST)
def balance_rider(request: HttpRequest, pk: int) -> HttpResponse:
    rider = get_object_or_404(User, pk=pk)
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.balance_adjust(
                actor=request.user, rider=rider, amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _adjusted_message(rider, entry))
            return redirect("points:balance_rider", pk=pk)
    entries = selectors.ledger_lines(rider)  # each line in the reader's language, as the passbook
    attach_badges([rider])
    return render(
        request,
        "points/staff/balance_rider.html",
        {
            "rider": rider,
            "balance": selectors.balance_of(rider),
            "entries": entries,
            "form": form,
            "can_anonymise": request.user.has_perm(PERM_ANONYMISE),
        },
    )
