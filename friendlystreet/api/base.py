"""The base of our API views."""

from __future__ import annotations

from rest_framework import views

BODY_METHODS = ("POST", "PUT", "PATCH")


class APIView(views.APIView):
    # No docstring: drf-spectacular would show it as the description of every view without one.
    #
    # DRF's APIView, and a malformed body is always an error: 400 `parse_error`, also on
    # actions that read no body (withdraw, read-all, approve...), which would otherwise act
    # as if it were absent. Parsed after authentication and permissions, so an anonymous or
    # forbidden caller still gets 401/403 first.

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in BODY_METHODS:
            request.data  # noqa: B018 - DRF parses here, and raises ParseError
