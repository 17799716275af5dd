"""The notification settings page's group for what riders tell the street office about its
streets: their compound tips (venues) and their neighbourhood reports (volunteers, which files its
report notices under it too: volunteers → venues)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from friendlystreet.notifications import kinds

REPORTS_AND_TIPS = kinds.Group(_("Reports and tips"), order=40)
