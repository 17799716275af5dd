"""The audit trail page: who did what to which object, and when (street admins only)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from friendlystreet.accounts.access import permission_required
from friendlystreet.inputs import CheckedForm, parse_id

from . import selectors


class AuditFilterForm(CheckedForm, forms.Form):
    """Parsed only; the template writes the inputs (their choices come from the database).
    A filter that can match nothing as typed (a day range that ends before it starts, an
    object id that is no number) is an error on its field, not an empty trail."""

    person = forms.CharField(max_length=150, required=False)
    action = forms.CharField(max_length=64, required=False)
    target_type = forms.CharField(max_length=64, required=False)
    target_id = forms.CharField(max_length=64, required=False)
    date_from = forms.DateField(required=False, error_messages={"invalid": _("Dates are written YYYY-MM-DD.")})
    date_to = forms.DateField(required=False, error_messages={"invalid": _("Dates are written YYYY-MM-DD.")})

    def clean_target_id(self) -> str:
        # Objects are numbered (#183): the number as the trail shows it, with or without its "#".
        value = self.cleaned_data["target_id"].strip().removeprefix("#").strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("An object id is a number, like 183."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


@permission_required(selectors.PERM_VIEW)
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    # A filter that is wrong is named at its field (the page shows what was typed) and nothing
    # is searched: an empty trail would read as "nobody did this".
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    filters = selectors.AuditFilters(
        person=(data.get("person") or "").strip(),
        action=(data.get("action") or "").strip(),
        target_type=(data.get("target_type") or "").strip(),
        target_id=data.get("target_id") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    before = parse_id(request.GET.get("before"))
    entries, next_cursor = selectors.audit_page(filters, before=before) if valid else ([], None)
    rows = []
    names = selectors.reference_names(entries)  # one query per model the page refers to
    urls = selectors.object_urls(entries, names, request.user)  # at most one more per type of object
    for entry in entries:
        changes = selectors.rider_details_masked(entry, selectors.entry_changes(entry.data, entry.target_type, names), names)
        rows.append(
            {
                "entry": entry,
                "actor": selectors.actor_label(entry),
                "action": selectors.action_label(entry.action),
                "type": selectors.type_label(entry.target_type),
                "target": selectors.target_label(entry, names),
                "url": urls.get(entry.pk, ""),
                # Before/after pairs in a table; plain details (a reason, an amount) beside it.
                "changes": [c for c in changes if c.before is not None],
                "details": [c for c in changes if c.before is None],
            }
        )
    query = request.GET.copy()
    query.pop("before", None)
    actions = selectors.audit_action_choices()
    return render(
        request,
        "staff/audit/list.html",
        {
            "form": form,
            "filters": filters,
            "rows": rows,
            "actions": actions,
            "action_groups": selectors.grouped_actions(actions),
            "types": selectors.audit_type_choices(),
            "next_cursor": next_cursor,
            "first_page": before is None,
            "query": query.urlencode(),
        },
    )
