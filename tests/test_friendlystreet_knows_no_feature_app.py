"""DESIGN.md: dependencies point one way, volunteers → points → venues → friendlystreet. The
project's own package (accounts, notifications, the audit trail, backups...) imports none of
the feature apps: each app registers what friendlystreet shows of it from its AppConfig.ready()
(the audit trail's labels and pages, a backup's balances, the dashboard's figures, the venues a
partner operator runs on the users and roles pages)."""

from __future__ import annotations

import ast
from pathlib import Path

FEATURE_APPS = ("points", "venues", "volunteers")
PACKAGE = Path(__file__).resolve().parents[1] / "friendlystreet"

# The only modules that may name a feature app's modules, and why.
ALLOWED = {
    # The root URLconf mounts every app's URLs (include("points.urls")): that is its job.
    "urls.py",
}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def modules_naming_feature_apps(package: Path) -> list[tuple[str, int, str]]:
    """(module, line, what) for every import of a feature app, at the top or in a function, and
    every string naming one of its modules for an import (include("venues.urls"), import_module)."""
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(name, node.lineno, a.name) for a in node.names if a.name.split(".")[0] in FEATURE_APPS]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] in FEATURE_APPS:
                    found.append((name, node.lineno, node.module))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "include",
                "import_module",
                "import_string",
            ):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.split(".")[0] in FEATURE_APPS:
                        found.append((name, node.lineno, arg.value))
    return found


def test_friendlystreet_imports_no_feature_app():
    assert modules_naming_feature_apps(PACKAGE) == []


def test_the_scan_finds_an_import_inside_a_function(tmp_path):
    (tmp_path / "manifest.py").write_text("def balances():\n    from points.models import Account\n    return Account\n")
    (tmp_path / "urls.py").write_text('from django.urls import include\nurls = include("venues.urls")\n')

    assert modules_naming_feature_apps(tmp_path) == [("manifest.py", 2, "points.models")]


def test_the_audit_trail_names_no_feature_apps_action_or_model():
    """Action labels, the action filter's groups, a points account named by its rider, a home
    community named by its name: each app registers them (points/apps.py, venues/apps.py,
    volunteers/apps.py, points/rewards/setup.py); the trail's own code names none."""
    named = []
    for path in sorted((PACKAGE / "audit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if "." in text and text.split(".")[0] in FEATURE_APPS and id(node) not in docstrings:
                named.append((path.name, node.lineno, text))
    assert named == []


# Strings that still name a feature app's model, permission, URL or code, and why; anything else
# is registered by the app it belongs to.
NAMED_ON_PURPOSE = {
    # The root URLconf mounts every app's URLs; the settings name the schema's enums' classes.
    ("urls.py", "points.urls"),
    ("urls.py", "points.api_urls"),
    ("urls.py", "venues.urls"),
    ("urls.py", "venues.api_urls"),
    ("urls.py", "volunteers.urls"),
    ("urls.py", "volunteers.api_urls"),
    ("settings.py", "venues.models.VenueKind"),
    ("settings.py", "venues.models.TipStatus"),
    ("settings.py", "points.models_rewards.Voucher.Status"),
    # Not moved yet: the permission the joining steps lead to, a partner's home page.
    ("accounts/access.py", "points.submit_claim"),
    ("pages/views.py", "points:redeem_page"),
}


def strings_naming_feature_apps(package: Path) -> set[tuple[str, str]]:
    """(module, string) for every string, docstrings aside, that starts with a feature app's name
    and a dot or a colon: a model ("points.Claim"), a permission, a module, a URL name
    ("points:claim_detail"), a code ("venues.tip_approved")."""
    found = set()
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if id(node) not in docstrings and any(text.startswith((f"{app}.", f"{app}:")) for app in FEATURE_APPS):
                found.add((path.relative_to(package).as_posix(), text))
    return found


def test_friendlystreet_names_no_feature_apps_model_or_page():
    """The readable copy of a rider's data gets each section's title and models from the app
    that registers it (privacy.registry.register_data_section); notifications' targets and
    settings groups come with the apps' notification kinds."""
    # Equal, not a subset: an exception whose string has gone from the code leaves the list too.
    assert strings_naming_feature_apps(PACKAGE) == NAMED_ON_PURPOSE


def test_the_string_scan_finds_a_model_and_a_page_but_not_a_docstring(tmp_path):
    (tmp_path / "summary.py").write_text(
        '"""Read from points.Claim."""\nMODELS = {("claims",): "points.Claim"}\nTARGETS = {"venues:venue_detail": "venue"}\n'
    )

    assert strings_naming_feature_apps(tmp_path) == {("summary.py", "points.Claim"), ("summary.py", "venues:venue_detail")}
