"""本店的奖品, from the onboarding review of a partner noodle shop: a reward the street office sets
up for a venue reaches its owner (listed on their proposals page, with its state, stock,
limit, cost and the vouchers waiting at the counter; and a notice of what the street office
did), and the owner pauses, resumes and restocks it there, the street office told, the
vouchers already issued still good."""

from __future__ import annotations

import re

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Reward
from points.rewards import selectors, services
from tests.factories import PartnerFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PAGE = "/redeem/propose/"


@pytest.fixture
def noodles(db):
    """老街牛肉面馆, run by 张姐 (who signs in with the SMS code, a partner operator)."""
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)
    owner = PartnerFactory(display_name="老街面馆张姐")
    shop.operators.add(owner)
    return shop, owner


def change(reward: Reward, **fields) -> dict:
    """The staff edit form as sent back for `reward`, with `fields` changed."""
    data = {
        "venue": reward.venue_id,
        "title": reward.title,
        "title_en": reward.title_en,
        "description": reward.description,
        "cost": reward.cost,
        "stock": "" if reward.stock is None else reward.stock,
        "stock_seen": "" if reward.stock is None else reward.stock,
        "per_rider_monthly_limit": reward.per_rider_monthly_limit or "",
        "valid_days": reward.valid_days,
        "active": "on" if reward.active else "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not False}


def row_of(html: str, reward: Reward) -> str:
    start = html.index(f'data-reward-id="{reward.pk}"')
    return html[start : html.index("</li>", start)]


def notices(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("id"))


# --- the street office sets up a reward for the shop ---------------------------------------------


def test_a_reward_staff_create_for_the_shop_is_listed_and_the_owner_told(noodles, street_admin, client_for, rider):
    shop, owner = noodles
    staff = client_for(street_admin)
    response = staff.post(
        "/staff/rewards/new/",
        {"venue": shop.pk, "title": "面馆加蛋券", "description": "", "cost": 20, "stock": 30, "valid_days": 7, "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reward = Reward.objects.get(title="面馆加蛋券")
    give_points(rider, 100)
    issue(rider, reward)

    (notice,) = notices(owner, "points_reward_of_my_venue")
    assert "面馆加蛋券" in notice.body and "老街牛肉面馆" in notice.body and "上架" in notice.body
    assert notice.link == "/redeem/propose/#our-rewards"
    assert not notices(street_admin, "points_reward_of_my_venue")  # not told of their own action

    html = client_for(owner).get(PAGE, **ZH).content.decode()
    assert "本店的奖品" in html
    row = row_of(html, reward)
    assert "面馆加蛋券" in row and "20 积分" in row
    assert "库存：29" in row  # one voucher issued
    assert "1 张已发放、尚未使用" in row
    assert "已上架" in row and "暂停兑换" in row


def test_the_owner_is_told_when_staff_switch_it_off_or_change_its_terms(noodles, street_admin, client_for):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, title="面馆加蛋券", cost=20, stock=30)
    staff = client_for(street_admin)

    assert staff.post(f"/staff/rewards/{reward.pk}/", change(reward, cost=25, stock=20)).status_code == 302
    renamed = change(reward, cost=25, stock=20, stock_seen=20, title="面馆加蛋")
    assert staff.post(f"/staff/rewards/{reward.pk}/", renamed).status_code == 302
    assert staff.post(f"/staff/rewards/{reward.pk}/switch-off/").status_code == 302
    assert staff.post(f"/staff/rewards/{reward.pk}/publish/").status_code == 302

    bodies = [n.body for n in notices(owner, "points_reward_of_my_venue")]
    assert len(bodies) == 3  # the title alone is no news for the counter
    assert "所需积分：20 → 25" in bodies[0] and "剩余库存：30 → 20" in bodies[0]
    assert "下架" in bodies[1] and "仍然有效" in bodies[1]
    assert "上架" in bodies[2]


def test_the_proposer_is_told_once_and_a_colleague_too(noodles, street_admin, client_for):
    shop, owner = noodles
    colleague = PartnerFactory(language="en")
    shop.operators.add(colleague)
    proposal = RewardFactory(venue=shop, title="免费牛肉面一碗", active=False, published_at=None, proposed_by=owner)

    assert client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/publish/").status_code == 302

    assert [n.kind for n in Notification.objects.filter(recipient=owner)] == ["points_reward_published"]
    (notice,) = notices(colleague, "points_reward_of_my_venue")
    assert "published it" in notice.body  # in the colleague's language


def test_a_member_of_staff_who_runs_the_venue_is_not_told_of_their_own_change(noodles, street_admin, client_for):
    shop, _owner = noodles
    shop.operators.add(street_admin)
    reward = RewardFactory(venue=shop, cost=20)
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")
    assert not notices(street_admin, "points_reward_of_my_venue")


def test_another_shops_owner_sees_and_hears_nothing_of_it(noodles, merchant_b, street_admin, client_for):
    shop, _owner = noodles
    other = VenueFactory(name="别家")
    other.operators.add(merchant_b)
    reward = RewardFactory(venue=shop, title="面馆加蛋券")
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")

    assert not notices(merchant_b, "points_reward_of_my_venue")
    assert "面馆加蛋券" not in client_for(merchant_b).get(PAGE, **ZH).content.decode()
    response = client_for(merchant_b).post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"})
    assert response.status_code == 404


def test_the_shops_rewards_come_first_and_the_proposal_form_after_them(noodles, client_for):
    """The owner opens the page to check, pause or restock their rewards far more often than to
    propose one: 本店的奖品 heads the page, the form follows, and a refused proposal opens at the
    form, below the list, not at the top of it."""
    shop, owner = noodles
    reward = RewardFactory(venue=shop, title="面馆加蛋券", cost=20)
    shop_owner = client_for(owner)

    html = shop_owner.get(PAGE, **ZH).content.decode()
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == "本店的奖品"
    assert "<title>本店的奖品" in html
    assert html.index(f'data-reward-id="{reward.pk}"') < html.index("<h2>提议奖品</h2>") < html.index('id="propose-form"')

    refused = shop_owner.post(PAGE, {"title": "", "cost": "", "valid_days": 30}, **ZH)
    assert refused.status_code == 400
    assert 'action="/redeem/propose/#propose-form"' in refused.content.decode()

    # A new shop, nothing of its own yet: the page is the proposal form.
    newcomer = PartnerFactory()
    VenueFactory(name="新开的面馆").operators.add(newcomer)
    html = client_for(newcomer).get(PAGE, **ZH).content.decode()
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == "提议奖品"
    assert 'id="our-rewards"' not in html and "<title>提议奖品" in html  # the menu's link to it says 本店的奖品


def test_the_list_is_one_query_however_many_rewards(noodles, rider, django_assert_num_queries):
    shop, owner = noodles
    give_points(rider, 1000)
    for n in range(5):
        reward = RewardFactory(venue=shop, cost=10 + n)
        issue(rider, reward)
    services.reward_pause(actor=owner, reward=reward)
    RewardFactory(venue=shop, active=False, published_at=None)  # a staff draft
    RewardFactory(venue=shop, active=False, published_at=None, proposed_by=owner)

    with django_assert_num_queries(1):
        rows = selectors.rewards_of_operator(owner)
        states = [(r.n_waiting, r.paused_by_operator, r.operates) for r in rows]
    assert len(rows) == 7
    assert states.count((1, False, True)) == 4 and (1, True, True) in states


# --- the owner pauses, resumes and restocks ------------------------------------------------------


def test_the_owner_pauses_for_the_holiday_and_resumes_and_vouchers_stay_good(noodles, street_admin, rider, client_for):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, title="免费牛肉面一碗", cost=50, stock=30)
    give_points(rider, 100)
    voucher = issue(rider, reward)
    counter = client_for(owner)

    response = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "pause"}, **ZH)
    assert response.status_code == 302 and response["Location"] == f"/redeem/propose/#reward-{reward.pk}"
    reward.refresh_from_db()
    assert not reward.active and reward.published_at  # the street office's switched-off state
    assert AuditEntry.objects.filter(action="points.reward_paused", actor=owner, target_id=str(reward.pk)).exists()
    (told,) = notices(street_admin, "points_reward_changed_by_operator")
    assert "老街牛肉面馆" in told.title and "暂停" in told.body and told.link == f"/staff/rewards/{reward.pk}/"

    page = counter.get(PAGE, **ZH).content.decode()
    assert "已暂停兑换" in row_of(page, reward) and "恢复兑换" in row_of(page, reward)
    assert client_for(rider).get(f"/rewards/{reward.pk}/").status_code == 404  # off the catalogue
    assert counter.post("/redeem/lookup/", {"code": voucher.code}).status_code == 200
    assert services.voucher_confirm(operator=owner, code=voucher.code).result == "ok"  # still honoured

    assert counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}).status_code == 302
    reward.refresh_from_db()
    assert reward.active
    assert len(notices(street_admin, "points_reward_changed_by_operator")) == 2


def test_the_owner_cannot_resume_what_the_street_office_switched_off(noodles, street_admin, client_for):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, title="面馆加蛋券")
    client_for(street_admin).post(f"/staff/rewards/{reward.pk}/switch-off/")
    counter = client_for(owner)

    row = row_of(counter.get(PAGE, **ZH).content.decode(), reward)
    assert "已下架" in row and "由街道办下架" in row
    assert 'data-testid="resume-reward"' not in row and 'data-testid="pause-reward"' not in row

    response = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}, follow=True, **ZH)
    assert "街道办下架了此奖品" in response.content.decode()
    reward.refresh_from_db()
    assert not reward.active


def test_the_owner_sets_the_stock_and_staff_hear_of_it(noodles, street_admin, client_for):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, stock=30)
    counter = client_for(owner)

    response = counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "stock", "stock": "0", "stock_seen": "30"})
    assert response.status_code == 302
    reward.refresh_from_db()
    assert reward.stock == 0 and reward.active
    entry = AuditEntry.objects.get(action="points.reward_saved", actor=owner)
    assert entry.data["changes"] == {"stock": [30, 0]}
    (told,) = notices(street_admin, "points_reward_changed_by_operator")
    assert "剩余库存：30 → 0" in told.body

    counter.post(f"/redeem/rewards/{reward.pk}/", {"action": "stock", "stock": "", "stock_seen": "0"})
    reward.refresh_from_db()
    assert reward.stock is None  # unlimited


@pytest.mark.parametrize(("headers", "words"), [(ZH, "剩余库存"), (EN, "stock")])
def test_a_bad_stock_is_said_at_its_reward_and_kept(noodles, client_for, headers, words):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, stock=30)
    proposal = RewardFactory(venue=shop, active=False, published_at=None, proposed_by=owner)

    response = client_for(owner).post(
        f"/redeem/rewards/{reward.pk}/", {"action": "stock", "stock": "-3", "stock_seen": "30"}, **headers
    )

    assert response.status_code == 400
    html = response.content.decode()
    row = row_of(html, reward)
    assert 'data-testid="stock-error"' in row and 'value="-3"' in row and words in row.lower()
    # Shown at /redeem/rewards/<id>/: the page's other forms still go to the proposals page.
    assert 'action="/redeem/propose/"' in row_of(html, proposal)
    reward.refresh_from_db()
    assert reward.stock == 30


def test_a_stock_moved_by_redemptions_meanwhile_is_not_overwritten_unseen(noodles, rider, client_for):
    shop, owner = noodles
    reward = RewardFactory(venue=shop, stock=30, cost=10)
    give_points(rider, 100)
    issue(rider, reward)  # 29 left while the owner's page still says 30

    typed = {"action": "stock", "stock": "40", "stock_seen": "30"}
    response = client_for(owner).post(f"/redeem/rewards/{reward.pk}/", typed, **ZH)

    assert response.status_code == 400
    row = row_of(response.content.decode(), reward)
    assert "29" in row and 'name="stock_seen" value="29"' in row
    reward.refresh_from_db()
    assert reward.stock == 29


def test_only_an_operator_of_the_venue_may_through_the_services(noodles, merchant_b, street_admin):
    shop, _owner = noodles
    reward = RewardFactory(venue=shop)
    for who in (merchant_b, street_admin):
        with pytest.raises(Exception) as refused:
            services.reward_pause(actor=who, reward=reward)
        assert refused.value.code == "permission_denied"
    reward.refresh_from_db()
    assert reward.active


def test_a_waiting_proposal_cannot_be_paused_only_withdrawn(noodles):
    shop, owner = noodles
    proposal = RewardFactory(venue=shop, active=False, published_at=None, proposed_by=owner, stock=10)
    for change in (services.reward_pause, services.reward_resume):
        with pytest.raises(Exception) as refused:
            change(actor=owner, reward=proposal)
        assert refused.value.code == "not_published"
    with pytest.raises(Exception) as refused:
        services.reward_set_stock(actor=owner, reward=proposal, stock=3)
    assert refused.value.code == "not_published"
    proposal.refresh_from_db()
    assert (proposal.stock, proposal.active, proposal.published_at) == (10, False, None)
    assert not AuditEntry.objects.filter(target_type="points.reward", target_id=str(proposal.pk)).exists()
