from __future__ import annotations

from django import template

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The number on the bell: one COUNT query per request, however often it is shown."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return unread_count(user=user)
    cached = getattr(request, "notifications_unread", None)
    if cached is None:
        cached = request.notifications_unread = unread_count(user=user)
    return cached
