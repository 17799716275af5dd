"""Names staff write in Chinese, with an optional English name (friendlystreet.names): a
reader in English sees the English name of a claim's category and rule and of a community;
one without an English name falls back to its Chinese name; a Chinese reader sees Chinese;
what the street office reports upward (the ledger's stored words) stays Chinese."""

from __future__ import annotations

import re

import pytest

from points.models import Claim, LedgerEntry, Rule
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.venues.factories import CommunityFactory
from venues.models import Community
from volunteers.models import RiderProfile

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def help_rule(db) -> Rule:
    category = CategoryFactory(code="volunteer_service", name="志愿服务", name_en="Volunteer service")
    return RuleFactory(category=category, name="应急救援协助", name_en="Helping in an emergency", points=30)


@pytest.fixture
def untranslated_rule(db) -> Rule:
    """A rule and a category staff gave no English name."""
    return RuleFactory(category=CategoryFactory(name="好人好事"), name="拾金不昧", points=50)


def page(client, url: str, language: dict) -> str:
    response = client.get(url, **language)
    assert response.status_code == 200
    return response.content.decode()


def claim_form_options(html: str) -> list[tuple[str, list[str]]]:
    """The claim form's choice of rules: (category, [rule option texts]) as the select shows them."""
    (select,) = re.findall(r'<select name="rule".*?</select>', html, re.S)
    return [
        (label, re.findall(r"<option [^>]*>([^<]*)</option>", options))
        for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_a_rider_reading_english_sees_the_rules_english_name_on_the_claim_form(client_for, rider, help_rule, untranslated_rule):
    options = claim_form_options(page(client_for(rider), "/points/claims/new/", EN))

    assert ("Volunteer service", ["Helping in an emergency (30 points/time)"]) in options
    # No English name: the Chinese one, in the English sentence around it.
    assert ("好人好事", ["拾金不昧 (50 points/time)"]) in options


def test_a_rider_reading_chinese_sees_the_chinese_names(client_for, rider, help_rule):
    options = claim_form_options(page(client_for(rider), "/points/claims/new/", ZH))

    assert ("志愿服务", ["应急救援协助（30 积分/次）"]) in options
    assert "Helping" not in str(options)


def test_the_reviewer_reading_english_sees_category_and_rule_in_english_on_the_review_queue(
    client_for, reviewer, rider, help_rule, untranslated_rule
):
    ClaimFactory(rider=rider, rule=help_rule)
    ClaimFactory(rider=rider, rule=untranslated_rule)

    english = page(client_for(reviewer), "/staff/claims/", EN)
    chinese = page(client_for(reviewer), "/staff/claims/", ZH)

    assert "Volunteer service · Helping in an emergency" in english
    assert "好人好事 · 拾金不昧" in english  # no English name: the Chinese one
    # The filters name them the same way.
    assert f'<option value="{help_rule.category_id}">Volunteer service</option>' in english
    assert f'<option value="{help_rule.pk}">Helping in an emergency</option>' in english
    assert "志愿服务 · 应急救援协助" in chinese
    assert "Helping in an emergency" not in chinese


def test_the_reviewer_reading_english_sees_categories_and_communities_in_english_on_the_dashboard(
    client_for, reviewer, rider, help_rule, untranslated_rule
):
    yidu = CommunityFactory(name="驿都社区", name_en="Yidu Community", position=1)
    CommunityFactory(name="大观社区", position=2)  # no English name
    RiderProfile.objects.create(rider=rider, home_community=yidu)
    ClaimFactory(rider=rider, rule=help_rule)
    ClaimFactory(rider=rider, rule=untranslated_rule)
    staff = client_for(reviewer)

    english = page(staff, "/staff/", EN)
    chinese = page(staff, "/staff/", ZH)

    # The communities' table and the filter's choice.
    assert f'&amp;community={yidu.pk}">Yidu Community</a></th>' in english
    assert f'<option value="{yidu.pk}">Yidu Community</option>' in english
    assert ">大观社区</a></th>" in english
    # The chart of claims by category, in its table.
    assert '<th scope="row">Volunteer service</th>' in english
    assert '<th scope="row">好人好事</th>' in english
    assert f'&amp;community={yidu.pk}">驿都社区</a></th>' in chinese
    assert '<th scope="row">志愿服务</th>' in chinese
    assert "Yidu Community" not in chinese and "Volunteer service" not in chinese


def test_the_dashboard_names_the_chosen_community_in_english(client_for, reviewer):
    yidu = CommunityFactory(name="驿都社区", name_en="Yidu Community")

    english = page(client_for(reviewer), f"/staff/?community={yidu.pk}", EN)

    assert "<strong>Yidu Community</strong>" in english


def test_the_api_names_rules_categories_and_communities_in_the_callers_language(api_for, reviewer, rider, help_rule):
    ClaimFactory(rider=rider, rule=help_rule)
    yidu = CommunityFactory(name="驿都社区", name_en="Yidu Community")

    rules = {r["id"]: r for r in api_for(None).get("/api/v1/rules/", **EN).json()}
    claims = api_for(reviewer).get("/api/v1/claims/?status=pending", **EN).json()["results"]
    figures = api_for(reviewer).get("/api/v1/staff/figures/", **EN).json()
    chinese = {r["id"]: r for r in api_for(None).get("/api/v1/rules/", **ZH).json()}

    assert (rules[help_rule.pk]["name"], rules[help_rule.pk]["category"]["name"]) == (
        "Helping in an emergency",
        "Volunteer service",
    )
    assert [(c["rule"]["name"], c["category"]["name"]) for c in claims] == [("Helping in an emergency", "Volunteer service")]
    assert {"id": yidu.pk, "name": "Yidu Community"}.items() <= figures["by_community"][0]["community"].items()
    assert (chinese[help_rule.pk]["name"], chinese[help_rule.pk]["category"]["name"]) == ("应急救援协助", "志愿服务")


def test_staff_give_communities_and_rules_an_english_name(client_for, street_admin):
    admin = client_for(street_admin)
    category = CategoryFactory(name="志愿服务")

    admin.post("/staff/venues/communities/", {"name": "望平社区", "name_en": " Wangping Community ", "position": "1"})
    admin.post(
        "/staff/rules/new/",
        {
            "category": category.pk,
            "name": "夜间护送",
            "name_en": "Seeing people home at night",
            "points": "12",
            "unit": "occurrence",
            "evidence": "none",
            "active": "on",
        },
    )
    admin.post(f"/staff/categories/{category.pk}/", {"name": "志愿服务", "name_en": "Volunteer service", "order": "10"})

    community = Community.objects.get(name="望平社区")
    assert community.name_en == "Wangping Community"
    assert Rule.objects.get(name="夜间护送").name_en == "Seeing people home at night"
    category.refresh_from_db()
    assert category.name_en == "Volunteer service"
    # The forms offer the field, and the community's page is headed by its name in English.
    assert 'name="name_en"' in page(admin, f"/staff/rules/{Rule.objects.get(name='夜间护送').pk}/", EN)
    assert "<h1>Wangping Community</h1>" in page(admin, f"/staff/venues/communities/{community.pk}/", EN)


def test_an_english_reviewer_approving_leaves_the_ledger_in_chinese(client_for, reviewer, rider, help_rule):
    claim = ClaimFactory(rider=rider, rule=help_rule)

    client_for(reviewer).post(f"/staff/claims/{claim.pk}/approve/", **EN)

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED
    # What exports (台账) read: the rule's Chinese name; the rider's passbook reads the reader's.
    assert LedgerEntry.objects.get(claim=claim).description == "应急救援协助"
    assert "Helping in an emergency" in page(client_for(rider), "/points/", EN)


def test_the_exports_page_is_headed_in_plain_english(client_for, reviewer):
    english = page(client_for(reviewer), "/staff/exports/", EN)
    chinese = page(client_for(reviewer), "/staff/exports/", ZH)

    assert "<h1>Exports</h1>" in english and "(台账)" not in english
    assert "<h1>导出台账</h1>" in chinese


def test_文明实践_has_one_english_name_for_claims_and_activities():
    """The claims filter said "Civic practice" and the activity list "Civility practice" for the
    same 文明实践."""
    from django.utils import translation

    from points.models import Category
    from volunteers.models import ActivityCategory

    seeded = Category.objects.get(code="civilised_practice")
    with translation.override("en"):
        assert str(ActivityCategory.CIVILITY.label) == seeded.name_en == "Civic practice"
    with translation.override("zh-hans"):
        assert str(ActivityCategory.CIVILITY.label) == seeded.name == "文明实践"
