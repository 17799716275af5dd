"""Sections of the signed-in user's profile page that feature apps add (the shared page never
imports a feature app): `register_profile_panel(template, context)` with
`context(request) -> dict | None`; None leaves the panel out for that user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable


profile_panels: list[Panel] = []


def register_profile_panel(template: str, context: Callable) -> None:
    panel = Panel(template, context)
    if panel not in profile_panels:
        profile_panels.append(panel)


def render_context(request) -> list[dict]:
    """[{"template": ..., "context": {...}}] for the panels this user sees."""
    shown = []
    for panel in profile_panels:
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
