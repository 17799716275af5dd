"""After creating a venue, its staff form leads to the next two onboarding steps: an account
for the shop (the new account form with this venue ticked) and its rewards (listed, with a
link to the reward form with this venue selected). Onboarding review, finding 4."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from friendlystreet.accounts import roles
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def noodles(db):
    return VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)


def _checked(page: str, name: str) -> list[str]:
    """The values of the ticked boxes named `name`."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]


def test_the_operators_field_links_to_a_new_account_with_this_venue_ticked(client_for, street_admin, noodles):
    page = client_for(street_admin).get(reverse("venues:staff_venue_edit", args=[noodles.pk])).content.decode()
    link = f'href="{reverse("staff_users:new")}?venue={noodles.pk}"'
    assert link in page and "本店还没有账号？" in page and "为本阵地开通账号" in page


def test_a_new_venue_says_the_link_comes_once_it_is_saved(client_for, street_admin):
    page = client_for(street_admin).get(reverse("venues:staff_venue_create")).content.decode()
    assert "保存阵地后，这里会出现开通账号的链接" in page and "?venue=" not in page


def test_the_new_account_form_ticks_the_venue_and_the_partner_role(client_for, street_admin, noodles):
    VenueFactory(name="另一家店")
    page = client_for(street_admin).get(reverse("staff_users:new") + f"?venue={noodles.pk}").content.decode()
    assert _checked(page, "venues") == [str(noodles.pk)]
    assert _checked(page, "roles") == [roles.PARTNER]


@pytest.mark.parametrize("given", ["abc", "999999", "-1", "1e3", "１", "99999999999999999999999", ""])
def test_a_venue_id_that_is_none_of_the_venues_offered_is_ignored(client_for, street_admin, noodles, given):
    response = client_for(street_admin).get(reverse("staff_users:new"), {"venue": given})
    page = response.content.decode()
    assert response.status_code == 200 and _checked(page, "venues") == [] and _checked(page, "roles") == []


def test_an_inactive_venue_is_not_ticked(client_for, street_admin):
    closed = VenueFactory(name="已停用的店", active=False)
    page = client_for(street_admin).get(reverse("staff_users:new"), {"venue": closed.pk}).content.decode()
    assert _checked(page, "venues") == []


def test_the_venue_form_lists_its_rewards_with_their_state_and_a_link_to_add_one(client_for, street_admin, noodles):
    RewardFactory(venue=noodles, title="免费牛肉面一碗")
    RewardFactory(venue=noodles, title="面馆加蛋券", active=False, published_at=None)
    RewardFactory(title="别家的奖品")
    page = client_for(street_admin).get(reverse("venues:staff_venue_edit", args=[noodles.pk])).content.decode()
    panel = page.split('id="venue-rewards"', 1)[1].split("</section>", 1)[0]
    assert "本阵地的奖品" in panel
    rows = re.findall(r'data-testid="venue-reward".*?</li>', panel, re.S)
    assert len(rows) == 2
    assert "免费牛肉面一碗" in rows[0] and "已上架" in rows[0]
    assert "面馆加蛋券" in rows[1] and "未上架（草稿）" in rows[1]
    assert "别家的奖品" not in panel
    assert f'href="{reverse("points:staff_reward_new")}?venue={noodles.pk}"' in panel and "新增奖品" in panel


def test_a_venue_without_rewards_says_so(client_for, street_admin, noodles):
    page = client_for(street_admin).get(reverse("venues:staff_venue_edit", args=[noodles.pk])).content.decode()
    assert "还没有奖品：骑手暂时不能在这里兑换积分。" in page


def test_the_rewards_panel_is_one_query_however_many_rewards(client_for, street_admin, noodles):
    c = client_for(street_admin)
    url = reverse("venues:staff_venue_edit", args=[noodles.pk])
    RewardFactory(venue=noodles)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    RewardFactory.create_batch(4, venue=noodles)
    RewardFactory(venue=noodles, active=False, published_at=None, proposed_by=street_admin)
    with CaptureQueriesContext(connection) as six:
        c.get(url)
    assert len(six) == len(one)
    assert sum('"points_reward"' in q["sql"] or "points_reward" in q["sql"] for q in six.captured_queries) == 1


def test_the_reward_form_selects_the_venue_of_the_link(client_for, street_admin, noodles):
    VenueFactory(name="另一家店")
    page = client_for(street_admin).get(reverse("points:staff_reward_new"), {"venue": noodles.pk}).content.decode()
    assert re.search(rf'<option value="{noodles.pk}" selected>', page)


@pytest.mark.parametrize("given", ["abc", "999999", ""])
def test_the_reward_form_ignores_a_venue_that_is_not_offered(client_for, street_admin, noodles, given):
    response = client_for(street_admin).get(reverse("points:staff_reward_new"), {"venue": given})
    assert response.status_code == 200 and not re.search(r'<option value="\d+" selected>', response.content.decode())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-hans", "这里只列出合作商户的账号。本店还没有账号？<a "),
        ("en", "Only partner operators&#x27; accounts are listed. No account for this shop yet? <a "),
    ],
)
def test_the_operators_help_joins_its_sentences_as_the_pages_language_does(client_for, street_admin, noodles, lang, said):
    client = client_for(street_admin)
    client.cookies["django_language"] = lang
    page = client.get(reverse("venues:staff_venue_edit", args=[noodles.pk])).content.decode()
    assert said in page


def test_a_new_venue_says_the_link_comes_later_with_no_space_after_the_full_stop(client_for, street_admin):
    page = client_for(street_admin).get(reverse("venues:staff_venue_create")).content.decode()
    assert "这里只列出合作商户的账号。本店还没有账号？保存阵地后" in page
