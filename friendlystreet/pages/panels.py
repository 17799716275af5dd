"""Sections of the signed-in user's profile page and of a rider's home page that feature apps
add (the shared pages never import a feature app): `register_profile_panel(template, context)`
and `register_home_panel(template, context, order=...)` with `context(request) -> dict | None`;
None leaves the panel out for that user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int = 100
    first: bool = False  # a profile panel shown before the account's own cards


profile_panels: list[Panel] = []


def register_profile_panel(template: str, context: Callable, *, first: bool = False) -> None:
    """`first`: what the account is for (a partner operator's venue), above "Account and
    security"; the others come after it."""
    panel = Panel(template, context, first=first)
    if panel not in profile_panels:
        profile_panels.append(panel)


def render_context(request) -> list[dict]:
    """[{"template": ..., "context": {...}, "first": bool}] for the panels this user sees."""
    shown = []
    for panel in profile_panels:
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context, "first": panel.first})
    return shown


home_panels: list[Panel] = []  # a rider's home (/home/): "what now", in `order`


def register_home_panel(template: str, context: Callable, order: int = 100) -> None:
    panel = Panel(template, context, order)
    if panel not in home_panels:
        home_panels.append(panel)
        home_panels.sort(key=lambda p: p.order)


def render_home_context(request) -> list[dict]:
    """The home panels this user sees, in order (as render_context for the profile)."""
    shown = []
    for panel in home_panels:
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
