"""What each app contributes to a rider's data rights, registered in its AppConfig.ready():

    from friendlystreet.privacy.registry import register_anonymiser, register_data_section, register_retention

    register_data_section("claims", collect, title=_("My points claims"), models={(): "points.Claim"})
                                               # collect(user) -> Section(data, photos); the title,
                                               # models and labels: how summary.html reads it
    register_anonymiser(anonymise)             # anonymise(user): in the deletion's transaction
    register_retention("claim_photos", purge)  # purge(before: datetime) -> how many files went
    register_retention("evidence", purge, days=conf.evidence_retention_days)  # a period of its own
    register_deletion_loss(losses)             # losses(user) -> ["280 points", ...] for the deletion page,
                                               # and DeletionNote(html) for what a count cannot say

friendlystreet.privacy never imports a feature app: the export, the deletion and the
retention sweep only call what is registered here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Section:
    """One part of data.json, and the rider's own photos: (storage name, name in the ZIP)."""

    data: Any
    photos: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SectionReading:
    """How the readable copy (summary.py) presents a section: its title; the model each part is
    read from (by its key path inside the section, () for the section itself, as the audit trail
    finds models by their label), whose verbose names and choices name its keys and codes; and
    words for keys that are no field of their model (or are named better here)."""

    title: Any
    models: dict[tuple[str, ...], str] = field(default_factory=dict)
    labels: dict[str, Any] = field(default_factory=dict)


data_sections: dict[str, Callable[[Any], Section]] = {}
section_readings: dict[str, SectionReading] = {}
anonymisers: list[tuple[int, str, Callable[[Any], None]]] = []
# name -> (purge, the days setting it reads; None: conf.photo_retention_days)
retention_jobs: dict[str, tuple[Callable[[datetime], int], Callable[[], int] | None]] = {}
deletion_losses: list[Callable[[Any], list[Any]]] = []


@dataclass(frozen=True)
class DeletionNote:
    """A sentence of its own on the deletion page, under "You have … now.", for what ends with
    the account that is no amount ("your volunteer record … stops verifying: print it first"):
    escaped HTML (format_html), as it may link to the page to save it from."""

    html: str


def register_data_section(
    name: str,
    collect: Callable[[Any], Section],
    *,
    title: Any = None,
    models: dict[tuple[str, ...], str] | None = None,
    labels: dict[str, Any] | None = None,
) -> None:
    data_sections[name] = collect
    section_readings[name] = SectionReading(title=title if title is not None else name, models=models or {}, labels=labels or {})


def register_anonymiser(fn: Callable[[Any], None], *, order: int = 100) -> None:
    """Lower orders run first; the account itself (name, phone) is anonymised last (1000),
    so that e.g. vouchers are cancelled and refunded while the rider is still whole."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    if all(k != key for _o, k, _f in anonymisers):
        anonymisers.append((order, key, fn))
        anonymisers.sort(key=lambda item: (item[0], item[1]))


def register_retention(name: str, purge: Callable[[datetime], int], *, days: Callable[[], int] | None = None) -> None:
    """purge(before) deletes what was decided before `before`: now minus days() (read at each
    run, so a changed setting counts), or minus the photos' period without `days`."""
    retention_jobs[name] = (purge, days)


def register_deletion_loss(fn: Callable[[Any], list[Any]]) -> None:
    """What a rider loses with their account, in words the deletion page lists before they
    confirm (a balance, unused vouchers): fn(user) -> [phrase, ...], [] when nothing; a
    DeletionNote among them is a sentence of its own (one function reads once for both)."""
    if fn not in deletion_losses:
        deletion_losses.append(fn)
