"""Pages of data rights: download my data, delete my account (profile), and the staff pages
(anonymise a rider at once; see a rider's full name and phone, with a reason)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from friendlystreet import uploads
from friendlystreet.accounts.access import permission_required
from friendlystreet.accounts.models import User
from friendlystreet.api.errors import DomainError
from friendlystreet.lists import listed

from . import access, conf, selectors, services


def profile_panel(request) -> dict | None:
    """The profile page's "Your data" panel (friendlystreet.pages.panels)."""
    if not request.user.is_authenticated:
        return None
    return {"pending": services.pending_deletion(request.user)}


@login_required
@require_http_methods(["GET", "POST"])
def data_page(request):
    if request.method == "POST":
        try:
            services.export_request(rider=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("We are preparing your data. You will get a notification with the link."))
        return redirect("privacy:data")
    exports = selectors.exports_of(request.user)
    return render(
        request,
        "privacy/data.html",
        {"exports": [(e, selectors.downloadable(e)) for e in exports], "hours": conf.export_hours()},
    )


@login_required
@require_GET
def export_download(request, pk: int):
    return file_response(request.user, pk)


def file_response(user, pk: int) -> StreamingHttpResponse:
    export = selectors.export_of(user, pk)
    if not selectors.downloadable(export):
        raise Http404
    return uploads.file_response(
        export.file,
        content_type="application/zip",
        cache_control="private, no-store",
        filename=f"my-data-{export.created_at:%Y%m%d}.zip",
        attachment=True,
        streaming=True,
    )


class CodeForm(forms.Form):
    # As on the sign-in code pages (accounts/code_forms.py): the digit keyboard, and the code
    # from the SMS offered above it; a plain text field opened the letters.
    code = forms.CharField(
        label=gettext_lazy("Code from the SMS"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "one-time-code"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_page(request):
    form = CodeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "send_code":
                services.deletion_code_send(rider=request.user)
                messages.info(request, _("We sent a code to your phone."))
            elif action == "confirm":
                form = CodeForm(request.POST)
                if form.is_valid():
                    pending = services.deletion_request(rider=request.user, code=form.cleaned_data["code"])
                    # Signed out: signing in again before the date cancels the request.
                    logout(request)
                    messages.info(
                        request,
                        _(
                            "Your account will be deleted on %(date)s, with your personal information. "
                            "Signing in again before then cancels it."
                        )
                        % {"date": timezone.localtime(pending.scheduled_for).strftime("%Y-%m-%d")},
                    )
                    return redirect("landing")
            elif action == "cancel":
                if services.deletion_cancel(rider=request.user) is not None:
                    messages.success(request, _("Your request was cancelled. Your account stays as it is."))
                return redirect("privacy:delete")
        except DomainError as exc:
            if action == "confirm":
                form.add_error(None, exc.message)
            else:
                messages.error(request, exc.message)
    pending = services.pending_deletion(request.user)
    losses, notes = ([], []) if pending else services.deletion_losses(request.user)
    return render(
        request,
        "privacy/delete.html",
        {
            "pending": pending,
            "form": form,
            # The box for the code stays while the code sent can still confirm (a reload, a
            # wrong code, a refused resend): services.deletion_code_valid.
            "code_sent": pending is None and services.deletion_code_valid(request.user),
            "losses": losses,
            "losses_text": listed(losses, and_last=True),
            "notes": notes,
            "days": conf.cooling_off_days(),
        },
    )


class AnonymiseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


@permission_required(services.PERM_ANONYMISE)
@require_http_methods(["GET", "POST"])
def staff_anonymise(request, pk: int):
    rider = get_object_or_404(User, pk=pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rider_anonymise(actor=request.user, rider=rider, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        else:
            messages.success(request, _("The rider's account was anonymised."))
            return redirect("privacy:staff_anonymise", pk=rider.pk)
    person_path = reverse("staff_users:detail", args=[rider.pk])
    anonymised = not rider.is_active and not rider.phone
    losses = [] if anonymised else services.deletion_losses(rider)[0]
    context = {
        "rider": rider,
        "form": form,
        "anonymised": anonymised,
        # Before an act that cannot be undone, what the admin needs to weigh it: a request of
        # the rider's own that anonymises them anyway on its date (signing in cancels it), and
        # what the rider holds now that ends with it (the amounts the rider's own deletion page
        # names). The rider's page, and its section in the menu (users and roles), not 待认证骑手
        # that the path /staff/riders/ would otherwise light.
        "pending": None if anonymised else services.pending_deletion(rider),
        "losses_text": listed(losses, and_last=True) if losses else "",
        "person_path": person_path,
        "staff_section_of": person_path,
    }
    return render(request, "privacy/staff_anonymise.html", context)


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why do you need to see it?"), choices=access.REASONS)


@permission_required(access.PERM_PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def personal_data(request, pk: int):
    """A rider's full name and phone, after staff chose why. GET asks why; the reveal is a POST
    (CSRF) whose own response shows the data, one access-log entry per POST. Not a redirect to a
    GET that reveals: a reload, back/forward or a shared link would reveal and log again (an old
    link with ?reason= only preselects the reason). The response is not stored (no-store), so
    the browser asks before it sends the form again."""
    rider = get_object_or_404(User, pk=pk)
    back = _back_path(request)
    revealed = None
    if request.method == "POST":
        form = ReasonForm(request.POST)
        if form.is_valid():
            revealed = access.personal_data_reveal(viewer=request.user, rider=rider, reason=form.cleaned_data["reason"])
    else:
        reason = request.GET.get("reason")
        form = ReasonForm(initial={"reason": reason} if reason in access.REASON_CODES else None)
    context = {
        "rider": rider,
        "form": form,
        "revealed": revealed,
        "back": back,
        # The menu shows the section staff came from (an activity's roster is in 活动).
        "staff_section_of": urlsplit(back).path if back else "",
    }
    response = render(request, "privacy/personal_data.html", context, status=400 if form.is_bound and not revealed else 200)
    if revealed:
        response["Cache-Control"] = "private, no-store"
    return response


def _back_path(request) -> str:
    """The page the reveal form was on (its hidden `next`), if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
