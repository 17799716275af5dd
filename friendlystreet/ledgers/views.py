"""Staff pages of exports: ask for one and follow it (/staff/exports/), download it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from friendlystreet import uploads
from friendlystreet.accounts.access import permission_required
from friendlystreet.inputs import show_service_errors
from friendlystreet.privacy import access

from . import selectors, services
from .forms import ExportForm, last_choice, presets
from .models import Export

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_http_methods(["GET", "POST"])
@permission_required(services.PERM_EXPORT)
def export_list(request):
    personal_data = request.user.has_perm(access.PERM_PERSONAL_DATA)
    form = ExportForm(request.POST or None, personal_data=personal_data, initial=last_choice(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.export_request(
                owner=request.user,
                kind=data["kind"],
                fmt=data["format"],
                start=data["start"],
                end=data["end"],
                language=get_language(),
                reason=data.get("reason", ""),
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            if export.end < data["end"]:
                messages.info(
                    request,
                    _("The export runs to today (%(today)s): the days after it have not come yet.")
                    % {"today": export.end.isoformat()},
                )
            # Without a broker the file is written before this line: say what is true now.
            export.refresh_from_db(fields=["status", "failure"])
            if export.status == Export.Status.DONE:
                messages.success(request, _("Your export is ready: download it below."))
            elif export.status == Export.Status.FAILED:
                messages.error(request, export.get_failure_display() or _("Something went wrong; please export again."))
            else:
                messages.success(request, _("Your export is being prepared; it appears below when it is ready."))
            # Back to the page with the same choices (not the reason: each unmasking is asked for anew),
            # so that the next ledger of a month-end batch is one change away.
            return redirect(f"{reverse('ledgers:export_list')}?{choices_query(export)}")
    exports = list(selectors.exports_of(request.user)[: selectors.LIST_LIMIT])
    names = selectors.kind_labels()
    for export in exports:
        export.kind_label = names.get(export.kind, export.kind)
        export.downloadable = selectors.downloadable(export)
        # A failed export's 重新导出: the form filled in with its choices (a ledger no longer
        # offered has none).
        export.again_query = choices_query(export) if export.kind in names else ""
    chosen = {name: form[name].value() for name in ("kind", "format") if form[name].value()}
    return render(
        request,
        "staff/exports/list.html",
        {
            "form": form,
            "exports": exports,
            "personal_data": personal_data,
            # What the script writes when a queued export starts (static/js/exports.js).
            "running_label": Export.Status.RUNNING.label,
            # 本月 / 上月: links that keep the ledger and format chosen (the script fills the dates in place).
            "presets": [
                (label, start, end, urlencode({**chosen, "start": start.isoformat(), "end": end.isoformat()}))
                for label, start, end in presets()
            ],
        },
    )


def choices_query(export: Export) -> str:
    """The page's address query that fills the form in with an export's choices (the ledger,
    format and days; not the reason: each unmasking is asked for anew)."""
    return urlencode({"kind": export.kind, "format": export.format, "start": export.start, "end": export.end})


def file_response(user, pk: int) -> StreamingHttpResponse:
    """The export's file, to its owner only (404 to anyone else, and once it is gone)."""
    export = selectors.export_of(user, pk)
    if not selectors.downloadable(export):
        raise Http404
    return uploads.file_response(
        export.file,
        content_type=CONTENT_TYPES[export.format],
        cache_control="private, no-store",
        filename=export.filename,
        attachment=True,
        streaming=True,
    )


@require_GET
@permission_required(services.PERM_EXPORT)
def export_download(request, pk: int):
    return file_response(request.user, pk)
