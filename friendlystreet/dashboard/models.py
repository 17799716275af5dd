from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueCount(models.Model):
    """The last count seen of each queue of today's work (a digest source, by code): what the
    staff navigation's badges show between two looks, and what "went from empty to non-empty"
    compares with (queues.py)."""

    code = models.CharField(_("queue"), max_length=64, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("queue count")
        verbose_name_plural = _("queue counts")

    def __str__(self) -> str:
        return f"{self.code}: {self.count}"
