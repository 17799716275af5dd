"""Neighbourhood reports (基层治理线索上报): the riders' and the public's pages.

A rider reports a problem with a pin or an address, sees first whether the same problem is
already reported nearby ("me too" instead of a duplicate), follows their reports and the
street office's dated updates; the public sees a map of what was resolved. Thin: the reports
services decide, the selectors read, these render. The staff pages are views/staff_reports.py.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet.accounts.access import rider_required
from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import CheckedForm, page_idempotency_key, parse_id, show_service_errors
from friendlystreet.names import ReaderNameChoiceField
from friendlystreet.uploads import file_response, max_image_bytes
from points.forms import MultipleImageField
from venues.models import Community, Venue

from ..models import MeToo, ReportCategory, ReportPhoto
from ..reports import errors as report_errors
from ..reports import selectors, services
from ..reports.selectors import PERM_SUBMIT

LIST_PAGE = 20
FETCH_HEADER = "fetch"  # X-Requested-With of reports.js: answer with a fragment, not a redirect


class ReportForm(CheckedForm, forms.Form):
    """Parses what the rider typed into services.report_submit's arguments, one field each; the
    service decides (place, length, photos). What is missing is the service's to say too, so
    that a rider who left out the kind, the text and the place reads all three at once, in its
    words (请选择问题类型), not Django's."""

    category = forms.ChoiceField(label=gettext_lazy("What kind of problem?"), choices=ReportCategory.choices, required=False)
    description = forms.CharField(label=gettext_lazy("What did you see?"), max_length=2000, widget=forms.Textarea, required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    community = ReaderNameChoiceField(label=gettext_lazy("Community"), queryset=Community.objects.all(), required=False)
    # The venue a "wrong venue information" report is about (the form opened with ?venue=);
    # the service refuses one no longer on the map.
    venue = forms.ModelChoiceField(queryset=Venue.objects.all(), required=False, widget=forms.HiddenInput)
    photos = MultipleImageField(label=gettext_lazy("Photos"), required=False)
    # One per rendering of the page (a hidden input): sent twice, it makes one report.
    idempotency_key = forms.CharField(max_length=services.IDEMPOTENCY_KEY_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The length rule of report_submit, said before sending (in the language of this request),
        # from the service's own minimum: a changed rule changes the help.
        count = services.MIN_DESCRIPTION
        self.fields["description"].help_text = ngettext(
            "At least %(count)s character: a Chinese character, a letter or a digit (spaces and punctuation do not count).",
            "At least %(count)s characters: Chinese characters, letters or digits (spaces and punctuation do not count).",
            count,
        ) % {"count": count}


# --- reporting ----------------------------------------------------------------------------------


@never_cache  # "Back" after sending fetches the form again: reports.js puts the first key back (one report)
@rider_required(PERM_SUBMIT)
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified:
        # Unverified riders see why they cannot report yet, instead of a form that fails.
        return render(request, "volunteers/reports/report_blocked.html")
    if request.method != "POST":
        return _form_page(request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            # The form's fields are the service's arguments, as the API's input is.
            report = services.report_submit(rider=request.user, **form.cleaned_data).report
        except ValidationError as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            # The same words for a resubmission (a double tap, Back and send again): it was sent, once.
            messages.success(
                request, _("Thank you: your report #%(number)s was sent to the street office.") % {"number": report.pk}
            )
            return redirect("volunteers:report_detail", pk=report.pk)
    return _form_page(request, form)


def _form_page(request: HttpRequest, form: ReportForm) -> HttpResponse:
    """The template writes the inputs itself (a map, a pin, chips); the form parses and
    validates. After an error everything typed comes back but the photos, which a browser
    never refills: the page says so. Opened from a venue's page (?venue=<id>), the report is
    about that venue: its kind is chosen, its address filled in, and no pin is asked for."""
    names = ("category", "description", "lat", "lng", "pin_auto", "address", "community")
    values = {name: form.data.get(name, "") for name in names} if form.is_bound else dict.fromkeys(names, "")
    venue = selectors.venue_to_report(parse_id(form.data.get("venue") if form.is_bound else request.GET.get("venue")))
    if venue is not None and not form.is_bound:
        values["category"] = ReportCategory.VENUE_INFO
        values["address"] = venue.address
        values["community"] = str(venue.community_id or "")
    earns = selectors.acceptance_rule(request.user)
    context = {
        "form": form,
        "values": values,
        "venue": venue,
        "categories": ReportCategory.choices,
        "communities": list(Community.objects.all()),
        # What an accepted report pays this rider now, by the rule the payout will use, caps applied.
        "earns": earns,
        "award": selectors.acceptance_award(request.user, earns) if earns else None,
        "grid_rule": selectors.GRID_RULE,
        "max_photos": services.MAX_PHOTOS,
        # As the server's refusal says it (文件过大（最大 8.0 MB）): one way of writing the size.
        "photo_max_size": filesizeformat(max_image_bytes()),
        "photos_lost": form.is_bound and bool(request.FILES),
        "centre": settings.MAP_DEFAULT_CENTRE,
        # A double tap sends the key twice and gets the first report back; after "Back" the
        # browser fetches the page again and static/js/reports.js puts back the key this entry
        # of the history was sent with.
        "idempotency_key": page_idempotency_key(form),
    }
    return render(request, "volunteers/reports/report_form.html", context)


class NearbyForm(CheckedForm, forms.Form):
    category = forms.ChoiceField(choices=ReportCategory.choices)
    lat = forms.FloatField(min_value=-90, max_value=90)
    lng = forms.FloatField(min_value=-180, max_value=180)


@rider_required(PERM_SUBMIT)
@require_GET
def report_nearby(request: HttpRequest) -> HttpResponse:
    """Is this the same problem? Open reports of the category within 200 m of the pin, as a
    fragment the form shows (reports.js fetches it when the category or the pin changes)."""
    form = NearbyForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    category, lat, lng = form.cleaned_data["category"], form.cleaned_data["lat"], form.cleaned_data["lng"]
    reports = list(selectors.nearby_open(category=category, lat=lat, lng=lng)[:10])
    mine = (
        set(MeToo.objects.filter(rider=request.user, report__in=reports).values_list("report_id", flat=True))
        if reports
        else set()
    )
    for report in reports:
        report.is_mine = report.reporter_id == request.user.pk
        report.counted_me = report.pk in mine
    response = render(request, "volunteers/reports/_nearby.html", {"reports": reports, "radius": selectors.NEARBY_METRES})
    response["Cache-Control"] = "private, no-store"
    return response


@rider_required(PERM_SUBMIT)
@require_POST
def report_me_too(request: HttpRequest, pk: int) -> HttpResponse:
    """Me too, on an open report the rider may know of (one the nearby list shows them):
    counted once, never on one's own. Any other number is refused as not found, in the same
    words for all (the service checks again, under the report's lock). Without JavaScript the
    rider comes back to the form with a message; reports.js gets the answer as a fragment."""
    as_fragment = request.headers.get("X-Requested-With") == FETCH_HEADER
    report = selectors.report_known_to_rider(request.user, pk)
    try:
        if report is None:
            raise report_errors.ReportNotFound()
        services.report_me_too(rider=request.user, report=report)
    except DomainError as exc:
        if as_fragment:
            context = {"ok": False, "message": exc.message}
            return render(request, "volunteers/reports/_me_too_answer.html", context, status=exc.status_code)
        messages.error(request, exc.message)
    else:
        message = _("Thank you: you are counted on report #%(number)s. The street office sees how many people see it.") % {
            "number": report.pk
        }
        # Where the rider reads how it ends (report_list's "problems you also saw").
        message = f"{message} {_('You can follow it in My reports.')}"
        if as_fragment:
            # The card the rider tapped counts them at once (reports.js puts this number in its
            # "N people see it too"), not the number it showed before.
            context = {"ok": True, "message": message, "count": MeToo.objects.filter(report=report).count()}
            return render(request, "volunteers/reports/_me_too_answer.html", context)
        messages.success(request, message)
    return redirect("volunteers:report_new")


# --- the rider's reports ------------------------------------------------------------------------


@rider_required(PERM_SUBMIT)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.reports_of(request.user), LIST_PAGE).get_page(request.GET.get("page"))
    # The problems the rider said "me too" on: how each ends, on the first page.
    me_toos = selectors.me_toos_of(request.user) if page.number == 1 else []
    return render(request, "volunteers/reports/report_list.html", {"page": page, "me_toos": me_toos})


@never_cache  # a new update must show when the rider comes back from the notice
@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reporter and staff who triage; everyone else 404 (no hint that it exists)."""
    report = selectors.report_for(request.user, pk)
    if report is None:
        raise Http404
    context = {
        "report": report,
        "photos": list(report.photos.all()),
        "updates": selectors.updates_of(report),
        "is_reporter": report.reporter_id == request.user.pk,
        "response_hours": settings.REPORT_RESPONSE_HOURS,
        "overdue": selectors.is_overdue(report),
    }
    return render(request, "volunteers/reports/report_detail.html", context)


@login_required
@require_GET
def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    return photo_response(request.user, ReportPhoto.objects.filter(pk=pk).first())


def photo_response(user, photo: ReportPhoto | None) -> HttpResponse:
    """A report's photo, only to whoever may see the report (selectors.report_for), else 404:
    the page's and the API's."""
    if photo is None or selectors.report_for(user, photo.report_id) is None:
        raise Http404
    return file_response(
        photo.image,
        content_type=photo.content_type,
        cache_control="private, max-age=3600",  # the browser or the app may keep it; proxies must not
        filename=f"report-{photo.report_id}-{photo.pk}.{photo.extension}",
    )


# --- public -------------------------------------------------------------------------------------


RESOLVED_PAGE = 50


@require_GET
def report_map(request: HttpRequest) -> HttpResponse:
    """What was resolved: category, place rounded to about 100 m, dates. Never who reported,
    what they wrote or their photos (selectors.public_resolved reads none of it)."""
    rows = selectors.public_resolved()
    # By community (?community=<id>): the map and the table show that community's problems.
    communities = selectors.resolved_by_community(rows)
    community = parse_id(request.GET.get("community"))
    chosen = next((c for c in communities if c[0] == community), None)
    all_count = len(rows)
    if chosen is not None:
        rows = [r for r in rows if r["community_id"] == chosen[0]]
    markers = [
        {
            "lat": r["lat"],
            "lng": r["lng"],
            "name": r["category_name"],
            "resolved_on": r["resolved_on"].isoformat() if r["resolved_on"] else "",
        }
        for r in rows
        if r["lat"] is not None  # placed by an address alone: in the table, not on the map
    ]
    page = Paginator(rows, RESOLVED_PAGE).get_page(request.GET.get("page"))  # the table; the map shows them all
    context = {
        "rows": rows,
        "page": page,
        "markers": markers,
        "communities": communities,
        "chosen": chosen,
        "all_count": all_count,
        "query": urlencode({"community": chosen[0]}) if chosen else "",
    }
    return render(request, "volunteers/reports/report_map.html", context)
