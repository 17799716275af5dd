"""What staff typed into a refused form, kept across its POST-redirect-GET.

A refused POST is not rendered at the URL it was posted to, where a reload would send it
again: the view keeps what was sent and why it was refused (`keep`), redirects, and the page's
next rendering takes them (`take`), once, so a later visit starts clean. The session holds
them, as it holds Django's messages.

What is kept is the caller's: any JSON-serialisable `data` (cut to size by the caller), and the
errors by field, as `form.errors` or `ValidationError.message_dict` give them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

PREFIX = "kept_input:"  # the session's keys are shared with Django's and other apps'


@dataclass(frozen=True)
class Kept:
    data: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)


def keep(request: HttpRequest, key: str, data: Mapping[str, Any], errors: Mapping[str, Iterable] | None = None) -> None:
    """Keep `data` and `errors` for the next `take(request, key)`, replacing what was kept under `key`."""
    request.session[PREFIX + key] = {
        "data": dict(data),
        # Lazy translations and ValidationErrors are not JSON: their text, as the user read it.
        "errors": {name: [str(message) for message in messages] for name, messages in (errors or {}).items()},
    }


def take(request: HttpRequest, key: str) -> Kept:
    """What was kept under `key`, removed from the session (shown once); empty (no data, no
    errors) if nothing was, so a page reads it the same way either way."""
    kept = request.session.pop(PREFIX + key, None) or {"data": {}, "errors": {}}
    return Kept(data=kept["data"], errors=kept["errors"])
