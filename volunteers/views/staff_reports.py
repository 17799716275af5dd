"""Staff triage of neighbourhood reports: the list (filters, me-toos first, overdue marked,
bulk "duplicates of #n"), a report's page (everything about it, the moves the state machine
allows, reply templates, assignment), the POST endpoints, and the street admins' pages of reply
templates. Thin: the services decide (the state machine is reports.services.TRANSITIONS) and
check permissions again, the selectors read."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet import kept_input
from friendlystreet.accounts.access import permission_required
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.models import User
from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import CheckedForm, FlagField, parse_id, show_service_errors, valid_filters
from friendlystreet.lists import sentences
from friendlystreet.names import ReaderNameChoiceField, id_label_pairs, reads_english
from friendlystreet.notifications.services import recipient_language
from friendlystreet.privacy.access import REASONS
from friendlystreet.queues import and_next
from venues.models import Community
from venues.navigation import links_for

from ..models import ReplyTemplate, Report, ReportCategory
from ..reports import selectors, services
from ..reports.errors import ConfirmOriginal
from ..reports.selectors import PERM_ADD_TEMPLATE, PERM_CHANGE_TEMPLATE, PERM_TRIAGE, TriageFilters

REPORT_PAGE = 30
# A refused bulk duplicate kept for the list (friendlystreet.kept_input).
BULK_KEPT = "reports_bulk_duplicate"
EXCERPT_CHARS = 40  # "the first words" of a description in the list

# --- forms --------------------------------------------------------------------------------------


class TriageFilterForm(CheckedForm, forms.Form):
    """The list's query string; a value that is not a choice (or a flag it cannot read) is
    ignored, the other filters kept (valid_filters)."""

    status = forms.ChoiceField(required=False, choices=[("", "")] + Report.Status.choices)
    category = forms.ChoiceField(required=False, choices=[("", "")] + ReportCategory.choices)
    community = forms.IntegerField(required=False, min_value=1)
    overdue = FlagField()  # read as the API reads `?overdue=` (read_flag): `0` is no
    grid = FlagField()
    assigned = forms.ChoiceField(required=False, choices=[("", ""), ("me", "me")])

    def filters(self, user: User) -> TriageFilters:
        data = valid_filters(self)
        return TriageFilters(
            status=data.get("status") or "",
            category=data.get("category") or "",
            community=data.get("community"),
            overdue=bool(data.get("overdue")),
            grid_only=bool(data.get("grid")),
            assigned_to=user.pk if data.get("assigned") == "me" else None,
        )


KEEP = "keep"  # the answer form's "no change: post an update" (services.report_post_update)


class TransitionForm(CheckedForm, forms.Form):
    # Any state: whether the move is allowed is the service's decision (one statement of
    # the state machine), and a refused move is its message, not a form error.
    status = forms.ChoiceField(label=gettext_lazy("New state"), choices=[(KEEP, KEEP), *Report.Status.choices])
    note = forms.CharField(
        label=gettext_lazy("Note to the reporter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        # A resolution's note also goes to the riders who said "me too" (reports.services
        # _tell_me_toos_resolved): strangers to the reporter, who must not learn who it was.
        help_text=format_lazy(
            "{}\n{}",  # on a line of its own (linebreaksbr in the page): it is a warning
            gettext_lazy(
                "The reporter reads it. Required for a rejection (why), for “resolved” (what was done) and for an "
                "update that keeps the state. Left empty for a duplicate, the reporter reads that the same problem "
                "was already reported and its first reporter gets the points."
            ),
            gettext_lazy(
                "When it is resolved, the riders who said “me too” (they saw the same problem) read it too: "
                "do not name the reporter or say who they are."
            ),
        ),
    )
    duplicate_of = forms.IntegerField(
        label=gettext_lazy("Number of the original report"),
        required=False,
        min_value=1,
        help_text=gettext_lazy(
            "For a duplicate: the report it repeats, open or resolved (its reporter keeps the credit). "
            "You see it before anything is saved."
        ),
    )
    # The original staff were shown and confirmed (the second step of a duplicate, below).
    confirmed_original = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = services.allowed_moves(report)
        labels = dict(Report.Status.choices)
        choices = [(m, labels[m]) for m in self.moves]
        if services.can_post_update(report):
            # First and the default: an update on how it goes, the state unchanged. A final
            # state is never chosen for staff; they are asked before they choose one.
            keep = _("No change: post an update (stays “%(status)s”)") % {"status": report.get_status_display()}
            choices.insert(0, (KEEP, keep))
            self.initial.setdefault("status", KEEP)
        self.fields["status"].widget.choices = choices

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") != Report.Status.DUPLICATE:
            # The number belongs to the duplicate answer only; its field is hidden once another
            # answer is chosen (reports_staff.js), so a number typed there before (a typo, a
            # report that does not exist) must not refuse 已受理 with an error nobody can see.
            self.errors.pop("duplicate_of", None)
            cleaned["duplicate_of"] = None
        return cleaned

    def clean_duplicate_of(self) -> Report | None:
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        original = Report.objects.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(_("There is no report #%(number)s.") % {"number": number})
        return original


class AssignForm(CheckedForm, forms.Form):
    # An id, not a choice of triage_staff(): who may be given a report is report_assign's rule.
    assigned_to = forms.IntegerField(label=gettext_lazy("Assign to"), required=False, min_value=1)

    def clean_assigned_to(self) -> User | None:
        pk = self.cleaned_data.get("assigned_to")
        if pk is None:
            return None
        user = User.objects.filter(pk=pk).first()
        if user is None:
            raise forms.ValidationError(_("Assign the report to a staff member who handles reports."))
        return user


class CommunityForm(CheckedForm, forms.Form):
    # Empty: "not sure", as the rider's form has it (a community set by mistake can be taken back).
    community = ReaderNameChoiceField(
        label=gettext_lazy("Community"), queryset=Community.objects.order_by("position", "name"), required=False
    )


def _report_number(value: str) -> int:
    """A ticked report's number; a value that is no id (2⁶³ would reach SQLite as an
    OverflowError, a 500) is refused as a report that does not exist."""
    number = parse_id(str(value))
    if number is None:
        raise ValueError(value)
    return number


class BulkDuplicateForm(CheckedForm, forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=_report_number, required=True)
    duplicate_of = forms.IntegerField(label=gettext_lazy("Duplicates of report number"), min_value=1)
    note = forms.CharField(required=False, max_length=2000)
    # The original staff were shown and confirmed (the second step, as for one report's duplicate).
    confirmed_original = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are any ids: the reports are looked up (all of them, or nothing is done).
        values = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in values]
        refusals = self.fields["ids"].error_messages
        refusals["required"] = _("Select the reports that are duplicates.")
        refusals["invalid_choice"] = _("Some of the selected reports no longer exist; nothing was changed.")


class ReplyTemplateForm(CheckedForm, forms.ModelForm):
    """Parses a reply template; services.reply_template_save checks and writes it."""

    category = forms.ChoiceField(
        label=gettext_lazy("category"),
        required=False,
        choices=[("", gettext_lazy("Every category"))] + ReportCategory.choices,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("for the move to"),
        required=False,
        help_text=gettext_lazy("Offered when a report moves to this state; blank: always."),
    )

    class Meta:
        model = ReplyTemplate
        fields = list(services.TEMPLATE_FIELDS)
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6, "maxlength": services.TEMPLATE_TEXT_MAX}),
            "text_en": forms.Textarea(attrs={"rows": 6, "maxlength": services.TEMPLATE_TEXT_MAX, "lang": "en"}),
        }
        help_texts = {
            "title": gettext_lazy("What staff pick in the list, e.g. 已转交环卫."),
            "text": gettext_lazy("The note it fills in; staff can change it before they send it. The reporter reads it."),
            "active": gettext_lazy("Untick to stop offering it (it is kept, not deleted)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Report.Status.choices)
        self.fields["status"].choices = [("", _("Any move"))] + [(s, labels[s]) for s in services.MOVE_TARGETS]

    def _post_clean(self):
        # The row is checked and written by services.reply_template_save, not by this form.
        pass


# --- pages --------------------------------------------------------------------------------------


def _list_query(filters: TriageFilters) -> str:
    """The list's filters as its query string ("" for the default list)."""
    query = {
        "status": filters.status,
        "category": filters.category,
        "community": filters.community or "",
        "overdue": "1" if filters.overdue else "",
        "grid": "1" if filters.grid_only else "",
        "assigned": "me" if filters.assigned_to else "",
    }
    return urlencode({k: v for k, v in query.items() if v})


def _came_from(request: HttpRequest) -> str:
    """The filters of the list a report was opened from (its link carries them, as do the report
    page's forms and the redirects after them): the way back keeps them, so staff working
    through "overdue only" or "assigned to me" are not sent back to every open report."""
    return _list_query(TriageFilterForm(request.GET).filters(request.user))


def _to_report(request: HttpRequest, pk: int, anchor: str = "") -> HttpResponse:
    query = _came_from(request)
    return redirect(reverse("volunteers:staff_report_detail", args=[pk]) + (f"?{query}" if query else "") + anchor)


def _report(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


@permission_required(PERM_TRIAGE)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    form = TriageFilterForm(request.GET)
    filters = form.filters(request.user)
    now = timezone.now()
    page = Paginator(selectors.triage(filters, now=now), REPORT_PAGE).get_page(request.GET.get("page"))
    rows = list(page)  # each with `overdue`, as the selector sorts by it
    attach_badges([r.reporter for r in rows])
    kept = kept_input.take(request, BULK_KEPT)
    return render(
        request,
        "volunteers/staff/reports/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": _list_query(filters),
            "statuses": Report.Status.choices,
            "categories": ReportCategory.choices,
            "communities": id_label_pairs(Community.objects.order_by("name")),
            "hours": settings.REPORT_RESPONSE_HOURS,
            # Only reports that can still become duplicates are offered for the bulk action.
            "can_bulk": not filters.status or services.S.DUPLICATE in services.TRANSITIONS.get(filters.status, ()),
            "can_manage_templates": selectors.can_manage_templates(request.user),
            # A refused bulk duplicate: the ticks, the number and the note as staff sent them.
            "bulk_kept": kept.data,
            "bulk_ticked": set(kept.data.get("ids") or ()),
        },
    )


@permission_required(PERM_TRIAGE)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    kept = kept_input.take(request, _kept_key(pk))
    if not kept.data:
        return _detail_page(request, report)
    # A refused answer (or assignment), kept by _refused(): the form as staff sent it, its errors.
    transition_form = assign_form = confirm_duplicate = None
    sent = kept.data["fields"]
    if kept.data["form"] == "assign":
        assign_form = AssignForm(sent)
        _restore_errors(assign_form, kept.errors)
    else:
        transition_form = TransitionForm(sent, report=report)
        _restore_errors(transition_form, kept.errors)
        original = Report.objects.filter(pk=kept.data["confirm"] or 0).first()
        if original is not None:
            confirm_duplicate = _duplicate_question(report, original, sent.get("note", ""))
            # Asked after "save and next": confirming it goes on to the next report too.
            confirm_duplicate["and_next"] = bool(sent.get("and_next"))
    return _detail_page(
        request, report, transition_form=transition_form, assign_form=assign_form, confirm_duplicate=confirm_duplicate
    )


# A refused answer or assignment is not shown at the URL it was posted to, where a reload would
# send it again: what staff sent and why it was refused are kept for the report page's next
# rendering (report_detail takes them: friendlystreet.kept_input), and the browser is sent there
# (POST-redirect-GET).
KEPT_ANSWER = "volunteers_report_{pk}"
KEPT_FIELDS = {"transition": ("status", "note", "duplicate_of", "confirmed_original", "and_next"), "assign": ("assigned_to",)}


def _kept_key(pk: int) -> str:
    return KEPT_ANSWER.format(pk=pk)


def _refused(request: HttpRequest, pk: int, form: forms.Form, *, kind: str, confirm: int | None = None) -> HttpResponse:
    """Keep what was sent and the errors (those of the form and those a service added), then back
    to the report's page, at the form."""
    sent = {name: str(request.POST.get(name, ""))[:2000] for name in KEPT_FIELDS[kind]}
    kept_input.keep(request, _kept_key(pk), {"form": kind, "fields": sent, "confirm": confirm}, form.errors)
    anchor = "#duplicate-confirm" if confirm else ("#assign-form" if kind == "assign" else "#transition-form")
    return _to_report(request, pk, anchor)


def _restore_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """The errors the form had when it was refused, once each: its own checks run again on the
    kept data; a service's (a rejection without a reason) are added back."""
    form.is_valid()
    for field, messages_ in errors.items():
        name = field if field in form.fields else None
        have = form.errors.get(name or "__all__", [])
        for message in messages_:
            if message not in have:
                form.add_error(name, message)


def _detail_page(
    request: HttpRequest,
    report: Report,
    transition_form: TransitionForm | None = None,
    assign_form: AssignForm | None = None,
    confirm_duplicate: dict | None = None,
) -> HttpResponse:
    if transition_form is None:
        transition_form = TransitionForm(report=report)
    labels = dict(Report.Status.choices)
    # Each choice, and for a final state the question site.js asks (reports_staff.js sets it
    # on the form when that choice is made). Not for a duplicate: the page asks that itself,
    # once the server has checked the original and can show it (transition()).
    choices = [
        {
            "value": value,
            "label": label,
            "keep": value == KEEP,
            "question": _("“%(status)s” is final: report #%(number)s cannot change state after it. Save?")
            % {"status": labels[value], "number": report.pk}
            if value in services.FINAL and value != Report.Status.DUPLICATE
            else "",
        }
        for value, label in transition_form.fields["status"].widget.choices
    ]
    if assign_form is None:
        assign_form = AssignForm(initial={"assigned_to": report.assigned_to_id})
    community_form = CommunityForm(initial={"community": report.community_id})
    map_links = None
    if report.lat is not None and report.lng is not None:
        # The same one-tap links as the riders' pages (高德, 百度, Apple), not a foreign map.
        name = _("Report #%(number)s") % {"number": report.pk}
        map_links = links_for(lat=report.lat, lng=report.lng, name=name, address=report.address)
    me_toos = list(report.me_toos.select_related("rider").order_by("created_at", "id"))
    attach_badges([report.reporter, *(m.rider for m in me_toos)])
    # For static/js/reports_staff.js: the templates of this category, by the move they fit, each
    # with the text it fills in for this reporter (English to one who reads English, when the
    # template has it). Titles stay Chinese: staff pick by them.
    reader = recipient_language(report.reporter)
    templates = {
        move: [
            {"title": t.title, "text": t.text_for(reader)}
            for t in selectors.reply_templates(category=report.category, status=move)
        ]
        for move in services.allowed_moves(report)
    }
    return render(
        request,
        "volunteers/staff/reports/detail.html",
        {
            "report": report,
            # The phone is masked; staff who may see it ask for it (a POST, logged once).
            "reveal_reporter": services.reporter_phone_revealable(viewer=request.user, report=report),
            "reveal_reason": services.REPORTER_REVEAL_REASON,
            "reveal_reason_label": dict(REASONS)[services.REPORTER_REVEAL_REASON],
            "overdue": selectors.is_overdue(report),
            "photos": list(report.photos.all()),
            "updates": selectors.updates_of(report, with_authors=True),
            "me_toos": me_toos,
            "duplicates": list(report.duplicates.order_by("id").values_list("pk", flat=True)),
            "moves": choices,
            "transition_form": transition_form,
            "assign_form": assign_form,
            "community_form": community_form,
            "staff": list(selectors.triage_staff()),
            "reply_templates": templates,
            "reporter_reads_english": reads_english(reader),
            "map_links": map_links,
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "confirm_duplicate": confirm_duplicate,
            "list_query": _came_from(request),
        },
    )


def _duplicate_question(report: Report, original: Report, note: str) -> dict:
    """What staff confirm before a report becomes a duplicate: the original as triage knows it
    (its category, state, place and first words), whether the categories differ, and the note
    the reporter will read."""
    return {
        "original": original,
        "excerpt": " ".join(original.description.split()),
        "other_category": original.category != report.category,
        "note": note or services.duplicate_note(report, original),
        "default_note": not note,
    }


# --- actions ------------------------------------------------------------------------------------


@permission_required(PERM_TRIAGE)
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = TransitionForm(request.POST, report=report)
    if not form.is_valid():
        return _refused(request, pk, form, kind="transition")
    data = form.cleaned_data
    place = selectors.triage_place(report)  # before the answer moves it ("save and next" goes on from here)
    try:
        if data["status"] == KEEP:
            report = services.report_post_update(actor=request.user, report=report, note=data["note"])
        else:
            # A duplicate takes two steps: the original is shown, then staff confirm that one.
            report = services.report_transition(
                actor=request.user,
                report=report,
                status=data["status"],
                note=data["note"],
                duplicate_of=data["duplicate_of"],
                confirm=True,
                confirmed_original=data["confirmed_original"],
            )
    except ConfirmOriginal as question:
        # Not refused: the question before a final answer, asked on the report's page too.
        return _refused(request, pk, form, kind="transition", confirm=question.original.pk)
    except ValidationError as exc:  # a rejection without a reason, a resolution without what was done, no original
        show_service_errors(form, exc)
        return _refused(request, pk, form, kind="transition")
    except DomainError as exc:  # a move the state machine forbids (or that another staff member made first)
        messages.error(request, exc.message)
        return _to_report(request, pk)
    if data["status"] == KEEP:
        messages.success(
            request,
            _("Your update on report #%(number)s is posted; it stays “%(status)s” and the reporter has been told.")
            % {"number": report.pk, "status": report.get_status_display()},
        )
    else:
        messages.success(
            request,
            _("Report #%(number)s is now “%(status)s”; the reporter has been told.")
            % {"number": report.pk, "status": report.get_status_display()},
        )
    if request.POST.get("and_next"):
        return _next_report(request, place)
    return _to_report(request, pk)


def _next_report(request: HttpRequest, place: selectors.TriagePlace) -> HttpResponse:
    """ "Save and next": the next open report of the list the report was opened from (its
    filters, which the page's forms carry), or that list when none is left, as the claims
    queue's "approve and next" does."""
    filters = TriageFilterForm(request.GET).filters(request.user)
    query = _list_query(filters)
    next_id = selectors.next_report_id(reviewer=request.user, after=place, filters=filters)
    next_url = next_id and reverse("volunteers:staff_report_detail", args=[next_id]) + (f"?{query}" if query else "")
    if query:
        none_left = _("No more open reports match your filters (those you answered today are not opened again).")
    else:
        none_left = _("No more open reports to answer (those you answered today are not opened again).")
    return and_next(
        request,
        next_url=next_url,
        queue_url=reverse("volunteers:staff_report_list") + (f"?{query}" if query else ""),
        none_left=none_left,
    )


@permission_required(PERM_TRIAGE)
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, form, kind="assign")
    assignee = form.cleaned_data["assigned_to"]
    try:
        services.report_assign(actor=request.user, report=report, assignee=assignee)
    except ValidationError as exc:  # not someone who triages reports
        show_service_errors(form, exc)
        return _refused(request, pk, form, kind="assign")
    except DomainError as exc:
        messages.error(request, exc.message)
        return _to_report(request, pk)
    if assignee is None:
        messages.success(request, _("Report #%(number)s is assigned to nobody.") % {"number": pk})
    else:
        messages.success(request, _("Report #%(number)s is assigned to %(name)s.") % {"number": pk, "name": assignee})
    return _to_report(request, pk)


@permission_required(PERM_TRIAGE)
@require_POST
def set_community(request: HttpRequest, pk: int) -> HttpResponse:
    """The community a report is in, set by staff (riders who were not sure left it empty)."""
    report = _report(request, pk)
    form = CommunityForm(request.POST)
    if not form.is_valid():  # a community deleted since the page was opened
        messages.error(request, _("Choose one of the communities listed."))
        return _to_report(request, pk)
    community = form.cleaned_data["community"]
    try:
        services.report_set_community(actor=request.user, report=report, community=community)
    except DomainError as exc:  # the permission, taken away since the page was opened
        messages.error(request, exc.message)
        return _to_report(request, pk)
    if community is None:
        messages.success(request, _("Report #%(number)s is in no community.") % {"number": pk})
    else:
        name = community.label()
        messages.success(request, _("Report #%(number)s is in the community %(name)s.") % {"number": pk, "name": name})
    return _to_report(request, pk)


def _next(request: HttpRequest) -> str:
    """The list (with its filters) the bulk form was sent from; "" if `next` is not one."""
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith("/staff/reports/") and "//" not in nxt and "\\" not in nxt else ""


def _back_to_list(request: HttpRequest) -> HttpResponse:
    return redirect(_next(request) or "volunteers:staff_report_list")


def _bulk_refused(request: HttpRequest) -> HttpResponse:
    """Back to the list, with what staff sent kept for it (once): a slip in the original's
    number must not cost the ticks and the note (report_list takes them)."""
    ids = [n for n in (parse_id(v) for v in request.POST.getlist("ids")[:REPORT_PAGE]) if n is not None]
    data = {"ids": ids, "duplicate_of": request.POST.get("duplicate_of", "")[:12], "note": request.POST.get("note", "")[:2000]}
    kept_input.keep(request, BULK_KEPT, data)
    return _back_to_list(request)


@permission_required(PERM_TRIAGE)
@require_POST
def bulk_duplicate(request: HttpRequest) -> HttpResponse:
    """Mark the selected reports as duplicates of one: all of them, or none. Two steps, as for
    one report: first the page says which reports close as duplicates of which original (the
    number followed to the end of its chain) and what their reporters read; nothing is written
    until staff confirm that original."""
    form = BulkDuplicateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _bulk_refused(request)
    data = form.cleaned_data
    ids = sorted(set(data["ids"]))
    number = data["duplicate_of"]
    reports = list(Report.objects.filter(pk__in=ids).select_related("reporter", "community").order_by("id"))
    original = Report.objects.filter(pk=number).first()
    if original is None:
        messages.error(request, _("There is no report #%(number)s.") % {"number": number})
        return _bulk_refused(request)
    if len(reports) != len(ids):
        messages.error(request, _("Some of the selected reports no longer exist; nothing was changed."))
        return _bulk_refused(request)
    try:
        plan = services.duplicates_plan(reports=reports, duplicate_of=original)
    except ValidationError as exc:
        messages.error(request, sentences(*exc.messages, _("Nothing was changed.")))
        return _bulk_refused(request)
    except DomainError as exc:
        messages.error(request, sentences(exc.message, _("Nothing was changed.")))
        return _bulk_refused(request)
    if data["confirmed_original"] != plan.original.pk:
        return _bulk_duplicate_question(request, plan, ids=ids, number=number, note=data["note"])
    try:
        done = services.reports_mark_duplicate(actor=request.user, reports=reports, original=original, note=data["note"])
    except ValidationError as exc:
        messages.error(request, sentences(*exc.messages, _("Nothing was changed.")))
        return _bulk_refused(request)
    except DomainError as exc:  # another member of staff moved one of them meanwhile
        messages.error(request, sentences(exc.message, _("Nothing was changed.")))
        return _bulk_refused(request)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s report marked as a duplicate of #%(number)s.",
                "%(count)s reports marked as duplicates of #%(number)s.",
                len(done),
            )
            % {"count": len(done), "number": plan.original.pk},
        )
    return _back_to_list(request)


def _bulk_duplicate_question(
    request: HttpRequest, plan: services.DuplicatesPlan, *, ids: list[int], number: int, note: str
) -> HttpResponse:
    """The page staff confirm a bulk duplicate on: the original as triage knows it, each report
    that will close (its category marked when it differs), the selected original left as it is,
    and the note the reporters read (the default one, when staff wrote none)."""
    original = plan.original
    attach_badges([r.reporter for r in plan.reports])
    rows = [{"report": r, "other_category": r.category != original.category} for r in plan.reports]
    return render(
        request,
        "volunteers/staff/reports/bulk_duplicate_confirm.html",
        {
            "original": original,
            "excerpt": " ".join(original.description.split()),
            "rows": rows,
            "kept": plan.kept,
            "ids": ids,
            "number": number,
            "note": note,
            # Each reporter reads it in their own language; staff see the first one's.
            "reporters_read": note or services.duplicate_note(plan.reports[0], original),
            "default_note": not note,
            "next": _next(request),
        },
    )


# --- reply templates (street admins) ------------------------------------------------------------


class TemplateFilterForm(CheckedForm, forms.Form):
    category = forms.ChoiceField(required=False, choices=[("", "")] + ReportCategory.choices)


@permission_required(PERM_CHANGE_TEMPLATE)
@require_GET
def reply_template_list(request: HttpRequest) -> HttpResponse:
    """The templates by category (inactive ones too); a category shows what its reports are offered."""
    form = TemplateFilterForm(request.GET)
    category = form.cleaned_data.get("category", "") if form.is_valid() else ""
    return render(
        request,
        "volunteers/staff/reports/template_list.html",
        {
            "groups": selectors.reply_templates_for_staff(category=category),
            "category": category,
            "categories": ReportCategory.choices,
            "can_add": request.user.has_perm(PERM_ADD_TEMPLATE),
        },
    )


def _template_form_page(request: HttpRequest, template: ReplyTemplate | None) -> HttpResponse:
    form = ReplyTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.reply_template_save(
                actor=request.user, template=template, **{name: form.cleaned_data[name] for name in services.TEMPLATE_FIELDS}
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:  # the permission, taken away since the page was opened
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The reply template “%(title)s” was saved.") % {"title": saved.title})
            return redirect("volunteers:staff_reply_template_list")
    return render(
        request,
        "volunteers/staff/reports/template_form.html",
        {"form": form, "template": template},
        status=400 if form.errors else 200,
    )


@permission_required(PERM_ADD_TEMPLATE)
@require_http_methods(["GET", "POST"])
def reply_template_new(request: HttpRequest) -> HttpResponse:
    return _template_form_page(request, None)


@permission_required(PERM_CHANGE_TEMPLATE)
@require_http_methods(["GET", "POST"])
def reply_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _template_form_page(request, get_object_or_404(ReplyTemplate, pk=pk))
