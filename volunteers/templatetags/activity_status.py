"""What a cancelled activity's page tells riders: the reason staff gave. The reason is kept
where services.activity_cancel writes it, on the audit entry of the cancellation (the
activity row has no field for it), and read from there: one place, no copy."""

from __future__ import annotations

from django import template

from friendlystreet.audit.models import AuditEntry
from volunteers.models import Activity

register = template.Library()

CANCELLED_ACTION = "volunteers.activity_cancelled"


@register.simple_tag
def cancel_reason(activity: Activity) -> str:
    """The reason of the activity's cancellation ("" if none was given, or not cancelled)."""
    if activity.state != Activity.State.CANCELLED:
        return ""
    data = (
        AuditEntry.objects.filter(action=CANCELLED_ACTION, target_type=Activity._meta.label_lower, target_id=str(activity.pk))
        .order_by("-id")
        .values_list("data", flat=True)
        .first()
    )
    return (data or {}).get("reason", "")
