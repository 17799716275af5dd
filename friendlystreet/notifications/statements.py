"""notify() as part of a caller's SQL statement, for a write that PostgreSQL does in one
statement (points/rewards/postgresql.py: the merchant's confirmation). It writes the row
notify() writes for a kind without SMS or e-mail, so the notification is still in the
action's transaction, without that transaction's four round trips.

The texts are the kind's, rendered as notify() renders them: the recipient's language
(their `language`, else LANGUAGE_CODE) picks the translation, and each %(name)s is filled
from the context by PostgreSQL's format(). tests/notifications/test_statements.py and
tests/points/rewards/test_postgresql_paths.py hold the rows to notify()'s, in both
languages and with texts full of % signs.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation

from . import kinds
from .models import Notification

# notify() cuts the title to the column's length too.
TITLE_MAX = Notification._meta.get_field("title").max_length

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")


def _format_string(template: str, names: list[str]) -> str:
    """The template (a Python %-format with a dict) as a format() string of PostgreSQL."""

    def convert(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%%"
        if match.group(1) is None or match.group(1) not in names:
            raise ValueError(f"{template!r}: only %(name)s of the context and %% can be rendered in SQL")
        return f"%{names.index(match.group(1)) + 1}$s"

    return _PLACEHOLDER.sub(convert, template)


def in_app_insert(
    kind_code: str, *, recipient: str, language: str, context: dict[str, str], created_at: str, link: str, first_param: int
) -> tuple[str, list]:
    """(`INSERT … SELECT …` of the notification, its parameters' values). The caller adds the
    FROM clause that `recipient` (the user's id), `language` (their `language` column),
    `created_at` and the `context` values (texts) are SQL expressions of, and passes the
    values as parameters `$first_param`… of its statement."""
    kind = kinds.get(kind_code)
    if kind.choosable_channels():
        raise ValueError(f"{kind_code}: a kind with SMS or e-mail needs notify() for its deliveries")
    names = list(context)
    if not all(re.fullmatch(r"\w+", name) for name in names):
        raise ValueError(f"context names must be identifiers: {names}")
    values: list = []

    def param(value: str) -> str:
        values.append(value)
        return f"${first_param + len(values) - 1}::text"

    kind_param, link_param = param(kind.code), param(link)
    rendered = {}
    for part in ("title", "body"):
        by_language = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                text = str(getattr(kind, part))
            # notify() renders only with a context (a text without one keeps its %%).
            by_language[code] = param(_format_string(text, names) if names else text)
        branches = " ".join(f"WHEN '{code}' THEN {p}" for code, p in by_language.items())
        picked = f"(CASE {language} {branches} ELSE {by_language[settings.LANGUAGE_CODE]} END)"
        rendered[part] = f"format({picked}, {', '.join(context.values())})" if names else picked
    pairs = ", ".join(f"'{name}', {expression}" for name, expression in context.items())
    sql = (
        "INSERT INTO notifications_notification (recipient_id, kind, title, body, link, context, created_at, read_at) "
        f"SELECT {recipient}, {kind_param}, left({rendered['title']}, {TITLE_MAX}), {rendered['body']}, {link_param}, "
        f"jsonb_build_object({pairs}), {created_at}, NULL"
    )
    return sql, values
