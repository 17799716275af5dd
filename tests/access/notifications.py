"""Notifications: everyone signed in has an inbox; only its owner may open or mark a
notification (anyone else gets 404); failed deliveries are for street admins."""

from tests.access import LOGIN, Route, api, page


def own_notification(world) -> dict:
    from friendlystreet.notifications.models import Notification

    n = Notification.objects.create(recipient=world.rider, kind="welcome", title="Hello")
    return {"pk": n.pk}


def failed_delivery(world) -> dict:
    from friendlystreet.notifications.models import Delivery, Notification

    n = Notification.objects.create(recipient=world.rider, kind="welcome", title="Hello")
    d = Delivery.objects.create(
        notification=n, channel="sms", address=world.rider.phone, text="Hello", status="failed", last_error="x"
    )
    return {"pk": d.pk}


OWNER_ONLY_PAGE = {"anon": LOGIN, "rider": 302, "partner": 404, "reviewer": 404, "admin": 404}

ROUTES = [
    # The footer's language switch (and, ticked, the notifications' language): everyone is
    # sent back to the page they were on.
    Route(
        "notifications:set_language",
        dict.fromkeys(("anon", "rider", "partner", "reviewer", "admin"), 302),
        method="post",
        data={"language": "en", "next": "/", "notifications_too": "1"},
    ),
    Route("notifications:inbox", page()),
    Route("notifications:preferences", page()),
    Route("notifications:open", OWNER_ONLY_PAGE, setup=own_notification),
    Route("notifications:mark_read", OWNER_ONLY_PAGE, setup=own_notification, method="post"),
    Route(
        "notifications:mark_all_read",
        {"anon": LOGIN, "rider": 302, "partner": 302, "reviewer": 302, "admin": 302},
        method="post",
    ),
    Route("notifications:staff_deliveries", page(admin_only=True)),
    Route(
        "notifications:staff_delivery_retry",
        {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 302},
        setup=failed_delivery,
        method="post",
    ),
    Route("notifications_api:list", api()),
    Route(
        "notifications_api:read",
        {"anon": 401, "rider": 200, "partner": 404, "reviewer": 404, "admin": 404},
        setup=own_notification,
        method="post",
    ),
    Route("notifications_api:read_all", api(), method="post"),
]
