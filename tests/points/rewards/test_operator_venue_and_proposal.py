"""The partner operator's own venue, from the barber's review: his profile says which venue he
runs and leads to its pages; proposing a reward names his one venue instead of offering a
choice of one, says what a reward usually costs (from the live catalogue and the earning
rules), and asks once before sending a cost far beyond anything on sale."""

from __future__ import annotations

from datetime import timedelta

import pytest

from friendlystreet.days import local_today
from points.models import Reward, Rule
from points.rewards import selectors
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PROPOSE = "/redeem/propose/"


def panel_of(html: str) -> str:
    start = html.index('id="operator-venues"')
    return html[start : html.index("</section>", start)]


# --- the profile ---------------------------------------------------------------------------------


def test_the_barbers_profile_names_his_venue_with_its_pages(merchant_a, barber, client_for):
    RewardFactory(venue=barber, title="洗剪吹8折券", active=False, published_at=None, proposed_by=merchant_a)

    html = client_for(merchant_a).get("/profile/", **ZH).content.decode()

    panel = panel_of(html)
    assert "我经营的场所" in panel and "王师傅理发店" in panel and "暖新商家" in panel
    assert f'href="/venues/{barber.pk}/"' in panel  # its public page
    assert f'href="/venues/{barber.pk}/details/"' in panel  # phone, description, hours
    assert 'href="/redeem/"' in panel and 'href="/redeem/propose/"' in panel
    assert "1 个待街道办审核" in panel
    # Above the account's own cards: what the account is for comes first.
    assert html.index('id="operator-venues"') < html.index('id="account-security"')


def test_a_venue_the_street_office_hid_has_no_public_link_but_stays_editable(merchant_a, client_for):
    hidden = VenueFactory(name="旧址理发店", active=False)
    hidden.operators.add(merchant_a)

    panel = panel_of(client_for(merchant_a).get("/profile/", **ZH).content.decode())

    assert f'href="/venues/{hidden.pk}/"' not in panel
    assert "街道办已对骑手隐藏此场所" in panel
    assert f'href="/venues/{hidden.pk}/details/"' in panel


def test_the_clinics_operator_sees_his_venue_not_the_barbers(merchant_b, hospital, barber, client_for):
    panel = panel_of(client_for(merchant_b).get("/profile/", **ZH).content.decode())

    assert "社区卫生服务中心" in panel and "王师傅理发店" not in panel
    assert f"/venues/{barber.pk}/" not in panel


def test_riders_and_staff_have_no_venue_panel(rider, reviewer, barber, client_for):
    for user in (rider, reviewer):
        html = client_for(user).get("/profile/", **ZH).content.decode()
        assert 'id="operator-venues"' not in html


def test_the_profile_of_an_operator_asks_two_queries_for_the_panel(merchant_a, barber, client_for, django_assert_num_queries):
    from types import SimpleNamespace

    request = SimpleNamespace(user=merchant_a)
    merchant_a.has_perm("accounts.access_redemption_page")  # permissions cached, as on a request
    with django_assert_num_queries(2):
        panel = selectors.operator_panel(request)
    assert [v.name for v in panel["venues"]] == ["王师傅理发店"]


# --- the proposal form: which venue -------------------------------------------------------------------


def test_one_venue_is_named_not_offered_as_a_choice_of_one(merchant_a, barber, client_for):
    html = client_for(merchant_a).get(PROPOSE, **ZH).content.decode()

    assert 'name="venue"' not in html
    assert 'data-testid="proposal-venue">提议场所： <strong>王师傅理发店</strong>' in html


def test_a_post_naming_another_venue_still_proposes_for_his_own(merchant_a, barber, hospital, client_for):
    response = client_for(merchant_a).post(PROPOSE, {"venue": hospital.pk, "title": "修面", "cost": 40, "valid_days": 30})

    assert response.status_code == 302
    assert Reward.objects.get(title="修面").venue == barber


def test_an_operator_of_two_venues_chooses_between_them(merchant_a, barber, client_for):
    second = VenueFactory(name="王师傅理发店二店")
    second.operators.add(merchant_a)
    client = client_for(merchant_a)

    html = client.get(PROPOSE, **ZH).content.decode()

    select = html[html.index('name="venue"') :].split("</select>")[0]
    assert "王师傅理发店" in select and "王师傅理发店二店" in select
    assert 'data-testid="proposal-venue"' not in html
    assert client.post(PROPOSE, {"venue": second.pk, "title": "修面", "cost": 40, "valid_days": 30}).status_code == 302
    assert Reward.objects.get(title="修面").venue == second


# --- the proposal form: what it should cost ------------------------------------------------------------


@pytest.fixture
def rules(db):
    """The earning rules in force: 5 and 30 points for one contribution (a rule switched off
    and one not yet valid say nothing)."""
    Rule.objects.update(active=False)
    RuleFactory(points=5)
    RuleFactory(points=30)
    RuleFactory(points=500, active=False)
    RuleFactory(points=700, valid_from=local_today() + timedelta(days=1))


def help_of_cost(html: str) -> str:
    return html[html.index('id="id_cost_helptext"') :].split("</p>")[0]


def test_the_cost_hint_gives_the_usual_range_from_the_catalogue_and_the_rules(merchant_a, haircut, care_pack, rules, client_for):
    RewardFactory(venue=care_pack.venue, title="停用的奖品", cost=999, active=False)

    hint = help_of_cost(client_for(merchant_a).get(PROPOSE, **ZH).content.decode())

    assert "目前上架的奖品需要 60 到 80 积分。" in hint
    assert "骑手做一次贡献（参加活动、申报、上报线索）可得 5 到 30 积分。" in hint
    assert "999" not in hint and "500" not in hint and "700" not in hint


def test_the_hint_follows_the_catalogue_as_it_changes(merchant_a, haircut, care_pack, rules, client_for):
    RewardFactory(venue=care_pack.venue, title="体检套餐", cost=200)

    hint = help_of_cost(client_for(merchant_a).get(PROPOSE, **ZH).content.decode())

    assert "目前上架的奖品需要 60 到 200 积分。" in hint
    assert selectors.cost_range().unusual_above == 400


def test_a_cost_far_beyond_the_catalogue_is_questioned_once_then_sent(merchant_a, barber, haircut, care_pack, client_for):
    client = client_for(merchant_a)
    proposal = {"title": "年卡", "cost": 5000, "valid_days": 30}

    first = client.post(PROPOSE, proposal, **ZH)

    assert first.status_code == 400
    html = first.content.decode()
    errors = html[html.index('id="field-cost"') :].split("</div>")[0]
    assert "5000 积分超过了目前最贵奖品（80 积分）的 2 倍" in errors and "请再次提交" in errors
    assert 'name="cost_confirmed" value="5000"' in html
    assert not Reward.objects.filter(title="年卡").exists()

    # Sent again as it is: proposed, for the street office to decide.
    again = client.post(PROPOSE, {**proposal, "cost_confirmed": "5000"}, **ZH)

    assert again.status_code == 302
    assert Reward.objects.get(title="年卡").cost == 5000


def test_a_changed_cost_still_beyond_the_range_is_questioned_again(merchant_a, barber, haircut, client_for):
    response = client_for(merchant_a).post(
        PROPOSE, {"title": "年卡", "cost": 4000, "cost_confirmed": "5000", "valid_days": 30}, **ZH
    )

    assert response.status_code == 400
    assert not Reward.objects.filter(title="年卡").exists()


def test_a_cost_within_the_range_goes_at_once(merchant_a, barber, haircut, client_for):
    response = client_for(merchant_a).post(PROPOSE, {"title": "修面", "cost": 160, "valid_days": 30}, **ZH)

    assert response.status_code == 302
    assert Reward.objects.get(title="修面").cost == 160


def test_with_nothing_on_sale_there_is_no_range_to_be_beyond(merchant_a, barber, client_for):
    response = client_for(merchant_a).post(PROPOSE, {"title": "修面", "cost": 5000, "valid_days": 30}, **ZH)

    assert response.status_code == 302


def test_the_street_office_reads_that_the_cost_was_questioned_and_sent_anyway(
    merchant_a, barber, haircut, care_pack, street_admin, client_for
):
    client_for(merchant_a).post(PROPOSE, {"title": "年卡", "cost": 5000, "valid_days": 30, "cost_confirmed": "5000"})
    proposal = Reward.objects.get(title="年卡")
    within = client_for(merchant_a).post(PROPOSE, {"title": "修面", "cost": 70, "valid_days": 30})
    assert within.status_code == 302

    page = client_for(street_admin).get(f"/staff/rewards/{proposal.pk}/", **ZH).content.decode()
    usual = client_for(street_admin).get(f"/staff/rewards/{Reward.objects.get(title='修面').pk}/", **ZH).content.decode()

    note = page[page.index('data-testid="unusual-cost"') :].split("</p>")[0]
    assert "5000 积分" in note and "80 积分" in note and "仍然提议" in note
    assert 'data-testid="unusual-cost"' not in usual
