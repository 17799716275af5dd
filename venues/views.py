"""HTML pages: the public map and directory, compound guides, and the staff tools."""

from __future__ import annotations

import math
import mimetypes
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet import kept_input
from friendlystreet.accounts import roles
from friendlystreet.accounts.access import permission_required, rider_check
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.staff_users import MANAGE_USERS
from friendlystreet.api.errors import DomainError
from friendlystreet.inputs import page_idempotency_key, search_text, show_service_errors, valid_filters
from friendlystreet.lists import listed, listed_html, sentence_separator
from friendlystreet.thumbnails import LIST_SIDE, THUMB_SIDE, small_copy
from friendlystreet.uploads import file_response

from . import cache as venue_cache
from . import forms, hooks, navigation, selectors, services, spreadsheets
from . import hours as hours_lib
from .distances import distance_text
from .models import (
    MAX_PHOTOS_PER_VENUE,
    Amenity,
    Community,
    Compound,
    OpeningHours,
    Tip,
    TipStatus,
    Venue,
    VenueKind,
    VenuePhoto,
    shown_tip,
)
from .validators import coordinates_in_columns

PAGE_SIZE = 20  # as the API; about 20 KB of HTML on a phone

manage_required = permission_required(services.MANAGE_VENUES)
moderate_required = permission_required(services.MODERATE_TIPS)


def map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "coord_system": navigation.coord_system(),
    }


# One character on each map pin, so the kind reads without colour too (the legend explains
# both); the colours are in venues.css (.pin-<kind>).
KIND_PIN_LETTERS = {
    VenueKind.COMMUNITY_STATION: pgettext_lazy("map pin letter of a community station", "S"),
    VenueKind.MERCHANT: pgettext_lazy("map pin letter of a merchant", "M"),
    VenueKind.HOSPITAL: pgettext_lazy("map pin letter of a hospital", "H"),
    VenueKind.ACADEMY: pgettext_lazy("map pin letter of an academy", "A"),
    VenueKind.PROPERTY_STATION: pgettext_lazy("map pin letter of a property station", "P"),
}


def kind_legend() -> list[dict]:
    return [{"code": code, "label": label, "letter": KIND_PIN_LETTERS.get(code, "")} for code, label in VenueKind.choices]


# --- public: venues ----------------------------------------------------------------------


LIST_PARAMETERS = {*forms.VenueFilterForm.base_fields, "page"}


def _list_query(filters: dict) -> QueryDict:
    """The list's valid filters as a query string (the near point apart): what its links keep."""
    query = QueryDict(mutable=True)
    for name in ("q", "kind"):
        if filters.get(name):
            query[name] = filters[name]
    query.setlist("amenity", filters.get("amenity", []))
    if filters.get("open_now"):
        query["open_now"] = "on"
    return query


def _back_to_list(back: str) -> str:
    """The venue page's "all venues" link: back to the list with the filters it was opened
    from. `back` is the list's query string (?back=amenity%3Dwifi%26open_now%3Don): parsed by
    the list's own form and written again, the path fixed, so nothing but the list's valid
    parameters ever comes out (no address to send anyone elsewhere)."""
    url = reverse("venues:venue_list")
    if not back or len(back) > 1000:
        return url
    data = QueryDict(back)
    form = forms.VenueFilterForm(data, amenities=selectors.active_amenities() if "amenity" in data else ())
    if not form.is_valid():
        return url
    query = _list_query(form.cleaned_data)
    near = form.cleaned_data.get("near")
    if near:
        query["near"] = f"{near[0]},{near[1]}"
    page = data.get("page", "")
    if page.isdigit() and 1 < int(page) <= 10_000:
        query["page"] = page
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


class _CountedPaginator(Paginator):
    """A pager told its total, which came with the page's rows (selectors.page_with_count)."""

    def __init__(self, total: int, per_page: int):
        super().__init__([], per_page)
        self.total = total

    @property
    def count(self) -> int:
        return self.total


def _list_page(qs, page_text: str) -> Page:
    """The list's page as Paginator.get_page() picks it (not a number: the first; past the end:
    the last), its total counted with its rows: one query, not a COUNT and then the page."""
    number = 1
    if page_text.isascii() and page_text.isdigit():
        number = max(int(page_text), 1) if len(page_text) <= 6 else 10**6  # thousands of digits: past any end
    found = selectors.page_with_count(qs, page=number, size=PAGE_SIZE)
    if found is None:  # past the end (rare): the last page
        number = max(math.ceil(qs.count() / PAGE_SIZE), 1)
        found = selectors.page_with_count(qs, page=number, size=PAGE_SIZE) or ([], 0)
    rows, total = found
    return Page(rows, number, _CountedPaginator(total, PAGE_SIZE))


@require_GET
def venue_list(request):
    def build() -> str:
        amenities = selectors.active_amenities()
        form = forms.VenueFilterForm(request.GET or None, amenities=amenities)
        filters = valid_filters(form)  # a filter it cannot read drops itself, not the others
        near = filters.get("near")
        chosen = {
            "kind": filters.get("kind") or None,
            "amenity_ids": form.amenity_ids() if filters else [],
            "open_now": filters.get("open_now", False),
            "q": filters.get("q", ""),
        }
        kind_labels = dict(VenueKind.choices)
        today = hours_lib.local().date()
        page = _list_page(selectors.venue_list(near=near, **chosen), request.GET.get("page", ""))
        venues = list(page.object_list)
        # The first photo of each venue on the page, for its thumbnail, and the hours, for
        # "opens today at 20:00": a query each.
        prefetch_related_objects(venues, Prefetch("photos", queryset=VenuePhoto.objects.order_by("position", "id")), "hours")
        # Links keep the valid filters only (the body is shared by everyone with these filters).
        query = _list_query(filters)
        without_near = query.copy()
        if near:
            query["near"] = f"{near[0]},{near[1]}"
        # A venue's page links back to this list as it is now: its filters and page (?back=).
        back = query.copy()
        if page.number > 1:
            back["page"] = str(page.number)
        back_param = ""
        if back.urlencode():
            param = QueryDict(mutable=True)
            param["back"] = back.urlencode()
            back_param = "?" + param.urlencode()
        items = [
            {
                "venue": v,
                "url": reverse("venues:venue_detail", args=[v.id]) + back_param,
                "kind_label": kind_labels.get(v.kind, v.kind),
                "letter": KIND_PIN_LETTERS.get(v.kind, ""),
                "amenities": [a.label() for a in v.amenities.all()],
                "distance": distance_text(getattr(v, "distance_m", None)),
                "photo": next(iter(v.photos.all()), None),
                # "opens today at 20:00", in the venue page's words (its helper); nothing of
                # the kind when the hours are not given.
                **_open_state(v.open_status(), today),
            }
            for v in venues
        ]
        # Where each pin goes and its kind only: venues.js reads the name and link from the
        # venue's card and the kind's name and letter from the legend (the page says each once;
        # in JSON every Chinese character would cost six bytes).
        markers = [{"id": v.id, "lat": v.lat, "lng": v.lng, "kind": v.kind} for v in venues]
        selected = set(filters.get("amenity", []))
        return render_to_string(
            "venues/_venue_list_body.html",
            {
                "filter": {
                    "q": filters.get("q", ""),
                    "kind": filters.get("kind", ""),
                    "open_now": filters.get("open_now", False),
                    "near_text": f"{near[0]},{near[1]}" if near else "",
                },
                "kinds": VenueKind.choices,
                "legend": kind_legend(),
                # Shown on the closed filter sheet: what narrows the list now.
                "active_filters": len(selected)
                + bool(filters.get("kind"))
                + bool(filters.get("open_now"))
                + bool(filters.get("q")),
                "amenity_options": [(a.code, a.label(), a.code in selected) for a in amenities],
                "near": near,
                "page": page,
                "items": items,
                "markers": markers,
                "map": map_settings(),
                "query": query.urlencode(),
                "query_without_near": without_near.urlencode(),
                # No filter, the rider's position kept: "clear filters".
                "reset_url": reverse("venues:venue_list") + (f"?near={near[0]},{near[1]}" if near else ""),
            },
        )

    # The page's content depends on the query string only, the same for everyone (a GET
    # form, no CSRF token): cached (cache.py), so a repeated visit does not even parse the
    # filters. The signed-in top bar around it is per request.
    # Keyed by what the page reads only: other parameters (?z=1, ?z=2…) must not each make a
    # rendering of their own.
    read = [(name, values) for name, values in sorted(request.GET.lists()) if name in LIST_PARAMETERS]
    body = venue_cache.remember(("page-list", read), build)
    return render(request, "venues/venue_list.html", {"body": mark_safe(body)})  # noqa: S308 - our own rendered template


@require_GET
def venue_detail(request, pk: int):
    def build() -> tuple[str, str]:
        try:
            venue = selectors.venue_for_page(pk)
        except Venue.DoesNotExist:
            raise Http404
        ranges = venue.hour_ranges()
        today = hours_lib.local().date()
        state = _open_state(venue.open_status(), today)
        body = render_to_string(
            "venues/_venue_body.html",
            {
                "venue": venue,
                "status": state["status"],
                "change_time": state["change_time"],
                "change_day": state["change_day"],
                # No week table for hours not given: seven "closed" days would say the opposite.
                "week": hours_lib.week_rows(ranges, today=today) if ranges else None,
                # The Chinese name to the map apps: what they and the door sign say.
                "links": navigation.links_for(lat=venue.lat, lng=venue.lng, name=venue.name, address=venue.address),
                "marker": {
                    "id": venue.id,
                    "name": venue.label(),
                    "lat": venue.lat,
                    "lng": venue.lng,
                    "kind": venue.kind,
                    "kind_label": str(venue.get_kind_display()),
                    "letter": str(KIND_PIN_LETTERS.get(venue.kind, "")),
                    "open": bool(state["status"] and state["status"].open),
                },
                "map": map_settings(),
            },
        )
        return venue.label(), body

    title, body = venue_cache.remember(("page-venue", pk), build)
    # Other apps' panels (rewards) run on every request: they may be per user or change fast.
    panels = [(template, func(pk, request)) for template, func in hooks.venue_panels]
    return render(
        request,
        "venues/venue_detail.html",
        {
            "title": title,
            "body": mark_safe(body),  # noqa: S308 - our own rendered template
            "panels": panels,
            "venue_id": pk,
            "back_url": _back_to_list(request.GET.get("back", "")),
            # The services' own rule (a query only for those who may confirm vouchers): a rider's
            # or a passer-by's page costs no query more.
            "runs_this_venue": services.operates(request.user, pk),
        },
    )


def _open_state(status: hours_lib.Status | None, today: date) -> dict:
    """Open now, and the next change in words ("today", "tomorrow", a weekday) at HH:MM: the
    venue page's line and each gate's on a compound guide. `status` None: hours not given."""
    change = hours_lib.local(status.change_at) if status and status.change_at else None
    if change is None:
        return {"status": status, "change_time": None, "change_day": None}
    day, time = change.date(), change.strftime("%H:%M")
    if status.open and time == "00:00":
        # Closing at midnight is the end of the day the hours name (每天 06:00–24:00): "today at
        # 24:00", not "tomorrow at 00:00", which reads as a day later.
        day, time = day - timedelta(days=1), "24:00"
    return {"status": status, "change_time": time, "change_day": _day_word(day, today)}


def _day_word(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    return hours_lib.day_label(day.weekday())


def _cache_control(*, public: bool, versioned: bool = True) -> str:
    # A photo's address names one file for good (a venue photo is a row of its own, a tip
    # photo's address carries its version), so a long cache is safe. A tip photo's old
    # address without its version (pages and apps from before) is kept briefly only.
    if not versioned:
        return f"{'public' if public else 'private'}, max-age={venue_cache.SECONDS}"
    return "public, max-age=86400" if public else "private, max-age=3600"


def _serve(field_file, *, public: bool, versioned: bool = True) -> HttpResponse:
    return file_response(
        field_file,
        content_type=mimetypes.guess_type(field_file.name)[0] or "application/octet-stream",
        cache_control=_cache_control(public=public, versioned=versioned),
    )


def _shown_photo(request, pk: int) -> VenuePhoto:
    photo = get_object_or_404(VenuePhoto.objects.select_related("venue"), pk=pk)
    if not photo.venue.active and not request.user.has_perm(services.MANAGE_VENUES):
        raise Http404
    return photo


@require_GET
def venue_photo(request, pk: int):
    photo = _shown_photo(request, pk)
    return _serve(photo.image, public=photo.venue.active)


@require_GET
def venue_photo_thumb(request, pk: int):
    """The small copy made at upload (the venue page's photos); the photo itself for older uploads."""
    photo = _shown_photo(request, pk)
    return _serve(photo.thumbnail or photo.image, public=photo.venue.active)


@require_GET
def venue_photo_list(request, pk: int):
    """The venue list's copy (LIST_SIDE px), made from the upload's thumbnail when first asked for:
    a list row shows it 88 px wide, and the 480 px thumbnail cost a rider's phone four times the
    bytes for every row scrolled past."""
    photo = _shown_photo(request, pk)
    return _small_copy_response(photo.thumbnail or photo.image, side=LIST_SIDE, public=photo.venue.active)


def _small_copy_response(stored, *, side: int, public: bool, versioned: bool = True) -> HttpResponse:
    try:
        data = small_copy(stored, side=side, keep=public)
    except OSError:
        raise Http404 from None
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = _cache_control(public=public, versioned=versioned)
    return response


# --- public: compounds -------------------------------------------------------------------


def _refused_search(request, template: str, **context):
    """A search text with control characters (NUL...): the page, empty, saying why (400)."""
    page = Paginator([], PAGE_SIZE).get_page(1)
    context = {"page": page, "q": "", "q_error": _("Remove the invisible control characters from this text."), **context}
    return render(request, template, context, status=400)


@require_GET
def compound_list(request):
    q = search_text(request.GET.get("q"))
    if q is None:
        return _refused_search(request, "venues/compound_list.html")
    qs = selectors.compound_list(q=q).annotate(
        gate_count=Count("gates", distinct=True),
        tip_count=Count("tips", filter=shown_tip("tips__"), distinct=True),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "venues/compound_list.html", {"page": page, "q": q})


def _compound_page(request, pk: int, tip_form, status=200):
    def build() -> tuple[str, str]:
        try:
            compound = selectors.compound_for_guide(pk)
        except Compound.DoesNotExist:
            raise Http404
        today = hours_lib.local().date()
        gates = []
        for gate in compound.gates.all():
            # No open-now state for a gate whose hours are not known: never guess "closed".
            # Gate.open_status() is what the API's `open_now` says too.
            status = gate.open_status()
            gates.append({"gate": gate, "state": None if status is None else _open_state(status, today)})
        gate_markers = [
            {"id": g.id, "name": g.name, "lat": g.lat, "lng": g.lng, "kind": "gate", "open": g.ebikes_allowed}
            for g in compound.gates.all()
            if g.lat is not None and g.lng is not None
        ]
        body = render_to_string(
            "venues/_compound_body.html",
            {
                "compound": compound,
                "gates": gates,
                "links": navigation.links_for(lat=compound.lat, lng=compound.lng, name=compound.name, address=compound.address),
                "bike_total": sum(b.count for b in compound.warm_bikes.all()),
                "map": map_settings(),
                "marker": {
                    "id": compound.id,
                    "name": compound.name,
                    "lat": compound.lat,
                    "lng": compound.lng,
                    "kind": "compound",
                    "open": True,
                },
                # A gate's dot is green where e-bikes may enter, red where they may not, grey
                # where it is not known (venues.js colours it by "open": true, false, null; the
                # legend under the map says so).
                "gate_markers": gate_markers,
                "gates_unknown": any(m["open"] is None for m in gate_markers),
            },
        )
        return compound.name, body

    title, body = venue_cache.remember(("page-compound", pk), build)
    # A browser cannot send a chosen file back: a refused form with a photo says so, at the
    # top and at the photo field (as the claim, report and venue forms do).
    photos_lost = bool(tip_form is not None and tip_form.is_bound and request.FILES.get("photo"))
    if photos_lost:
        tip_form.add_error("photo", _("Your photos were not kept: choose them again."))
    return render(
        request,
        "venues/compound_detail.html",
        {
            "title": title,
            "body": mark_safe(body),  # noqa: S308 - our own rendered template
            "compound_id": pk,
            "tip_form": tip_form,
            # A new page, a new key; a refused page keeps the one it was sent with.
            "idempotency_key": page_idempotency_key(tip_form) if tip_form is not None else "",
            # What an approved tip pays the rider writing it (the points app's rule, through
            # hooks.tip_points); None says nothing.
            "tip_points": (
                selectors.points_for_a_new_tip(author=request.user, compound=Compound(pk=pk)) if tip_form is not None else None
            ),
            "photos_lost": photos_lost,
            # Per request, outside the shared rendering: only the author sees these.
            "my_tips": selectors.own_unpublished_tips(compound_id=pk, author=request.user),
        },
        status=status,
    )


@require_GET
def compound_detail(request, pk: int):
    # Only riders write tips: anonymous visitors see a sign-in link instead of the form, partner
    # operators and staff a line saying whose the tips are; neither needs a form built.
    return _compound_page(request, pk, forms.TipForm() if request.user.has_perm(services.ADD_TIPS) else None)


@require_http_methods(["GET", "POST"])
def tip_create(request, pk: int):
    if request.method == "GET":
        # The address a refused form leaves in the bar (reloaded, bookmarked, shared): the guide.
        return redirect(reverse("venues:compound_detail", args=[pk]) + "#tip-form")
    if not request.user.is_authenticated:
        # Back to the form after signing in: the anchor travels inside `next` (a browser
        # never sends a fragment to the server).
        return redirect_to_login(reverse("venues:compound_detail", args=[pk]) + "#tip-form")
    rider_check(request.user, services.ADD_TIPS)
    compound = get_object_or_404(Compound, pk=pk, active=True)
    form = forms.TipForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = services.tip_submit(
                author=request.user,
                compound=compound,
                text=form.cleaned_data["text"],
                photo=form.cleaned_data.get("photo"),
                idempotency_key=form.cleaned_data.get("idempotency_key", ""),
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        except services.InvalidIdempotencyKey as exc:
            form.add_error(None, exc.message)
        else:
            if submission.created:
                messages.success(request, _("Thank you! Your tip will appear once the street office has checked it."))
            else:
                messages.info(request, _("You had already sent this tip: it is sent once."))
            return redirect(reverse("venues:compound_detail", args=[compound.pk]) + "#my-tips")
    return _compound_page(request, compound.pk, form, status=400)


@require_POST
def tip_retract(request, pk: int):
    """The author takes back their tip while it waits for review (services.tip_retract)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("venues:compound_list"))
    tip = get_object_or_404(Tip, pk=pk, author_id=request.user.pk)  # nobody else's: 404, not "it exists"
    try:
        services.tip_retract(author=request.user, tip=tip)
    except services.TipNotPending as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your tip was withdrawn: nobody will see it."))
    return redirect(reverse("venues:compound_detail", args=[tip.compound_id]) + "#my-tips")


@require_GET
def tip_photo(request, pk: int):
    tip = get_object_or_404(Tip, pk=pk)
    if not tip.photo:
        raise Http404
    approved = tip.status == TipStatus.APPROVED and tip.compound.active
    allowed = approved or (
        request.user.is_authenticated and (tip.author_id == request.user.id or request.user.has_perm(services.MODERATE_TIPS))
    )
    if not allowed:
        raise Http404  # not 403: do not confirm that a pending tip exists
    # ?v= is the photo's version (Tip.photo_url): another one is a photo replaced since.
    version = request.GET.get("v")
    if version is not None and version != tip.photo_version():
        raise Http404
    if request.GET.get("size") == "thumb":
        # A tip keeps no thumbnail file of its own: its small copy is made from the photo.
        return _small_copy_response(tip.photo, side=THUMB_SIDE, public=approved, versioned=version is not None)
    return _serve(tip.photo, public=approved, versioned=version is not None)


# --- partner operators: their own venue's everyday details ------------------------------------


@permission_required(roles.REDEMPTION_PAGE)
@require_GET
def my_venue(request):
    """The partner operator's menu's 我的场所 (a menu's link is one address for everyone): the
    page where they keep the details of the venue they run. One who runs several, or none yet,
    finds them listed on their profile, each with its pages."""
    runs = list(selectors.venues_operated_by(request.user).values_list("pk", flat=True)[:2])
    if len(runs) == 1:
        return redirect("venues:venue_details_edit", pk=runs[0])
    return redirect(f"{reverse('profile')}#operator-venues")


@permission_required(roles.REDEMPTION_PAGE)
@require_http_methods(["GET", "POST"])
def venue_details_edit(request, pk: int):
    """A partner operator edits the phone, description and opening hours of a venue they run
    (services.venue_details_update); another venue is not found, as if it were not there."""
    venue = get_object_or_404(selectors.venues_operated_by(request.user), pk=pk)
    form = forms.VenueDetailsForm(request.POST or None, request.FILES or None, instance=venue)

    def save(_data):
        try:
            services.venue_details_update(actor=request.user, venue=venue, data=form.service_data(), **form.photo_data())
        except services.TooManyPhotos:  # another tab added the last one meanwhile: the form's own words
            raise ValidationError({"photo": [form.photos_full % {"max": MAX_PHOTOS_PER_VENUE}]})

    if _saved(request, form, save):
        messages.success(request, _("Saved: riders now read these details on your venue's page."))
        return redirect("venues:venue_details_edit", pk=venue.pk)
    return render(
        request,
        "venues/venue_details_form.html",
        {"form": form, "venue": venue, "photos": list(venue.photos.all()), "photos_lost": _photos_lost(request, form)},
        status=_form_status(request),
    )


@permission_required(roles.REDEMPTION_PAGE)
@require_POST
def venue_details_photo_delete(request, pk: int, photo_pk: int):
    """A partner operator deletes a photo of a venue they run (services.venue_photo_delete,
    audited as staff's deletions are); another venue's photo is not found."""
    venue = get_object_or_404(selectors.venues_operated_by(request.user), pk=pk)
    photo = get_object_or_404(venue.photos.all(), pk=photo_pk)
    services.venue_photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("Photo deleted."))
    return redirect("venues:venue_details_edit", pk=venue.pk)


# --- staff: venues -----------------------------------------------------------------------


@manage_required
@require_GET
def staff_venue_list(request):
    q = search_text(request.GET.get("q"))
    if q is None:
        return _refused_search(request, "venues/staff/venue_list.html", show="all")
    show = request.GET.get("show", "all")
    # Venues whose hours are not given yet are marked, so staff see what is left to fill in.
    qs = (
        Venue.objects.select_related("community")
        .annotate(hours_known=Exists(OpeningHours.objects.filter(venue=OuterRef("pk"))))
        .order_by("name", "id")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if show == "active":
        qs = qs.filter(active=True)
    elif show == "inactive":
        qs = qs.filter(active=False)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "venues/staff/venue_list.html", {"page": page, "q": q, "show": show})


def _photos_lost(request, form) -> bool:
    """A browser cannot send a chosen file back: a refused form with a good photo says so, at
    the top and at the photo field (as the report and claim forms do). A refused photo says
    why at its field, and that is all it needs."""
    photos_lost = form.is_bound and bool(request.FILES.get("photo")) and not form.has_error("photo")
    if photos_lost:
        form.add_error("photo", _("Your photos were not kept: choose them again."))
    return photos_lost


def _operators_help(form, venue, user) -> None:
    """Under the operators: only partner accounts are offered, and where the shop's own account
    is opened (the next step after creating a venue), for who may open accounts. Sentences
    joined as the page's language joins them (no space after "。" in Chinese)."""
    said = _("Only partner operators' accounts are listed.")
    between = sentence_separator()
    if not user.has_perm(MANAGE_USERS):
        help_text = format_html("{}{}{}", said, between, _("Accounts are opened under Users and roles."))
    elif venue is None:
        later = _("No account for this shop yet? Once the venue is saved, a link here opens one with the venue ticked.")
        help_text = format_html("{}{}{}", said, between, later)
    else:
        help_text = format_html(
            '{}{}{}{}<a href="{}?venue={}" id="new-operator-account">{}</a>',
            said,
            between,
            _("No account for this shop yet?"),
            between,
            reverse("staff_users:new"),
            venue.pk,
            _("Open one with this venue ticked"),
        )
    form.fields["operators"].help_text = help_text


def _venue_form_page(request, form, venue=None, status=200):
    photos = list(venue.photos.all()) if venue else []
    _operators_help(form, venue, request.user)
    return render(
        request,
        "venues/staff/venue_form.html",
        {
            "form": form,
            "venue": venue,
            "photos": photos,
            "photos_lost": _photos_lost(request, form),
            # What the partner operator changed lately: staff look here when told of it.
            "operator_edits": selectors.operator_edits(venue, photos=photos) if venue else [],
            # What other apps show of this venue to staff (points: its rewards), see hooks.
            "staff_panels": [(t, func(venue, request)) for t, func in hooks.staff_venue_panels] if venue else [],
        },
        status=status,
    )


def _refuse_duplicate(form, exc: services.DuplicateVenue) -> None:
    existing = exc.existing
    form.add_error(
        None,
        format_html(
            '{} <a href="{}">{}</a>',
            _("A venue with this name and address already exists: edit that one instead."),
            reverse("venues:staff_venue_edit", args=[existing.pk]),
            existing.name,
        ),
    )


@manage_required
def staff_venue_create(request):
    form = forms.VenueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(actor=request.user, data=form.service_data(), **form.photo_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.DuplicateVenue as exc:
            _refuse_duplicate(form, exc)
        else:
            messages.success(request, _("Venue created."))
            return redirect("venues:staff_venue_edit", pk=venue.pk)
    return _venue_form_page(request, form, status=_form_status(request))


@manage_required
def staff_venue_edit(request, pk: int):
    venue = get_object_or_404(Venue, pk=pk)
    form = forms.VenueForm(request.POST or None, request.FILES or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(actor=request.user, venue=venue, data=form.service_data(), **form.photo_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.DuplicateVenue as exc:
            _refuse_duplicate(form, exc)
        except services.TooManyPhotos as exc:
            form.add_error("photo", exc.message)
        else:
            messages.success(request, _("Venue saved."))
            return redirect("venues:staff_venue_edit", pk=venue.pk)
    return _venue_form_page(request, form, venue, status=_form_status(request))


# The venue form's fields for what the services call hours and services (as text there).
SERVICE_FIELDS_ON_FORMS = {"hours": "hours_text", "services": "services_text"}


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form (inputs.show_service_errors), the venue form's hours and
    services under their text fields."""
    if hasattr(exc, "error_dict"):
        exc = ValidationError({SERVICE_FIELDS_ON_FORMS.get(name, name): errors for name, errors in exc.error_dict.items()})
    show_service_errors(form, exc)


def _saved(request, form, save) -> bool:
    """A form sent (POST) and valid, written by `save(cleaned_data)` (a service call): True. A
    refusal of the service's is shown on the form, which the page then draws again."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _form_status(request) -> int:
    """A page drawn again after a POST is a refused form: 400."""
    return 400 if request.method == "POST" else 200


@manage_required
@require_POST
def staff_venue_set_active(request, pk: int):
    venue = get_object_or_404(Venue, pk=pk)
    active = request.POST.get("active") == "1"
    services.venue_set_active(actor=request.user, venue=venue, active=active)
    messages.success(request, _("Venue reactivated.") if active else _("Venue deactivated: riders no longer see it."))
    return redirect("venues:staff_venue_edit", pk=venue.pk)


@manage_required
@require_POST
def staff_venue_photo_delete(request, pk: int):
    photo = get_object_or_404(VenuePhoto, pk=pk)
    venue_id = photo.venue_id
    services.venue_photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("Photo deleted."))
    return redirect("venues:staff_venue_edit", pk=venue_id)


IMPORT_NAMES_SHOWN = 50  # the created venues named after an import; a longer list says how many more


def _venue_links(venues) -> str:
    return listed_html(
        format_html('<a href="{}">{}</a>', reverse("venues:staff_venue_edit", args=[v.pk]), v.name) for v in venues
    )


def _import_messages(request, report: services.ImportReport) -> None:
    """What an import did, for the page it redirects to: counts, the venues it created (by
    name, linked) and the rows it left out as probable duplicates."""
    messages.success(
        request,
        _("Import done: %(created)s venues created, %(updated)s updated.")
        % {"created": len(report.created), "updated": report.updated},
    )
    if report.created:
        shown, more = report.created[:IMPORT_NAMES_SHOWN], len(report.created) - IMPORT_NAMES_SHOWN
        names = _venue_links(shown)
        text = (
            _("Created: %(names)s and %(more)s more.") % {"names": names, "more": more}
            if more > 0
            else _("Created: %(names)s.") % {"names": names}
        )
        messages.success(request, mark_safe(text))  # noqa: S308 - the names are escaped by format_html_join
    if report.duplicates:
        rows = listed_html(
            (
                mark_safe(_("row %(row)s: %(venue)s") % {"row": number, "venue": _venue_links([venue])})  # noqa: S308 - the venue's link is built by format_html
                for number, venue in report.duplicates[:IMPORT_NAMES_SHOWN]
            ),
            semicolons=True,
        )
        text = _(
            "Not imported, as probable duplicates: a venue with the same name and address already exists "
            "(%(rows)s). To change such a venue, give its row the venue's number in the %(column)s column."
        ) % {"rows": rows, "column": spreadsheets.column_label("id")}
        more = len(report.duplicates) - IMPORT_NAMES_SHOWN
        if more > 0:
            text += " " + _("%(more)s more rows were left out the same way.") % {"more": more}
        messages.warning(request, mark_safe(text))  # noqa: S308 - the names are escaped by format_html_join


@manage_required
def staff_venue_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rows = spreadsheets.read_rows(form.cleaned_data["file"])
                parsed, parse_errors = spreadsheets.parse_rows(rows)
                report = services.venues_import(
                    actor=request.user,
                    rows=parsed,
                    parse_errors=parse_errors,
                    file_name="".join(ch for ch in form.cleaned_data["file"].name or "" if ch.isprintable()),
                )
            except spreadsheets.FileRefused as exc:
                form.add_error("file", str(exc))
            except services.ImportFailed as exc:
                errors = [(e.row, spreadsheets.error_text(e)) for e in exc.errors]
            else:
                _import_messages(request, report)
                return redirect("venues:staff_venue_list")
    return render(
        request,
        "venues/staff/venue_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": listed(spreadsheets.column_label(c) for c in spreadsheets.COLUMNS),
            "id_column": spreadsheets.column_label("id"),
            "hours_help": forms.HOURS_HELP,
            "hours_column": spreadsheets.column_label("hours"),
            "community_column": spreadsheets.column_label("community"),
            "kind_column": spreadsheets.column_label("kind"),
            "amenities_column": spreadsheets.column_label("amenities"),
            # What those cells take, from what the import reads them with (not a copy).
            "vocabulary": spreadsheets.cell_vocabulary(),
            "coordinates_help": coordinates_in_columns(spreadsheets.column_label("lat"), spreadsheets.column_label("lng")),
        },
        status=status,
    )


def _spreadsheet_response(rows, fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheets.write_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "csv":
        response = HttpResponse(spreadsheets.write_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        return HttpResponse(_("Unknown format."), status=400, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@manage_required
@require_GET
def staff_venue_export(request):
    rows = spreadsheets.export_rows(spreadsheets.export_queryset())
    stamp = hours_lib.local().strftime("%Y%m%d")
    return _spreadsheet_response(rows, request.GET.get("format", "csv"), f"venues-{stamp}")


@manage_required
@require_GET
def staff_venue_import_template(request):
    """An empty file to fill in: the header the import reads, no venues."""
    return _spreadsheet_response(spreadsheets.template_rows(), request.GET.get("format", "xlsx"), "venues-template")


# --- staff: amenities --------------------------------------------------------------------


@manage_required
def staff_amenity_list(request):
    form = forms.AmenityForm(request.POST or None)
    if _saved(request, form, lambda data: services.amenity_create(actor=request.user, **data)):
        messages.success(request, _("Amenity added."))
        return redirect("venues:staff_amenity_list")
    amenities = Amenity.objects.annotate(venue_count=Count("venues")).order_by("position", "code")
    return render(request, "venues/staff/amenity_list.html", {"form": form, "amenities": amenities}, status=_form_status(request))


@manage_required
def staff_amenity_edit(request, pk: int):
    amenity = get_object_or_404(Amenity, pk=pk)
    form = forms.AmenityForm(request.POST or None, instance=amenity)

    def update(data):
        # The code never changes (the form shows it disabled): the service takes none.
        services.amenity_update(actor=request.user, amenity=amenity, **{k: v for k, v in data.items() if k != "code"})

    if _saved(request, form, update):
        messages.success(request, _("Amenity saved."))
        return redirect("venues:staff_amenity_list")
    return render(request, "venues/staff/amenity_form.html", {"form": form, "amenity": amenity}, status=_form_status(request))


# --- staff: communities ------------------------------------------------------------------


@manage_required
def staff_community_list(request):
    """The communities (社区), with how many venues and guides each has; a form to add one."""
    form = forms.CommunityForm(request.POST or None)
    if _saved(request, form, lambda data: services.community_create(actor=request.user, **data)):
        messages.success(request, _("Community “%(name)s” added.") % {"name": form.cleaned_data["name"]})
        return redirect("venues:staff_community_list")
    return render(
        request,
        "venues/staff/community_list.html",
        {"form": form, "communities": selectors.communities_for_staff()},
        status=_form_status(request),
    )


@manage_required
def staff_community_edit(request, pk: int):
    """Rename a community (or move it in the list); delete one nothing names."""
    community = get_object_or_404(Community, pk=pk)
    form = forms.CommunityForm(request.POST or None, instance=community)
    if _saved(request, form, lambda data: services.community_update(actor=request.user, community=community, **data)):
        messages.success(request, _("Community saved."))
        return redirect("venues:staff_community_list")
    return render(
        request,
        "venues/staff/community_form.html",
        {"form": form, "community": community, "uses": selectors.community_uses(community)},
        status=_form_status(request),
    )


@manage_required
@require_POST
def staff_community_delete(request, pk: int):
    community = get_object_or_404(Community, pk=pk)
    try:
        services.community_delete(actor=request.user, community=community)
    except services.CommunityInUse as exc:
        messages.error(request, exc.message)
        return redirect("venues:staff_community_edit", pk=pk)
    messages.success(request, _("Community “%(name)s” deleted.") % {"name": community.label()})
    return redirect("venues:staff_community_list")


# --- staff: compounds --------------------------------------------------------------------


@manage_required
@require_GET
def staff_compound_list(request):
    compounds = Compound.objects.select_related("community").annotate(
        pending=Count("tips", filter=Q(tips__status=TipStatus.PENDING))
    )
    return render(request, "venues/staff/compound_list.html", {"compounds": compounds.order_by("name", "id")})


def _compound_forms(request, compound=None):
    data = request.POST if request.method == "POST" else None
    if compound is None:
        initial, gates, spots, bikes = {"active": True}, [], [], []
    else:
        initial = {f: getattr(compound, f) for f in services.COMPOUND_FIELDS}
        gates = list(compound.gates.values("name", "ebikes_allowed", "entry_method", "hours", "lat", "lng", "notes"))
        spots = list(compound.parking_spots.values("description", "capacity", "lat", "lng", "notes"))
        bikes = list(compound.warm_bikes.values("count", "location", "notes"))
    return (
        forms.CompoundForm(data, initial=initial),
        forms.GateFormSet(data, initial=gates, prefix="gates"),
        forms.ParkingFormSet(data, initial=spots, prefix="parking"),
        forms.BikeFormSet(data, initial=bikes, prefix="bikes"),
    )


def _compound_edit(request, compound=None):
    form, gates, parking, bikes = _compound_forms(request, compound)
    status = 200
    if request.method == "POST":
        status = 400
        if all(f.is_valid() for f in (form, gates, parking, bikes)):
            try:
                saved = services.compound_save(
                    actor=request.user,
                    compound=compound,
                    data=form.cleaned_data,
                    gates=forms.formset_rows(gates),
                    parking_spots=forms.formset_rows(parking),
                    warm_bikes=forms.formset_rows(bikes),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Compound guide saved."))
                return redirect("venues:staff_compound_edit", pk=saved.pk)
    return render(
        request,
        "venues/staff/compound_form.html",
        {"form": form, "gates": gates, "parking": parking, "bikes": bikes, "compound": compound},
        status=status,
    )


@manage_required
def staff_compound_create(request):
    return _compound_edit(request)


@manage_required
def staff_compound_edit(request, pk: int):
    return _compound_edit(request, get_object_or_404(Compound, pk=pk))


# --- staff: tip moderation ---------------------------------------------------------------


@moderate_required
@require_GET
def staff_tip_queue(request):
    status = request.GET.get("status", TipStatus.PENDING)
    if status not in TipStatus.values:
        status = TipStatus.PENDING
    page = Paginator(selectors.tip_queue(status=status), 50).get_page(request.GET.get("page"))
    attach_badges(tip.author for tip in page)  # 党员 / 微网格员 / team next to the author
    # What approving each pending tip pays its author now (the points app's rule, by the hook).
    pending = [tip for tip in page if tip.status == TipStatus.PENDING]
    points = hooks.points_for_tips(pending) if pending else {}
    for tip in pending:
        tip.points_on_approval = points.get(tip.pk)
    # Who took each withdrawn tip off and when (the audit trail's, in one query).
    withdrawals = selectors.tip_withdrawals(page)
    for tip in page:
        tip.withdrawal = withdrawals.get(tip.pk)
    # A refused decision (驳回 without a reason): what was typed and why, back on its own tip's
    # form (_moderate keeps them). A tip no longer on this page: the reason as a banner.
    refused = kept_input.take(request, TIP_KEPT)
    if refused.data and not any(tip.pk == refused.data["pk"] for tip in page):
        for errors in refused.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "venues/staff/tip_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": TipStatus.choices,
            "reject_form": forms.TipRejectForm(),
            "text_max": forms.TIP_MAX_LENGTH,
            # A reviewer cannot edit a guide: the card says who can, instead of a link that 403s.
            "can_edit_guides": request.user.has_perm(services.MANAGE_VENUES),
            "refused": refused.data and {**refused.data, "errors": next(iter(refused.errors.values()), [])},
        },
    )


# A tip's decision refused for what was typed (a rejection or a withdrawal without a reason, an
# edit left empty): the tip, which of its forms, the words typed and why, for the queue's next
# rendering only (staff_tip_queue takes them: friendlystreet.kept_input).
TIP_KEPT = "venues_tip"


def _moderate(request, pk: int, action, back_to: str = TipStatus.PENDING, *, form: str = "", field: str = "") -> HttpResponse:
    """Run `action` on the tip, then back to the queue. A refusal of `field` (what `form` sent)
    goes back beside that tip's box, with what was typed, on the page the form was sent from."""
    tip = get_object_or_404(Tip, pk=pk)
    queue = f"{reverse('venues:staff_tip_queue')}?status={back_to}"
    try:
        action(tip)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {}
        if field and field in errors:
            typed = request.POST.get(field, "")[: forms.TIP_MAX_LENGTH]
            kept_input.keep(request, TIP_KEPT, {"pk": tip.pk, "form": form, "value": typed}, {field: errors[field]})
            page = request.POST.get("page", "")
            if page.isdigit() and len(page) < 6:
                queue += f"&page={page}"
            # No #tip-N: a page opened at a fragment skips autofocus, which scrolls to the box too.
            return redirect(queue)
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:  # decided by someone else meanwhile
        messages.error(request, exc.message)
    return redirect(queue)


@moderate_required
@require_POST
def staff_tip_approve(request, pk: int):
    def approve(tip):
        # "text" comes with 编辑后通过 (the tip as the reviewer edited it); a plain approval has none.
        before = tip.text
        approved = services.tip_approve(reviewer=request.user, tip=tip, text=request.POST.get("text"))
        if approved.text == before:
            messages.success(request, _("Tip approved and published."))
        else:
            messages.success(request, _("Tip edited, approved and published; its author has been told what changed."))

    return _moderate(request, pk, approve, form="edit", field="text")


@moderate_required
@require_POST
def staff_tip_reject(request, pk: int):
    def reject(tip):
        services.tip_reject(reviewer=request.user, tip=tip, reason=request.POST.get("reason", ""))
        messages.success(request, _("Tip rejected; the rider has been told why."))

    return _moderate(request, pk, reject, form="reject", field="reason")


@moderate_required
@require_POST
def staff_tip_withdraw(request, pk: int):
    def withdraw(tip):
        services.tip_withdraw(reviewer=request.user, tip=tip, reason=request.POST.get("reason", ""))
        messages.success(request, _("Tip withdrawn: riders no longer see it; its author has been told why."))

    return _moderate(request, pk, withdraw, back_to=TipStatus.APPROVED, form="withdraw", field="reason")
