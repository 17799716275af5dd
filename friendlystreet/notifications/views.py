"""Inbox pages for everyone signed in, and the staff page of SMS and e-mail deliveries."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from friendlystreet.accounts.access import permission_required
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.language import account_language_save, is_language
from friendlystreet.accounts.staff_users import MANAGE_USERS
from friendlystreet.inputs import valid_filters

from . import kinds, selectors, services
from .forms import DELIVERY_HEADINGS, DeliveryFilterForm, PreferencesForm
from .models import Delivery

PAGE_SIZE = 20


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
def inbox(request):
    """Opening the inbox marks the notifications it shows as read, so the bell (drawn after
    this, in the same response) counts only what is left on other pages."""
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    services.notifications_mark_shown_read(user=request.user, notifications=shown)
    unread = selectors.unread_count(user=request.user)
    # Shown as new this once (their rows were loaded before the update), without a button
    # to mark them read: they already are.
    marked_now = {n.pk for n in shown if n.read_at is None}
    return render(request, "notifications/inbox.html", {"page": page, "unread": unread, "marked_now": marked_now})


@login_required
def open_notification(request, pk: int):
    """Opening a notification marks it read and follows its link (only ever on this site)."""
    notification = selectors.notification_get(user=request.user, notification_id=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, {request.get_host()}, require_https=request.is_secure()):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = selectors.notification_get(user=request.user, notification_id=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
@require_POST
def mark_all_read(request):
    n = services.notifications_mark_all_read(user=request.user)
    if n:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
def preferences(request):
    rows = selectors.preference_rows(user=request.user)
    # Bound on every POST: with every box unticked a POST may carry nothing else.
    form = PreferencesForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.channel_preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    # The kinds for this user that come only in the inbox: listed, with nothing to choose.
    site_only = [kind for kind in kinds.kinds_for(request.user) if not kind.choosable_channels()]
    # The language is the account's, chosen with the switch at the foot of every page
    # (set_language): said here, not asked twice.
    language = dict(settings.LANGUAGES).get(services.recipient_language(request.user), "")
    context = {"form": form, "site_only": site_only, "language": language, "language_chosen": bool(request.user.language)}
    return render(request, "notifications/preferences.html", context)


@permission_required(services.MANAGE_DELIVERIES)
def staff_deliveries(request):
    data = valid_filters(DeliveryFilterForm(request.GET or None))  # a bad one drops itself, not the other
    status = data.get("status") or Delivery.Status.FAILED
    channel = data.get("channel") or ""
    qs = selectors.deliveries_for_staff(status=None if status == "all" else status, channel=channel)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_badges(d.notification.recipient for d in page)
    # The boxes show what the list is of: without a status (the menu's link) or with one it
    # cannot read, that is failed, not the first choice (queued) a browser would show.
    form = DeliveryFilterForm(initial={"status": status, "channel": channel})
    # The recipient's page (用户与角色) shows their roles and account: linked only for staff who
    # may open it, so nobody is led to a refusal.
    people_page = request.user.has_perm(MANAGE_USERS)
    query = urlencode({"status": status, **({"channel": channel} if channel else {})})  # kept by the pager
    context = {
        "page": page,
        "form": form,
        "status": status,
        "channel": channel,
        "heading": DELIVERY_HEADINGS[status],
        "people_page": people_page,
        "query": query,
    }
    return render(request, "notifications/staff_deliveries.html", context)


@permission_required(services.MANAGE_DELIVERIES)
@require_POST
def staff_delivery_retry(request, pk: int):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except services.DeliveryNotRetryable as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delivery is queued again."))
    return redirect(_safe_next(request, "notifications:staff_deliveries"))


@require_POST
def set_language(request):
    """The language switch at the foot of every page, for the signed-in (visitors' goes to
    Django's own): the pages' language, by Django's set_language (the language cookie), and the
    account's (accounts/language.py): the pages' wherever the user signs in, and the language
    of their notifications, SMS and e-mail. A code that is not one of the site's languages
    changes nothing (Django's view ignores it too)."""
    language = request.POST.get("language", "")
    signed_in = request.user.is_authenticated
    if signed_in and is_language(language) and account_language_save(user=request.user, language=language):
        # Read on the next page, which is in the new language: said in it.
        with translation.override(language):
            messages.success(
                request,
                _("Saved to your account: %(language)s wherever you sign in, and for your notifications and SMS.")
                % {"language": dict(settings.LANGUAGES)[language]},
            )
    return django_set_language(request)
