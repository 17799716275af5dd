from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An SMS kept instead of sent: tests and the demo read one-time codes from here."""

    phone = models.CharField(_("phone"), max_length=16, db_index=True)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outbox SMS")
        verbose_name_plural = _("outbox SMS")

    def __str__(self) -> str:
        return f"{self.phone}: {self.text[:30]}"
