"""Every rule has one implementation, in the ORM (../shared/STYLE.md, choice 11), and we use
only the public names of the libraries we build on (choice 12). These tests read the
source: SQL that writes belongs in migrations only, and a private name of Django, DRF,
redis-py or allauth breaks at their next release."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THIS_FILE = Path(__file__).resolve()
LIBRARIES = ("django", "rest_framework", "redis", "allauth")

# Upper-case SQL, as it is written in a query; prose ("delete from the list") is not SQL.
WRITING_SQL = re.compile(r"\b(INSERT\s+INTO|UPDATE\s+[\w\".]+\s+SET|DELETE\s+FROM|CALL\s+[\w\".]+\s*\(|MERGE\s+INTO)\b")


def python_sources() -> list[Path]:
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    others = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    paths = {ROOT / line for line in (tracked.stdout + others.stdout).splitlines() if line}
    return sorted(p for p in paths if p.exists() and "migrations" not in p.parts and p.resolve() != THIS_FILE)


def parsed(source: str) -> ast.Module:
    """ast.parse, again once after a spurious "AST constructor recursion depth mismatch": a
    CPython bug of 3.11.7 and earlier, rare and seen in threaded programs (gh-106905, fixed
    in 3.11.8); it failed this test once in a whole run on a fresh clone, never alone."""
    try:
        return ast.parse(source)
    except SystemError:
        return ast.parse(source)


def writing_sql_in(source: str) -> list[str]:
    """The string literals of `source` that hold SQL which writes."""
    found = []
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and WRITING_SQL.search(node.value):
            found.append(node.value.strip().splitlines()[0][:80])
    return found


def private_imports_in(source: str) -> list[str]:
    """Imports of a name starting with "_" (or from a private module: "_x", or allauth's
    "internal" package) of our libraries."""
    found = []
    for node in ast.walk(parsed(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            if any(part.startswith("_") or part == "internal" for part in node.module.split(".")):
                found.append(f"from {node.module} import ...")
            found += [f"from {node.module} import {a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [
                f"import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in LIBRARIES and any(part.startswith("_") for part in a.name.split("."))
            ]
    return found


def test_no_module_outside_the_migrations_writes_with_raw_sql():
    offenders = {str(p.relative_to(ROOT)): hits for p in python_sources() if (hits := writing_sql_in(p.read_text()))}
    assert offenders == {}, "SQL that writes belongs in migrations; rules live in the ORM services"


def test_no_module_imports_a_private_name_of_django_drf_redis_or_allauth():
    offenders = {str(p.relative_to(ROOT)): hits for p in python_sources() if (hits := private_imports_in(p.read_text()))}
    assert offenders == {}


@pytest.mark.parametrize(
    "sql",
    [
        'cursor.execute("INSERT INTO points_ledgerentry (amount) VALUES (%s)", [1])',
        'sql = """\n  UPDATE points_account SET balance = balance - %s WHERE id = %s"""',
        'cursor.execute("DELETE FROM notifications_notification WHERE id = %s", [n])',
        'cursor.execute("SELECT * FROM points_redeem(%s)"); c.execute("CALL points_redeem(1)")',
        'q = f"UPDATE \\"venues_venue\\" SET active = false"',
    ],
)
def test_the_sql_check_finds_writes(sql):
    assert writing_sql_in(sql)


def test_the_sql_check_leaves_reads_and_prose_alone():
    assert not writing_sql_in('"""Delete from the list, update the set, insert into a form."""\nq = "SELECT 1 FROM t"')


@pytest.mark.parametrize(
    "line",
    [
        "from django.db.models.sql.query import _get_col",
        "from redis.client import _RedisCallbacks",
        "from allauth.account.internal import _flows",
        "from allauth.account.internal.flows.reauthentication import get_reauthentication_code_recipients",
        "from rest_framework._compat import x",
        "import django.utils._os",
    ],
)
def test_the_import_check_finds_private_names(line):
    assert private_imports_in(line)


def test_the_import_check_leaves_public_names_and_other_libraries_alone():
    assert not private_imports_in("from django.db import transaction\nfrom celery import _state\nimport redis")


def test_today_is_always_the_programmes_day_from_one_function():
    """A day (caps, deadlines, "today" on a page) is the programme's day in Asia/Shanghai:
    friendlystreet.days.local_today. Django's localdate() is the day in the active time zone,
    the same only while nothing activates another one."""
    code = [p for p in python_sources() if "tests" not in p.relative_to(ROOT).parts]
    offenders = [str(p.relative_to(ROOT)) for p in code if re.search(r"\blocaldate\(\)", p.read_text())]
    assert offenders == []
