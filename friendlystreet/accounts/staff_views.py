"""Users and roles (用户与角色): the street admins' pages. Thin: staff_users.py's services decide
and check the permission again, its selectors read, these render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import CheckedForm, preselect, search_text, show_service_errors
from friendlystreet.privacy.services import PERM_ANONYMISE, pending_deletion

from . import roles, staff_users
from .access import permission_required
from .adapter import MainlandPhoneField
from .models import User
from .phones import format_phone
from .registry import operated_places

manage_users_required = permission_required(staff_users.MANAGE_USERS)

# Said when a rider is made a partner operator (their page says it as long as they are both).
RIDER_PARTNER_WARNING = gettext_lazy(
    "This person is a rider too: they cannot confirm their own vouchers. When they redeem a reward of a venue "
    "they operate, another operator of that venue confirms it."
)


class RolesForm(CheckedForm, forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Give or take roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # Whether the person is a rider (and stays one) is the page's to say, for riders only.
        help_text=gettext_lazy(
            "A role takes effect at the person's next page. Taking partner operator away also ends their venues."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(code, roles.ROLE_LABELS[code]) for code in staff_users.CHANGEABLE_ROLES]


class ReasonForm(CheckedForm, forms.Form):
    """Why an account is deactivated, or someone made a street admin: on the audit entry."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=staff_users.REASON_MAX,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": staff_users.REASON_MAX}),
    )


class VenueAddForm(CheckedForm, forms.Form):
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Venue"),
        queryset=operated_places().model.objects.none(),  # those they do not run yet (__init__)
        help_text=gettext_lazy("They can then confirm this venue's vouchers on the redemption page."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = operated_places().to_give(user)


class AccountForm(CheckedForm, forms.Form):
    """A new account for a colleague or a partner's operator (staff_users.account_create): each
    refusal said at once, in one round, with the service's words."""

    display_name = forms.CharField(
        # The model's word (lower case, as Django's own forms capitalise it): "name *" read odd.
        label=capfirst(pgettext_lazy("person", "name")),
        max_length=50,
        help_text=gettext_lazy("As colleagues and riders will see it, e.g. 理发店王师傅."),
    )
    phone = MainlandPhoneField(
        label=gettext_lazy("Mobile number"),
        help_text=gettext_lazy("They sign in with this number and a code sent to it by SMS: no password."),
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": staff_users.NO_ROLE},
    )
    venues = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Venues where they confirm vouchers"),
        queryset=operated_places().model.objects.none(),  # the active ones (__init__)
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only for a partner operator: the venues whose vouchers they confirm."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=staff_users.REASON_MAX,
        required=False,
        help_text=gettext_lazy("Needed to make someone a street admin; kept on the audit trail."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing: User | None = None  # the account that holds the number typed
        self.fields["roles"].choices = [(code, roles.ROLE_LABELS[code]) for code in staff_users.CHANGEABLE_ROLES]
        self.fields["venues"].queryset = operated_places().to_give(None)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        existing = staff_users.account_of_phone(phone)
        if existing is not None:
            self.existing = existing
            raise forms.ValidationError(staff_users.PhoneTaken(existing).message, code="phone_taken")
        return phone

    def clean(self) -> dict:
        data = super().clean()
        # The service's rules (staff_users.account_problems), on what parsed: a field that has
        # its own error already is not blamed twice.
        problems = staff_users.account_problems(
            display_name=data.get("display_name"),
            phone=data.get("phone"),
            role_codes=data.get("roles") or (),
            venues=data.get("venues") or (),
            reason=data.get("reason") or "",
        )
        for field, errors in problems.items():
            if field not in self.errors:
                self.add_error(field, errors)
        return data


@manage_users_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST if request.method == "POST" else None)
    # From a venue's form ("open an account for this shop"): that venue ticked, and the role
    # that goes with it; an id that is not one of the venues offered is ignored.
    preselect(form, "venues", request.GET.get("venue"))
    if form.initial.get("venues"):
        form.initial["roles"] = [roles.PARTNER]
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_users.account_create(
                actor=request.user,
                display_name=data["display_name"],
                phone=data["phone"],
                role_codes=data["roles"],
                venues=data["venues"],
                reason=data["reason"],
                sign_in_url=request.build_absolute_uri(reverse("account_request_login_code")),
            )
        except staff_users.PhoneTaken as exc:
            form.existing = exc.existing
            form.add_error("phone", exc.message)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            # In full: the admin has just typed both (masking is for those who need neither), and
            # reading the number back is how a typo in it is caught.
            messages.success(
                request,
                _("The account of %(name)s is open. An SMS tells them to sign in with %(phone)s and a code: no password.")
                % {"name": user.display_name, "phone": format_phone(user.phone)},
            )
            return redirect("staff_users:detail", pk=user.pk)
    return render(
        request,
        "staff/users/new.html",
        {"form": form, "existing": form.existing},
        status=400 if form.is_bound else 200,
    )


@manage_users_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request.GET.get("q"), max_length=50)
    refused = q is None
    # 申请注销中: riders waiting to be deleted at their request, with the date it happens, so that
    # the admin finds them without knowing a number first (the person's page links to anonymise).
    asked_deletion = request.GET.get("show") == "deleting"
    people = staff_users.user_search(q=q or "", asked_deletion=asked_deletion)
    page = Paginator(people, staff_users.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(user, staff_users.role_labels(user), staff_users.shown_name(user), staff_users.is_rider(user)) for user in page]
    query = urlencode({key: value for key, value in (("show", "deleting" if asked_deletion else ""), ("q", q)) if value})
    return render(
        request,
        "staff/users/list.html",
        {
            "page": page,
            "rows": rows,
            "q": q or "",
            "refused": refused,
            "query": query,
            "asked_deletion": asked_deletion,
            "n_asked_deletion": staff_users.deletion_pending_count(),
        },
        status=400 if refused else 200,
    )


def _person_page(
    request: HttpRequest, user: User, *, roles_form=None, venue_form=None, confirm_admin: bool = False, status: int = 200
) -> HttpResponse:
    held = staff_users.role_codes(user)
    is_partner = roles.PARTNER in held
    is_rider = roles.RIDER in held
    places = operated_places()
    return render(
        request,
        "staff/users/detail.html",
        {
            "person": user,
            "shown_name": staff_users.shown_name(user),
            "login_name": staff_users.login_name(user),
            "role_labels": staff_users.role_labels(user),
            "is_rider": is_rider,
            "is_admin": roles.STREET_ADMIN in held,
            # A rider's deletion request waiting for its date (signing in cancels it).
            "pending_deletion": pending_deletion(user) if is_rider else None,
            # The anonymise page's link, as on the rider's balance and verification pages.
            "can_anonymise": is_rider and request.user.has_perm(PERM_ANONYMISE),
            "confirm_admin": confirm_admin,
            "reason_form": ReasonForm(request.POST if confirm_admin else None),
            "is_partner": is_partner,
            "own": user.pk == request.user.pk,
            "roles_form": roles_form or RolesForm(initial={"roles": sorted(held & set(staff_users.CHANGEABLE_ROLES))}),
            "venues": list(places.operated_by(user)) if is_partner else [],
            # A rider who confirms vouchers: not their own (rewards' voucher_confirm refuses
            # them), so a venue with no other operator cannot confirm theirs at all.
            "alone_at": list(places.run_alone_by(user)) if is_partner and is_rider else [],
            # A refused venue form is shown with its error, also to someone not a partner operator.
            "venue_form": venue_form or (VenueAddForm(user=user) if is_partner else None),
        },
        status=status,
    )


@manage_users_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, get_object_or_404(staff_users.people_for_page(), pk=pk))


@manage_users_required
@require_POST
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        wanted = form.cleaned_data["roles"]
        reason_form = ReasonForm(request.POST)
        reason = reason_form.cleaned_data["reason"].strip() if reason_form.is_valid() else ""
        person = staff_users.people_for_page().get(pk=user.pk)
        if roles.STREET_ADMIN in wanted and roles.STREET_ADMIN not in staff_users.role_codes(person) and not reason:
            # Every right over people's data and accounts: the page asks first, with a reason.
            if "confirm_admin" in request.POST:
                form.add_error(None, staff_users.ReasonNeeded().message)
            return _person_page(request, person, roles_form=form, confirm_admin=True)
        try:
            changed = staff_users.user_roles_set(actor=request.user, user=user, wanted=wanted, reason=reason)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if changed:
                messages.success(request, _("The roles of %(name)s were saved.") % {"name": user.masked_name})
                if roles.PARTNER in changed and roles.PARTNER in wanted and staff_users.is_rider(person):
                    messages.warning(request, RIDER_PARTNER_WARNING)
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("staff_users:detail", pk=user.pk)
    return _person_page(request, staff_users.people_for_page().get(pk=user.pk), roles_form=form, status=400)


@manage_users_required
@require_POST
def user_venue_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = VenueAddForm(request.POST, user=user)
    if form.is_valid():
        venue = form.cleaned_data["venue"]
        try:
            staff_users.user_venue_add(actor=request.user, user=user, venue=venue)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(name)s can now confirm vouchers at %(venue)s.") % {"name": user.masked_name, "venue": venue.name}
            )
            return redirect("staff_users:detail", pk=user.pk)
    return _person_page(request, staff_users.people_for_page().get(pk=user.pk), venue_form=form, status=400)


@manage_users_required
@require_POST
def user_venue_remove(request: HttpRequest, pk: int, venue_pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    venue = get_object_or_404(operated_places().model, pk=venue_pk)
    try:
        staff_users.user_venue_remove(actor=request.user, user=user, venue=venue)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s no longer confirms vouchers at %(venue)s.") % {"name": user.masked_name, "venue": venue.name}
        )
    return redirect("staff_users:detail", pk=user.pk)


@manage_users_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        staff_users.user_set_active(actor=request.user, user=user, active=active, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("The account of %(name)s is active again.") % {"name": user.masked_name})
        else:
            messages.success(request, _("The account of %(name)s is deactivated.") % {"name": user.masked_name})
    return redirect("staff_users:detail", pk=user.pk)
