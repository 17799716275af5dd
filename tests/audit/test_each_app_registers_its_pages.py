"""The audit trail links each entry to its object's staff page, but friendlystreet knows no
feature app's pages (DESIGN.md: volunteers → points → venues → friendlystreet): each app tells
the trail its pages from its own AppConfig.ready() (friendlystreet.audit.registry), as it tells
it its action labels. A voucher and a compound tip have no staff page of their own: their
entries have no link, and no broken one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import get_resolver, reverse

from friendlystreet.audit import registry
from points.rewards import services as rewards
from tests.points.rewards.factories import RewardFactory, give_points
from tests.venues.factories import TipFactory
from tests.volunteers.factories import SignupFactory
from venues import services as venues
from venues.models import TipStatus

FEATURE_APPS = ("points", "venues", "volunteers")
AUDIT_PACKAGE = Path(apps.get_app_config("audit").path)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def feature_url_names() -> set[str]:
    """Every "namespace:name" of the URLs the feature apps define."""
    names = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        module = getattr(resolver.urlconf_module, "__name__", "")  # admin's is a list of patterns
        if module.split(".")[0] in FEATURE_APPS:
            names.update(f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str))
    return names


def audit_sources():
    for path in sorted(AUDIT_PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_audit_package_neither_imports_a_feature_app_nor_names_its_urls():
    url_names = feature_url_names()
    assert {"points:review_claim", "venues:staff_venue_edit", "volunteers:staff_activity_roster"} <= url_names

    imports, named = [], []
    for path, tree in audit_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imports += [(path.name, alias.name) for alias in node.names if alias.name.split(".")[0] in FEATURE_APPS]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] in FEATURE_APPS:
                    imports.append((path.name, node.module))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in url_names:
                named.append((path.name, node.value))

    assert imports == []
    assert named == []


@pytest.mark.django_db
def test_each_app_registered_the_pages_of_its_own_objects():
    user_type = settings.AUTH_USER_MODEL.lower()
    assert set(registry.OBJECT_PAGES) == {
        *("points.claim", "points.rule", "points.category", "points.reward", "points.account"),
        *("venues.venue", "venues.partner", "venues.compound"),
        *("volunteers.activity", "volunteers.report", "volunteers.publictext", "volunteers.signup"),
        user_type,
    }
    for target_type, page in registry.OBJECT_PAGES.items():
        model = apps.get_model(target_type)
        app_label = model._meta.app_label
        # A feature app registers its own pages only; every page opens with one id, and asks
        # for a permission that exists.
        if app_label in FEATURE_APPS:
            assert page.url_name.split(":")[0] == app_label, target_type
        assert reverse(page.url_name, args=[7]), target_type
        perm_app, codename = page.perm.split(".")
        assert Permission.objects.filter(content_type__app_label=perm_app, codename=codename).exists(), page.perm
        if page.via:
            assert model._meta.get_field(page.via).concrete, target_type
    assert registry.OBJECT_PAGES["volunteers.signup"].via == "activity_id"


def test_each_claim_ref_an_app_writes_names_the_object_it_registered(rider):
    # Volunteers write "signup-46" (Signup.claim_ref) and "report-…"; points writes a tip's bare
    # id with the source "tip" (services.claim_for_approved_tip).
    signup = SignupFactory(rider=rider)
    prefix = signup.claim_ref.rpartition("-")[0]

    assert apps.get_model(registry.CLAIM_REFS[prefix]) is type(signup)
    assert registry.CLAIM_REFS == {"signup": "volunteers.signup", "report": "volunteers.report", "tip": "venues.tip"}


def object_links(body: str) -> dict[str, str]:
    """{action: its entry's "Open its page" link, or ""} of the trail's entries."""
    links = {}
    for action, html in re.findall(r'data-action="([^"]+)"(.*?)</li>', body, re.S):
        found = re.search(r'<a href="([^"]*)" data-testid="audit-object-page">', html)
        links[action] = found.group(1) if found else ""
    return links


def test_a_voucher_and_a_tip_have_no_page_so_their_entries_have_no_link(client_for, street_admin, reviewer, rider):
    give_points(rider, 100)
    reward = RewardFactory(title="免费快剪", cost=30)
    voucher = rewards.reward_redeem(rider=rider, reward=reward).voucher
    tip = TipFactory(author=rider)
    venues.tip_approve(reviewer=reviewer, tip=tip)

    client = client_for(street_admin)
    body = client.get("/staff/audit/", **ZH).content.decode()
    links = object_links(body)

    assert links["points.voucher_issued"] == "" and links["venues.tip.approve"] == ""
    assert f"#{voucher.pk}" in body
    # The claim the tip paid opens (关联记录 names the tip); every link there opens.
    assert links["points.claim_created"].startswith("/staff/claims/")
    for link in filter(None, links.values()):
        assert client.get(link).status_code == 200


def test_the_trail_says_who_withdrew_a_tip_the_street_office_or_its_author(client_for, street_admin, reviewer, rider):
    published = TipFactory(author=rider, text="3号门22点后可以进电动车。")
    venues.tip_approve(reviewer=reviewer, tip=published)
    venues.tip_withdraw(reviewer=street_admin, tip=published, reason="门禁规则变了")
    waiting = TipFactory(author=rider, text="2号门的门禁坏了。")
    venues.tip_retract(author=rider, tip=waiting)

    body = client_for(street_admin).get("/staff/audit/", **ZH).content.decode()
    entries = dict(re.findall(r'data-action="([^"]+)"(.*?)</li>', body, re.S))

    published.refresh_from_db()
    waiting.refresh_from_db()
    assert (published.status, waiting.status) == (TipStatus.WITHDRAWN, TipStatus.RETRACTED)
    withdrawn, retracted = entries["venues.tip.withdraw"], entries["venues.tip.retract"]
    assert "管理员" in re.search(r'data-testid="audit-actor">([^<]*)<', withdrawn).group(1)
    assert "门禁规则变了" in withdrawn
    assert "张*" in re.search(r'data-testid="audit-actor">([^<]*)<', retracted).group(1)
