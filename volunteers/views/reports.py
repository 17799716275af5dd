"""Neighbourhood reports: the riders' and the public's pages (work in progress)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    raise Http404


report_list = report_new = report_nearby = report_map = report_photo = report_detail = report_me_too = _todo
