from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, and why. Written by services, never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Indexed with the id below (audit_actor_id), not alone: the audit trail filters by person
    # newest first, and (actor, id) serves both the filter and the order.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # An index of its own, not db_index=True: that would add a second one for LIKE
            # searches on PostgreSQL, which nothing runs, to every audited write.
            # With the id: the audit trail lists one action's entries newest first by keyset
            # (`id < cursor`), which an index on the action alone would have to sort.
            models.Index(fields=["action", "id"], name="audit_action_id"),
            models.Index(fields=["actor", "id"], name="audit_actor_id"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"
