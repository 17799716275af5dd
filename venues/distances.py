"""A distance in words: one rule for every place that shows one (the venue list's cards, the
rider home's nearby stations through the API's `distance_text`, any template with the
`distance` filter of {% load maps %}).

Under a kilometre, to the nearest 10 m (a phone's fix is no finer: "87 m" claimed a precision
nobody has); from 1 km on, in kilometres to one decimal. Halves round up, so the same
distance reads the same wherever it is shown.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def distance_text(metres: float | None) -> str | None:
    """90米 / 1.2公里 (90 m / 1.2 km in English); None for no distance."""
    if metres is None:
        return None
    tens = int(metres / 10 + 0.5) * 10
    if tens < 1000:
        return _("%(m)s m") % {"m": tens}
    return _("%(km)s km") % {"km": f"{int(metres / 100 + 0.5) / 10:.1f}"}
