"""The API answers whatever the Accept header asks for.

DRF refuses a request whose Accept header names no renderer of the view with 406
`not_acceptable`, before the view runs. Our views have one renderer (JSON), and a few answer
a file (a QR code, a photo, a ZIP): a client generated from the schema asks for those with
the documented type (`Accept: image/svg+xml`), an image loader with `image/*`, and both were
refused. Here the answer is what the view gives: the file, or JSON (an error's body too)."""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            # What the view renders anyway; a file view returns its HttpResponse as it is.
            return renderers[0], renderers[0].media_type
