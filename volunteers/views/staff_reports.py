"""Staff triage of neighbourhood reports (work in progress)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from friendlystreet.accounts.access import permission_required

PERM_TRIAGE = "volunteers.triage_reports"


@require_GET
@permission_required(PERM_TRIAGE)
def report_list(request):
    return HttpResponse("")


@require_GET
@permission_required(PERM_TRIAGE)
def report_detail(request, pk):
    return HttpResponse("")


@require_POST
@permission_required(PERM_TRIAGE)
def transition(request, pk):
    return HttpResponse("")


@require_POST
@permission_required(PERM_TRIAGE)
def assign(request, pk):
    return HttpResponse("")


@require_POST
@permission_required(PERM_TRIAGE)
def bulk_duplicate(request):
    return HttpResponse("")
