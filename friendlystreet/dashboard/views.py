"""The staff dashboard's home (/staff/): today's work, the figures of a period against the
previous one, the charts with their tables, by community (with a map) and the partners.
Thin: the queues, the figures and the panels are read by queues.py, figures.py and the apps'
registered sources."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.accounts.access import staff_required
from friendlystreet.names import row_label
from friendlystreet.widgets import DatePicker

from . import figures, periods, queues
from .registry import FIGURE_KEYS, NOT_ADDITIVE

FIGURE_LABELS = {
    "riders_registered": _("Riders registered"),
    "riders_verified": _("Riders verified"),
    "riders_active": _("Active riders (claimed, redeemed or attended)"),
    "points_earned": _("Points earned"),
    "points_redeemed": _("Points redeemed (net of refunds)"),
    "vouchers_issued": _("Vouchers issued"),
    "vouchers_redeemed": _("Vouchers used"),
    "vouchers_expired": _("Vouchers expired"),
    "vouchers_cancelled": _("Vouchers cancelled"),
    "activities_held": _("Activities held"),
    "signups": _("Sign-ups"),
    "attendance": pgettext_lazy("dashboard figure", "Attendance"),
    "volunteer_hours": _("Volunteer hours"),
    "reports_received": _("Reports received"),
    "reports_accepted": _("Reports accepted"),
    "reports_resolved": _("Reports resolved"),
    "median_hours_to_accept": _("Median hours to acceptance"),
    "median_hours_to_resolve": _("Median hours to resolution"),
    "tips_approved": _("Compound tips approved"),
}
# Short column heads for the wide table of communities.
SHORT_LABELS = {
    "riders_registered": pgettext_lazy("dashboard figure", "Registered"),
    "riders_verified": _("Verified"),
    "riders_active": pgettext_lazy("dashboard figure", "Active"),
    "points_earned": _("Earned"),
    "points_redeemed": _("Redeemed, net"),
    "vouchers_issued": pgettext_lazy("dashboard figure", "Issued"),
    "vouchers_redeemed": _("Used"),
    "vouchers_expired": _("Expired"),
    "vouchers_cancelled": _("Cancelled"),
    "activities_held": _("Activities"),
    "signups": _("Sign-ups"),
    "attendance": _("Attended"),
    "volunteer_hours": pgettext_lazy("dashboard figure", "Hours"),
    "reports_received": _("Reports"),
    "reports_accepted": _("Accepted"),
    "reports_resolved": _("Resolved"),
    "median_hours_to_accept": _("Median h to accept"),
    "median_hours_to_resolve": _("Median h to resolve"),
    "tips_approved": _("Tips"),
}

# The medians are written with one decimal everywhere (18.0 beside 179.3); the other figures
# as they are (counts, points; hours 28 or 2.5).
DECIMALS = dict.fromkeys(NOT_ADDITIVE, 1)


DATE_ERRORS = {"invalid": _("Dates are written YYYY-MM-DD.")}


class PeriodForm(forms.Form):
    # A stale link's unknown period is told so beside the buttons; the figures are this month's.
    preset = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("Choose dates"))] + list(periods.PRESETS.items()),
        error_messages={"invalid_choice": _("No such period: the figures below are for this month. Choose a period.")},
    )
    start = forms.DateField(label=_("From"), required=False, widget=DatePicker(), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("To"), required=False, widget=DatePicker(), error_messages=DATE_ERRORS)
    # A bookmark of a community since removed (or an address typed by hand) is told so.
    community = forms.TypedChoiceField(
        label=_("Community"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("No such community.")},
    )

    def __init__(self, *args, communities: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", _("All communities"))] + [(c["id"], row_label(c)) for c in communities]

    def clean(self):
        data = super().clean()
        if self.has_error("start") or self.has_error("end"):
            # A date that is no date is told so beside its box; read as missing, it would be
            # filled in from this month and draw a wrong message (the end before the start).
            return data
        start, end = data.get("start"), data.get("end")
        name = data.get("preset") or ""
        if name in periods.PRESETS and start and end:
            chosen = periods.preset(name)
            if (start, end) == (chosen.start, chosen.end):
                # The boxes as the page filled them for the preset (shown_form), sent back with a
                # community: still the preset, with its comparison (the year so far in January is
                # not the month so far). A date changed by hand wins (periods.parse).
                start = end = data["start"] = data["end"] = None
        try:
            data["period"] = periods.parse(
                start.isoformat() if start else None, end.isoformat() if end else None, data.get("preset") or ""
            )
        except periods.BadPeriod as problem:
            raise forms.ValidationError(str(problem)) from None
        # An end after today was cut to today: the page says so.
        data["cut_at_today"] = bool(end and end > data["period"].end)
        return data


DEFAULT_PRESET = "this_month"


def period_from(request, communities: list[dict]) -> tuple[PeriodForm, periods.Period, int | None]:
    form = PeriodForm(request.GET or None, communities=communities)
    if not form.is_bound:
        return form, periods.preset(DEFAULT_PRESET), None
    # A form with a mistake keeps what was right in it: an unknown period leaves the community
    # chosen (its box still shows it), a removed community the period. What is wrong falls
    # back as on the page's first look: this month (its message says so), the whole street.
    form.is_valid()
    data = form.cleaned_data
    return form, data.get("period") or periods.preset(DEFAULT_PRESET), data.get("community")


def chosen_preset(form: PeriodForm) -> str:
    """The preset the period was chosen by ("" for dates): the communities' links and the
    form keep it, so a community's page compares with the same period as the street's. No
    dates and no preset (the page's first look) is this month, as periods.parse reads it."""
    if not form.is_bound:
        return DEFAULT_PRESET
    if form.is_valid() and not (form.cleaned_data.get("start") or form.cleaned_data.get("end")):
        return form.cleaned_data.get("preset") or DEFAULT_PRESET
    return ""


def shown_form(form: PeriodForm, period: periods.Period, community_id: int | None, communities: list[dict]) -> PeriodForm:
    """The form as the page shows it: the boxes hold the period the figures are for, a
    preset's dates too, so staff see them and can change one (the template keeps the preset
    beside them); a form with a mistake as it was sent, beside its message."""
    if form.is_bound and not form.is_valid():
        return form
    initial = {"start": period.start, "end": period.end, "community": community_id}
    return PeriodForm(initial=initial, communities=communities)


def figure_rows(result: figures.Bundle) -> list[dict]:
    return [
        {
            "key": key,
            "label": FIGURE_LABELS[key],
            "decimals": DECIMALS.get(key),
            "value": result.figures.get(key),
            "previous": result.before.get(key),
            **figures.change(result.figures.get(key), result.before.get(key)),
        }
        for key in FIGURE_KEYS
    ]


def table_rows(chart: dict) -> list[tuple[str, tuple]]:
    """A chart's table: one row per label, its value in each series."""
    columns = [s["data"] for s in chart["series"]]
    return [(label, tuple(column[i] for column in columns)) for i, label in enumerate(chart["labels"])]


@staff_required
def staff_dashboard(request):
    communities = figures.communities()
    form, period, community_id = period_from(request, communities)
    lines = queues.today_for(request.user)
    # The dashboard counts live anyway: keep the badges' record current (and tell the
    # handlers of a queue that just filled up; a compare-and-set, so at most once).
    queues.queues_record({line.code: line.count for line in lines})
    result = figures.bundle(period, community_id)
    preset = chosen_preset(form)
    keys = list(FIGURE_KEYS)
    # Each cell with its decimals: (value, decimals).
    community_rows = [
        {
            "community": {**row["community"], "name": row_label(row["community"])},
            "values": [(row["figures"].get(k), DECIMALS.get(k)) for k in keys],
        }
        for row in result.by_community
    ]
    # The whole street's figures under the rows (which add up to them, the medians aside).
    community_total = [(result.street.get(k), DECIMALS.get(k)) for k in keys]
    map_points = [
        {
            "name": row_label(row["community"]),
            "lat": row["community"]["lat"],
            "lng": row["community"]["lng"],
            "active": row["figures"].get("riders_active") or 0,
            "redeemed": row["figures"].get("vouchers_redeemed") or 0,
            "reports": row["figures"].get("reports_received") or 0,
        }
        for row in result.by_community
        if row["community"].get("lat") is not None
    ]
    return render(
        request,
        "staff/dashboard/home.html",
        {
            "form": shown_form(form, period, community_id, communities),
            "period": period,
            "previous": result.previous,
            "presets": periods.PRESETS,
            "preset": preset,
            "cut_at_today": form.is_bound and form.is_valid() and form.cleaned_data.get("cut_at_today"),
            "community_id": community_id,
            "community_name": next((row_label(c) for c in communities if c["id"] == community_id), ""),
            "lines": lines,
            "live_badges": queues.live_badges(lines),
            "rows": figure_rows(result),
            "charts": result.charts,
            "chart_tables": [{**chart, "rows": table_rows(chart)} for chart in result.charts],
            "community_heads": [SHORT_LABELS[k] for k in keys],
            "community_rows": community_rows,
            "community_total": community_total,
            "map_points": map_points,
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
            "panels": figures.panels(result, request.user),
            "computed_at": result.computed_at,
            # The figures, charts and communities as rendered, cached as long as the bundle
            # (the same for every member of staff, in one language).
            "rendering_key": result.key,
            "rendering_seconds": figures.FIGURES_CACHE_SECONDS,
        },
    )
