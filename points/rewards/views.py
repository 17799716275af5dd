"""Pages of the rewards: the catalogue, a rider's vouchers, the merchant's redemption page,
partner proposals and the staff catalogue. Thin: the services decide, these render."""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import permission_required, rider_required
from friendlystreet.accounts.models import Verification
from friendlystreet.api.errors import DomainError
from friendlystreet.exports import safe_cell
from friendlystreet.inputs import parse_id, preselect, show_service_errors, valid_filters
from friendlystreet.ledgers.registry import days_label
from friendlystreet.lists import sentences
from friendlystreet.names import in_reader_language
from friendlystreet.pages.nav import RIDER_LINKS, visible
from friendlystreet.uploads import clean_image, file_response
from venues import hours
from venues.models import VenueKind

from ..models import Reward, Voucher
from ..selectors import balance_of
from . import codes, errors, qr, selectors, services
from .forms import CatalogueFilterForm, CodeForm, OperatorRewardForm, ProposalForm, RewardForm
from .selectors import PERM_MANAGE, PERM_REDEEM

# --- the catalogue ------------------------------------------------------------------------------


def _cards(kind: str, venue: int | None) -> list[dict]:
    """The rewards on sale with their cards' public part (title, venue, cost, stock) as HTML:
    the same for everyone, so rendered once per version (any reward or stock change bumps
    it), day and language. What a rider alone sees is added by the page's template."""
    today = selectors.local_today()

    def build() -> list[dict]:
        rewards = selectors.catalogue(selectors.CatalogueFilters(kind=kind, venue=venue), today=today)
        return [
            {
                "id": r.pk,
                "cost": r.cost,
                "stock": r.stock,
                "limit": r.per_rider_monthly_limit,
                "image": bool(r.image),
                "thumb_width": r.thumb_width or 480,
                "thumb_height": r.thumb_height or 480,
                "kind": r.venue.kind,
                "html": render_to_string("points/rewards/_reward_card.html", {"reward": r}),
            }
            for r in rewards
        ]

    # cards-3: a card names its reward in the reader's language (Reward.label()).
    return selectors.PUBLIC.remember(("cards-3", get_language(), today, kind, venue), build, selectors.PANEL_SECONDS)


@require_GET
def reward_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: public; a signed-in rider also sees their balance and limits left."""
    data = {}
    if request.GET:  # the everyday visit has no filters: nothing to parse
        data = valid_filters(CatalogueFilterForm(request.GET))  # a bad one drops itself, not the others
    user = request.user
    kind, venue = data.get("kind") or "", data.get("venue")
    cards = _cards(kind, venue)
    balance, taken = None, {}
    if user.is_authenticated and user.has_perm(PERM_REDEEM):
        balance = balance_of(user)
        taken = selectors.taken_this_month(user, [c["id"] for c in cards if c["limit"] is not None])
    affordable = bool(data.get("affordable")) and balance is not None
    if balance is not None:  # the rider's own lines under each card
        for_me = []
        for c in cards:
            # The card's facts as a reward, for the one rule of what a rider may take now.
            facts = Reward(pk=c["id"], cost=c["cost"], stock=c.get("stock"), per_rider_monthly_limit=c["limit"])
            redeemable = selectors.redeemable_now(facts, balance=balance, taken=taken)
            if affordable and not redeemable:
                continue  # 只看积分够的: what the rider can redeem now, as the home page's list
            remaining = selectors.remaining_for(facts, taken)
            for_me.append({**c, "remaining": remaining, "short": max(0, c["cost"] - balance)})
        cards = for_me
    context = {
        "cards": cards,
        "balance": balance,
        "kinds": VenueKind.choices,
        "filters": selectors.CatalogueFilters(kind=kind, venue=venue),
        "affordable": affordable,
    }
    return render(request, "points/rewards/catalogue.html", context)


# Not kept by the browser (Cache-Control: no-store): its "Back" after a purchase reloads the
# page, which shows the new balance and the voucher just bought, and brings a new
# idempotency key, not the old one (which would answer with the first voucher).
@never_cache
@require_GET
def reward_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reward = selectors.reward_visible_to(request.user, pk)
    user = request.user
    can_redeem = user.is_authenticated and user.has_perm(PERM_REDEEM)
    remaining = balance = None
    redeemable, unused = False, []
    if can_redeem:
        taken = selectors.taken_this_month(user, selectors.limited_ids([reward]))
        remaining = selectors.remaining_for(reward, taken)
        balance = balance_of(user)
        redeemable = selectors.redeemable_now(reward, balance=balance, taken=taken)
        short = max(0, reward.cost - balance)
        # After a purchase, "Back" lands here again: say that the voucher is already in hand.
        unused = selectors.unused_vouchers_for(user, reward.pk)
    context = {
        "reward": reward,
        "can_redeem": can_redeem,
        "verified": user.is_authenticated and user.verification == Verification.VERIFIED,
        "balance": balance,
        "remaining": remaining,
        "short": short if can_redeem else 0,
        "redeemable": redeemable,
        "unused": unused,
        "on_sale": selectors.is_on_sale(reward, today=selectors.local_today()) and reward.venue.active,
        # One key per rendering of the page: a double tap on "Redeem" sends it twice and
        # gets the same voucher back (the service stores it on the voucher).
        "idempotency_key": secrets.token_urlsafe(24),
    }
    return render(request, "points/rewards/reward_detail.html", context)


@require_GET
def reward_image(request: HttpRequest, pk: int) -> HttpResponse:
    return _send_image(request, pk, thumbnail=False)


@require_GET
def reward_thumb(request: HttpRequest, pk: int) -> HttpResponse:
    """The ~480 px copy for the catalogue on phones (the image itself for older uploads)."""
    return _send_image(request, pk, thumbnail=True)


def _send_image(request: HttpRequest, pk: int, *, thumbnail: bool) -> HttpResponse:
    reward = selectors.reward_visible_to(request.user, pk)
    if not reward.image:
        raise Http404
    stored = reward.thumbnail if thumbnail and reward.thumbnail else reward.image
    # A new upload gets a new random name, so a long cache is safe for published rewards.
    return file_response(stored, cache_control="public, max-age=86400" if reward.active else "private, max-age=600")


@rider_required(PERM_REDEEM)
@require_POST
def reward_redeem(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        result = services.reward_redeem(
            rider=request.user, reward=Reward(pk=pk), idempotency_key=request.POST.get("idempotency_key", "")
        )
    except Reward.DoesNotExist:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        try:
            selectors.reward_visible_to(request.user, pk)
        except Http404:
            return redirect("points:reward_list")  # unpublished meanwhile: its page is gone
        return redirect("points:reward_detail", pk=pk)
    if result.created:
        messages.success(request, _("Redeemed. Show this voucher at the counter."))
    else:
        messages.info(request, _("You redeemed this a moment ago: here is that voucher."))
    return redirect("points:voucher_detail", code=result.voucher.code)


# --- the rider's vouchers -----------------------------------------------------------------------


@rider_required(PERM_REDEEM)
@require_GET
def voucher_list(request: HttpRequest) -> HttpResponse:
    usable, others = selectors.vouchers_page(request.user)
    # Rows as plain strings: riders open this page at the counter, often; the template only
    # prints them (filters and tags per row were most of the page's time).
    labels = dict(Voucher.Status.choices)
    home = reverse("points:voucher_list")  # /vouchers/: a voucher's page is home + code + "/"
    valid_until = _("valid until %(when)s")
    ask = _("Cancel this voucher and get %(cost)s points back?")
    for v in (*usable, *others):
        v["title"] = in_reader_language(v.pop("title"), v.pop("title_en"))  # printed as it is
        v["venue"] = in_reader_language(v.pop("venue__name"), v.pop("venue__name_en"))
    cards = [
        {
            **v,
            "url": f"{home}{v['code']}/",
            "display_code": codes.display(v["code"]),
            "qr": qr.svg_inline(v["code"], title=codes.display(v["code"])),
            "until": valid_until % {"when": _local(v["expires_at"])},
            "ask": ask % {"cost": v["cost"]},
        }
        for v in usable
    ]
    history = [
        {
            **v,
            "url": f"{home}{v['code']}/",
            "label": labels[v["status"]],
            "when": _local(v["redeemed_at"] or v["cancelled_at"] or v["expires_at"]),
        }
        for v in others
    ]
    return render(request, "points/rewards/voucher_list.html", {"cards": cards, "history": history})


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@login_required
@require_GET
def voucher_detail(request: HttpRequest, code: str) -> HttpResponse:
    voucher = selectors.voucher_of_rider(request.user, code)
    if codes.normalise(code) != code:
        return redirect("points:voucher_detail", code=voucher.code)
    status = selectors.effective_status(voucher)
    return render(
        request,
        "points/rewards/voucher_detail.html",
        {
            "voucher": voucher,
            # What is included and where and when to go, on the page shown at the counter.
            "description": selectors.reward_description(voucher),
            "hours": hours.summary(voucher.venue.hour_ranges()),
            "status": status,
            "status_label": Voucher.Status(status).label,
            "qr": qr.svg_inline(voucher.code, title=voucher.display_code) if status == Voucher.Status.ISSUED else "",
            # Expired unused, and the periodic task has not refunded it yet (it will, within minutes).
            "refund_pending": voucher.status == Voucher.Status.ISSUED and status == Voucher.Status.EXPIRED,
        },
    )


@login_required
@require_POST
def voucher_cancel(request: HttpRequest, code: str) -> HttpResponse:
    try:
        voucher = services.voucher_cancel(rider=request.user, code=code)
    except Voucher.DoesNotExist:
        raise Http404 from None
    except DomainError as exc:
        # Cancelled already (a second tap, a second tab): what the rider wanted is done.
        already = exc.extra.get("status") == Voucher.Status.CANCELLED
        (messages.info if already else messages.error)(request, exc.message)
        return redirect("points:voucher_list")
    messages.success(request, _("Voucher cancelled: %(points)s points are back in your balance.") % {"points": voucher.cost})
    return redirect("points:voucher_list")


# --- the merchant's redemption page -------------------------------------------------------------

VERDICT_STATUS = {
    services.Result.OK: 200,
    services.Result.ALREADY_REDEEMED: 409,
    services.Result.EXPIRED: 409,
    services.Result.CANCELLED: 409,
    services.Result.WRONG_VENUE: 403,
    services.Result.OWN_VOUCHER: 403,
    services.Result.NOT_FOUND: 404,
    services.Result.RATE_LIMITED: 429,
}

redemption_page_required = permission_required(roles.REDEMPTION_PAGE)


def _redeem_page(request: HttpRequest, *, verdict=None, code: str = "", form=None, home: bool = False) -> HttpResponse:
    refused = form is not None and bool(form.errors)
    if verdict and verdict.settled:
        status = 200  # the page a confirmation leads to
    elif verdict:
        status = VERDICT_STATUS.get(verdict.result, 200)
    else:
        status = 400 if refused else 200
    # The code looked up is named when no voucher is shown; one no voucher answers to, or
    # one that cannot be a code, stays in the box to correct (another venue's is no typo).
    looked_up = codes.display(code) if verdict and verdict.voucher is None and code else ""
    retype = looked_up if verdict and verdict.result != services.Result.WRONG_VENUE else ""
    if refused:
        retype = form.data.get("code", "")
    venues = selectors.operated_venues(request.user)
    response = render(
        request,
        "points/rewards/redeem.html",
        {
            "venues": venues,
            # How a redemption goes, above the scan button while no voucher is shown: open
            # until the operator's venues have confirmed one, then folded.
            "howto": bool(venues) and not verdict,
            "howto_open": bool(venues) and not verdict and not selectors.any_redemption_at([v.pk for v in venues]),
            "verdict": verdict,
            "code": code,
            "retype": retype,
            "looked_up": looked_up,
            "form": form or CodeForm(),
            "home": home,
            # Under the counter that is their home, the operator's other pages: a link to the
            # counter itself (the menu's first, for every other page) would only reload it.
            "page_links": [link for link in visible(RIDER_LINKS, request.user) if link.url_name != "points:redeem_page"]
            if home
            else [],
        },
        status=status,
    )
    if verdict and verdict.retry_after:
        response["Retry-After"] = str(verdict.retry_after)
    return response


@redemption_page_required
@require_GET
def redeem_page(request: HttpRequest, home: bool = False) -> HttpResponse:
    """One screen on a phone: scan or type the code, see the voucher, confirm. After a
    confirmation (?voucher=<code>), the voucher as confirmed. A partner operator's home
    page is this page too (`home`: with their other pages' links)."""
    verdict = None
    done = request.GET.get("voucher", "")
    if done:
        verdict = services.voucher_confirmed_here(operator=request.user, code=done)
    return _redeem_page(request, verdict=verdict, home=home)


def _posted_or_back_to_the_counter(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The counter's forms post a code here. A GET comes from signing in again after the
    session ended mid-way (the sign-in page's `next`): it leads to the counter page, whose
    form is there to send again, not to a blank 405."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return redirect("points:redeem_page")
        return view(request)

    return wrapped


@redemption_page_required
@_posted_or_back_to_the_counter
def redeem_lookup(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _redeem_page(request, form=form)
    code = codes.normalise(form.cleaned_data["code"])
    verdict = services.voucher_lookup(operator=request.user, code=code)
    return _redeem_page(request, verdict=verdict, code=code)


@redemption_page_required
@_posted_or_back_to_the_counter
def redeem_confirm(request: HttpRequest) -> HttpResponse:
    """POST, redirect, GET: a confirmation, or a repeat of it (a double tap, a resent form, a
    colleague's confirm a moment later), leads to the page of the voucher as used here, which
    a reload shows again; only refusals are answered on the spot."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _redeem_page(request, form=form)
    code = codes.normalise(form.cleaned_data["code"])
    verdict = services.voucher_confirm(operator=request.user, code=code)
    if verdict.result in (services.Result.OK, services.Result.ALREADY_REDEEMED):
        # Used now or before, at a venue this operator runs (another venue's is wrong_venue).
        return redirect(f"{reverse('points:redeem_page')}?{urlencode({'voucher': verdict.voucher.code})}")
    return _redeem_page(request, verdict=verdict, code=code)


def _history_args(request: HttpRequest, operated: list[int]) -> tuple[str, list[int], str]:
    """The period, the venues and the venue chosen ("" for all) of the history or its CSV, of
    the venues the operator runs (`operated`). A venue the operator does not run is dropped,
    as a malformed period is: all of theirs."""
    period = selectors.history_period(request.GET.get("period"))
    chosen = request.GET.get("venue", "")
    venue_ids = selectors.history_venue_ids(operated, chosen)
    if venue_ids is None or not chosen:
        return period, operated, ""
    return period, venue_ids, str(venue_ids[0])


# The page lists the newest of a period's redemptions; the CSV has them all.
HISTORY_ROWS = 500


@redemption_page_required
@require_GET
def redeem_history(request: HttpRequest) -> HttpResponse:
    operated = selectors.operated_venues(request.user)  # the venue select's, and what the history covers
    period, venue_ids, venue = _history_args(request, [v.pk for v in operated])
    months = selectors.redemption_months(venue_ids)
    month = selectors.period_month(period, timezone.now())
    if period not in selectors.PERIODS and month not in months:
        # A month typed in the address without redemptions: the select still says which it is.
        months = sorted([*months, month], reverse=True)
    used = selectors.redemptions(venue_ids, period=period)
    rows = list(used[:HISTORY_ROWS])
    # The summary counts the whole period, as the CSV lists it, not only the rows shown.
    totals = used.order_by().aggregate(n=Count("id"), points=Sum("cost")) if len(rows) == HISTORY_ROWS else None
    return render(
        request,
        "points/rewards/redeem_history.html",
        {
            "rows": rows,
            "count": totals["n"] if totals else len(rows),
            "cut": totals is not None and totals["n"] > len(rows),
            "period": period,
            "months": months,
            "month": month,
            "total_points": totals["points"] if totals else sum(v.cost for v in rows),
            "venues": operated,
            "venue": venue,
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@redemption_page_required
@require_GET
def redeem_history_csv(request: HttpRequest) -> HttpResponse:
    period, venue_ids, _venue = _history_args(request, selectors.operated_venue_ids(request.user))
    writer = csv.writer(_Echo())
    lines = [
        writer.writerow(
            [
                _("Confirmed at"),
                _("Venue"),
                _("Reward"),
                _("Points"),
                _("Rider"),
                _("Phone"),
                _("Voucher code"),
                _("Confirmed by"),
            ]
        )
    ]
    for v in selectors.redemptions(venue_ids, period=period).iterator(chunk_size=500):
        lines.append(
            writer.writerow(
                [
                    timezone.localtime(v.redeemed_at).strftime("%Y-%m-%d %H:%M:%S"),
                    safe_cell(v.venue.name),
                    safe_cell(v.label()),  # as the history page shows it: the English title to a reader in English
                    v.cost,
                    safe_cell(v.rider.masked_name),
                    v.rider.masked_phone,
                    # Only the end of the code: enough to match a rider's question, useless to anyone else.
                    "…" + v.code[-4:],
                    safe_cell(str(v.redeemed_by)) if v.redeemed_by else "",
                ]
            )
        )
    # A BOM, so that Excel opens the Chinese text as UTF-8.
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    # 核销记录_2026年11月.csv, as the ledgers name their files (a browser keeps the Chinese).
    start, end = selectors.period_bounds(period, timezone.now())
    days = days_label(timezone.localdate(start), timezone.localdate(end - timedelta(microseconds=1)))
    response["Content-Disposition"] = content_disposition_header(True, f"{_('Redemption history')}_{days}.csv")
    return response


def _say_what_became_of_the_image(form, request: HttpRequest) -> None:
    """A refused reward form (a partner's proposal, the staff form) with an image chosen: a
    browser cannot send a chosen file back, so the form says so at the image, or the reward is
    saved next time without one. An image refused for itself says why, and no more: "choose it
    again" would send them back to the same file. The services check the image only once the
    rest has passed, so a refused form runs the same check here, to say every mistake at once."""
    if not (form.errors and request.FILES.get("image") and not form.has_error("image")):
        return
    try:
        clean_image(request.FILES["image"])
    except ValidationError as exc:
        form.add_error("image", exc.messages)
    else:
        form.add_error("image", _("Your image was not kept: choose it again."))


@redemption_page_required
def reward_propose(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "withdraw" in request.POST:
        return _withdraw_proposal(request)
    venues = selectors.operated_venues(request.user)
    references = selectors.cost_references([v.pk for v in venues])
    # "Propose again" beside a declined proposal: the form filled with what was proposed,
    # to change what the street office asked for and send it again.
    again = selectors.declined_proposal_of(request.user, parse_id(request.GET.get("again"))) if request.method == "GET" else None
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        venues=venues,
        references=references,
        cost_range=selectors.cost_range(),
        initial=again.again() if again else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        venue, image = data.pop("venue"), data.pop("image", None)
        try:
            services.reward_propose(actor=request.user, venue=venue, data=data, image=image)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you: the street office will review your proposal."))
            return redirect("points:reward_propose")
    _say_what_became_of_the_image(form, request)
    return _propose_page(request, form, venues=venues, again=again, status=400 if form.errors else 200)


# 本店的奖品: what became of a pause, a resumption or a stock, said once in that reward's row on
# the page the change goes back to. The page opens at the row (#reward-<id>): the site's messages
# sit at the top, out of view below a few rewards on a phone.
SAID_AT_REWARD = "points.said_at_reward"


def _say_at_reward(
    request: HttpRequest, reward: Reward, text: str, *, level: str = "success", why_off: bool = False
) -> HttpResponse:
    """`why_off`: the text is the street office's refusal to resume (SwitchedOffByStreetOffice),
    which says why the reward is off and whom to ask, with their contact: the row's state then
    says only 已下架, not the same sentence and contact a second time under it."""
    request.session[SAID_AT_REWARD] = {"pk": reward.pk, "text": str(text), "level": level, "why_off": why_off}
    return redirect(reverse("points:reward_propose") + f"#reward-{reward.pk}")


def _propose_page(request: HttpRequest, form, *, venues, again=None, changing=None, status: int = 200) -> HttpResponse:
    """The proposals page: 本店的奖品 (every reward of the venues the operator runs, with what
    they may change: `changing` is a refused change of one of them, shown at its row with what
    was typed; `said`, what became of the last change, at its row), the declined proposals, then
    the proposal form."""
    proposals = selectors.rewards_of_operator(request.user)
    said = request.session.pop(SAID_AT_REWARD, None)
    if said and not any(r.pk == said["pk"] for r in proposals):
        # Its row is gone meanwhile (deleted by the street office): said at the top, as elsewhere.
        (messages.success if said["level"] == "success" else messages.error)(request, said["text"])
        said = None
    return render(
        request,
        "points/rewards/propose.html",
        {
            "form": form,
            "venues": venues,
            "single_venue": form.venue,  # named as text; one who runs several chooses in the form
            "proposals": proposals,
            "declined": selectors.declined_proposals_of(request.user),
            "again": again,
            "changing": changing,
            "said": said,
        },
        status=status,
    )


@redemption_page_required
@require_POST
def operator_reward_change(request: HttpRequest, pk: int) -> HttpResponse:
    """本店的奖品: an operator pauses, resumes or restocks a reward of their venue (the
    services check that they run it). Done or refused by a service: back to the list at that
    reward, said there. A stock refused: the page again with the error at that reward and what
    was typed (400)."""
    form = OperatorRewardForm(request.POST)
    reward = get_object_or_404(Reward.objects.select_related("venue"), pk=pk)
    if reward.venue_id not in selectors.operated_venue_ids(request.user):
        raise Http404  # another venue's reward: nothing to say of it
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == OperatorRewardForm.PAUSE:
                services.reward_pause(actor=request.user, reward=reward)
                done = _("Redeeming “%(title)s” is paused: riders cannot redeem it now. Vouchers already issued stay valid.")
            elif action == OperatorRewardForm.RESUME:
                services.reward_resume(actor=request.user, reward=reward)
                done = _("Riders can redeem “%(title)s” again.")
            else:
                services.reward_set_stock(
                    actor=request.user, reward=reward, stock=form.cleaned_data["stock"], seen=form.cleaned_data["stock_seen"]
                )
                done = _("The stock of “%(title)s” is saved.")
        except ValidationError as exc:
            show_service_errors(form, exc)
            moved = services.counters_now(exc)
            if "stock" in moved:
                # Saving again (after checking) writes the operator's number over the new one.
                form.data = form.data.copy()
                form.data["stock_seen"] = "" if moved["stock"] is None else moved["stock"]
        except DomainError as exc:
            why_off = isinstance(exc, errors.SwitchedOffByStreetOffice)
            return _say_at_reward(request, reward, exc.message, level="error", why_off=why_off)
        else:
            return _say_at_reward(request, reward, done % {"title": reward.label()})
    venues = selectors.operated_venues(request.user)
    references = selectors.cost_references([v.pk for v in venues])
    propose = ProposalForm(venues=venues, references=references, cost_range=selectors.cost_range())
    return _propose_page(request, propose, venues=venues, changing={"pk": reward.pk, "form": form}, status=400)


def _withdraw_proposal(request: HttpRequest) -> HttpResponse:
    reward_id = parse_id(request.POST.get("withdraw"))
    if reward_id is None:
        raise Http404
    try:
        reward = selectors.reward_visible_to(request.user, reward_id)
        services.reward_withdraw(actor=request.user, reward=reward)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You withdrew the proposal “%(title)s”.") % {"title": reward.label()})
    return redirect("points:reward_propose")


# --- staff: the catalogue ---------------------------------------------------------------------------

manage_required = permission_required(PERM_MANAGE)


def _show(value: str) -> str:
    return value if value in selectors.STAFF_SHOWS else ""


def _back_to_list(request: HttpRequest, default: str = "") -> HttpResponse:
    """After an action on the list: the list again, on the tab it was taken from (the list's
    forms say which; `default` for a post that does not)."""
    show = _show(request.POST.get("show", default))
    return redirect(reverse("points:staff_reward_list") + (f"?show={show}" if show else ""))


@manage_required
@require_GET
def staff_reward_list(request: HttpRequest) -> HttpResponse:
    show = _show(request.GET.get("show", ""))
    n_proposals, n_drafts, n_published = selectors.staff_tab_counts()
    return render(
        request,
        "points/rewards/staff/reward_list.html",
        {
            "rewards": selectors.rewards_for_staff(show=show),
            "show": show,
            "n_proposals": n_proposals,
            "n_drafts": n_drafts,
            "n_published": n_published,
        },
    )


@manage_required
def staff_reward_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    reward = get_object_or_404(Reward.objects.select_related("venue", "proposed_by"), pk=pk) if pk else None
    form = RewardForm(request.POST or None, request.FILES or None, instance=reward)
    if reward is None:
        preselect(form, "venue", request.GET.get("venue"))  # the venue form's "new reward" link
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.REWARD_FIELDS}
        image = form.cleaned_data.get("image")
        was_proposal = reward is not None and reward.is_proposal
        try:
            saved = services.reward_save(actor=request.user, reward=reward, data=data, image=image, seen=form.seen())
        except ValidationError as exc:
            show_service_errors(form, exc)
            form.show_as_seen(services.counters_now(exc))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _saved_message(saved, was_proposal=was_proposal))
            return redirect("points:staff_reward_list")
    _say_what_became_of_the_image(form, request)
    proposal = reward is not None and reward.is_proposal
    cost_range = selectors.cost_range() if proposal else None
    return render(
        request,
        "points/rewards/staff/reward_form.html",
        {
            "form": form,
            "reward": reward,
            "proposal": proposal,
            # A cost the partner was warned about and proposed anyway (CostRange.unusual).
            "unusual_cost": cost_range if cost_range and cost_range.unusual(reward.cost) else None,
            "unusual_factor": selectors.UNUSUAL_COST_FACTOR,
            # What the partner proposed, beside the fields staff may change before publishing.
            "proposed_terms": selectors.describe_terms(reward) if proposal and reward.proposed_terms else "",
        },
        status=400 if form.errors else 200,
    )


def _saved_message(saved: Reward, *, was_proposal: bool) -> str:
    """A partner's proposal published from its form (已上架 ticked) says so, and what the partner
    was told staff changed; "Saved" alone left the admin to guess whether it went live."""
    if not (was_proposal and saved.published_at is not None):
        return _("Saved reward “%(name)s”.") % {"name": saved.label()}
    changes = selectors.proposal_changes(saved)
    if not changes:
        return _("“%(title)s” is published.") % {"title": saved.label()}
    return _("“%(title)s” is published; the partner has been told what you changed: %(changes)s.") % {
        "title": saved.label(),
        "changes": selectors.describe_changes(changes),
    }


def _act_on_reward(
    request: HttpRequest, pk: int, service: Callable[..., object], done: str, *, default: str = "", **extra
) -> HttpResponse:
    """A staff action from the list, `service(actor=, reward=, **extra)`: its refusal or `done`
    as a message, then the list again on the tab it was taken from."""
    reward = get_object_or_404(Reward, pk=pk)
    try:
        service(actor=request.user, reward=reward, **extra)
    except ValidationError as exc:
        messages.error(request, sentences(*exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"title": reward.label()})
    return _back_to_list(request, default=default)


@manage_required
@require_POST
def staff_reward_publish(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("“%(title)s” is published.")
    return _act_on_reward(request, pk, services.reward_publish, done, default="proposals")


@manage_required
@require_POST
def staff_reward_decline(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("“%(title)s” was declined; the partner has been told why.")
    reason = request.POST.get("reason", "")
    return _act_on_reward(request, pk, services.reward_decline, done, default="proposals", reason=reason)


@manage_required
@require_POST
def staff_reward_switch_off(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("“%(title)s” is switched off: riders no longer see it. Vouchers already issued stay valid.")
    return _act_on_reward(request, pk, services.reward_switch_off, done)


@manage_required
@require_POST
def staff_reward_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_reward(request, pk, services.reward_delete, _("“%(title)s” was deleted."))
