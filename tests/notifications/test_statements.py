"""notify() inside a caller's SQL statement (notifications/statements.py) writes the row
notify() writes: the same texts, in the recipient's language, whatever the data holds."""

from __future__ import annotations

import pytest

from friendlystreet import prepared
from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Notification
from friendlystreet.notifications.services import notify
from friendlystreet.notifications.statements import in_app_insert
from tests.factories import RiderFactory

IN_SQL = kinds.register(
    kinds.Kind(
        code="test_in_sql",
        label="In SQL",
        title="%(title)s: 100%% done",
        body="“%(title)s” at %(venue)s, %(title)s again; 5%% off",
        default_channels=(kinds.IN_APP,),
    )
)
WITH_SMS = kinds.register(
    kinds.Kind(code="test_in_sql_sms", label="SMS", title="T", body="B %(title)s", default_channels=(kinds.IN_APP, kinds.SMS))
)


def written_by_the_statement(rider, context: dict[str, str]) -> Notification:
    sql, values = in_app_insert(
        IN_SQL.code,
        recipient="r.id",
        language="r.language",
        context={name: f"${i + 1}::text" for i, name in enumerate(context)},
        created_at="now()",
        link="/vouchers/",
        first_param=len(context) + 2,
    )
    recipient = f"${len(context) + 1}"
    (row,) = prepared.fetch_all(
        f"{sql} FROM accounts_user r WHERE r.id = {recipient} RETURNING id", [*context.values(), rider.pk, *values]
    )
    return Notification.objects.get(pk=row[0])


def as_shown(notification: Notification) -> dict:
    return {f: getattr(notification, f) for f in ("recipient_id", "kind", "title", "body", "link", "context", "read_at")}


@pytest.mark.parametrize("language", ["zh-hans", "en", ""])
@pytest.mark.parametrize(
    "title, venue",
    [("免费快剪一次", "王师傅理发店"), ("100% %(venue)s %% %s", "%1$s 'x' \"y\" %(title)s"), ("", "")],
    ids=["plain", "percent signs and quotes", "empty"],
)
def test_the_statement_writes_the_row_notify_writes(postgres_db, language, title, venue):
    rider = RiderFactory(language=language)
    by_notify = notify(rider, IN_SQL.code, {"title": title, "venue": venue}, link="/vouchers/")

    by_statement = written_by_the_statement(rider, {"title": title, "venue": venue})

    assert as_shown(by_statement) == as_shown(by_notify)
    assert by_statement.title == f"{title}: 100% done"


def test_a_long_title_is_cut_as_notify_cuts_it(postgres_db):
    rider = RiderFactory()
    context = {"title": "长" * 300, "venue": "店"}
    assert as_shown(written_by_the_statement(rider, context)) == as_shown(notify(rider, IN_SQL.code, context, link="/vouchers/"))


def test_a_kind_with_sms_or_email_needs_notify_for_its_deliveries():
    with pytest.raises(ValueError, match="needs notify"):
        in_app_insert(
            WITH_SMS.code, recipient="1", language="''", context={"title": "'t'"}, created_at="now()", link="", first_param=1
        )


@pytest.mark.parametrize("template", ["%(points)d points", "%(missing)s", "50% off"])
def test_a_text_sql_cannot_render_exactly_is_refused(template):
    kinds.register(kinds.Kind(code="test_in_sql_odd", label="Odd", title=template, body="", default_channels=(kinds.IN_APP,)))
    with pytest.raises(ValueError, match="can be rendered in SQL"):
        in_app_insert(
            "test_in_sql_odd", recipient="1", language="''", context={"points": "'1'"}, created_at="now()", link="", first_param=1
        )
