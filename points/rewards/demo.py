"""Demo rewards at the demo venues, and a few vouchers in every state (idempotent, fast).

Called by points/demo.py after the riders have earned their points. Vouchers are bought,
confirmed and expired through the services (the ledger, stock and audit stay true); each
purchase carries a fixed idempotency key, so a second seed finds the same vouchers.
"""

from __future__ import annotations

from datetime import timedelta

from friendlystreet import demo_clock
from friendlystreet.accounts.demo import rider_phone
from friendlystreet.accounts.models import User
from venues import demo_pictures
from venues.models import Venue

from ..models import Reward, Voucher
from . import services

# venue, title, description, cost, stock, limit per month, valid days
REWARDS = [
    ("王师傅理发店", "免费快剪一次", "凭券到店享受一次免费快剪（洗剪吹），建议14:00-17:00错峰时段到店。", 80, None, 1, 30),
    ("成龙路街道社区卫生服务中心", "免费健康体检", "基础体检套餐：血压、血糖、血脂、心电图，含医生解读。", 150, 10, 1, 60),
    ("成龙路街道社区卫生服务中心", "夏季关爱包", "防暑降温关爱包：藿香正气液、清凉油、冰袖、毛巾。", 60, 5, 1, 14),
    ("暖新学院（新就业群体培训基地）", "电动车维修技能课程", "两课时线下课程：电动车常见故障排查与简单维修。", 100, 20, None, 30),
    ("锦绣天府物业暖新小站", "电瓶免费充电一次", "在物业小站为电动车电瓶免费充电一次（约2小时）。", 20, None, 8, 7),
]
# A partner's proposal waiting for the street office.
PROPOSAL = ("王师傅理发店", "barber", "洗剪吹8折券", "骑手凭券洗剪吹享8折。", 30, None, 2, 30)

# English titles (title_en) of the rewards above and the proposal, by their Chinese title: what
# English pages, notices and the API show.
ENGLISH_TITLES = {
    "免费快剪一次": "A free quick haircut",
    "免费健康体检": "A free health check-up",
    "夏季关爱包": "Summer care pack",
    "电动车维修技能课程": "E-bike repair course",
    "电瓶免费充电一次": "A free e-bike battery charge",
    "洗剪吹8折券": "20% off a wash, cut and blow-dry",
}

# rider number, reward title, what happens to the voucher, bought (days ago): over the last
# three months, each when the rider had earned enough (points/demo.py), so that every month's
# figures have vouchers. Used vouchers are at the venues with an operator (the barber, the clinic).
VOUCHERS = [
    (1, "电瓶免费充电一次", "expired", 85),
    (3, "夏季关爱包", "redeemed", 63),
    (1, "免费快剪一次", "redeemed", 55),
    (7, "夏季关爱包", "redeemed", 48),
    (2, "免费健康体检", "redeemed", 44),
    (9, "免费快剪一次", "redeemed", 33),
    (8, "免费快剪一次", "redeemed", 24),
    (5, "电瓶免费充电一次", "expired", 20),
    (11, "免费健康体检", "redeemed", 13),
    (6, "电动车维修技能课程", "issued", 10),
    (4, "夏季关爱包", "issued", 5),
    (12, "免费快剪一次", "redeemed", 3),  # used at the barber's today
    (1, "夏季关爱包", "issued", 2),  # the demo rider's own voucher to show (README, Lighthouse, bench)
]


def _reward(venue, title, description, cost, stock, limit, days, **state) -> Reward:
    """One demo reward, once (seed_demo may run again), with its English title where staff (or
    an earlier seed) wrote none."""
    defaults = {"description": description, "cost": cost, "stock": stock, "per_rider_monthly_limit": limit, "valid_days": days}
    reward = Reward.objects.get_or_create(venue=venue, title=title, defaults={**defaults, **state})[0]
    if not reward.title_en and title in ENGLISH_TITLES:
        reward.title_en = ENGLISH_TITLES[title]
        reward.save(update_fields=["title_en"])
    return reward


def _key(n: int, reward: Reward) -> str:
    return f"demo-{n}-{reward.pk}"


def _buy(n: int, rider: User, reward: Reward, fate: str) -> None:
    """Rider n buys the voucher now (on the demo's clock); then it is used at the venue a day
    or two later (today, for one bought three days ago), or expires and is refunded when the
    periodic task finds it (each scheduled at its own moment)."""
    voucher = services.reward_redeem(rider=rider, reward=reward, idempotency_key=_key(n, reward)).voucher
    if fate == "redeemed":
        operator = reward.venue.operators.first()
        if operator is not None:
            used = voucher.issued_at + timedelta(days=1 + n % 2, hours=-2)
            if used > demo_clock.moment(1, 0):
                used = demo_clock.minutes_ago(40)  # today's redemption at the counter
            demo_clock.schedule(used, lambda: services.voucher_confirm(operator=operator, code=voucher.code))
    elif fate == "expired":
        demo_clock.schedule(voucher.expires_at + timedelta(minutes=20), lambda: services.voucher_expire(voucher_id=voucher.pk))


def seed(*, log) -> None:
    venues = {v.name: v for v in Venue.objects.filter(name__in={r[0] for r in REWARDS} | {PROPOSAL[0]})}
    # On sale since the programme began.
    now = demo_clock.moment(demo_clock.HISTORY_DAYS, 9)
    rewards = {}
    for venue_name, title, description, cost, stock, limit, days in REWARDS:
        venue = venues.get(venue_name)
        if venue is None:
            continue
        rewards[title] = _reward(venue, title, description, cost, stock, limit, days, active=True, published_at=now)
    # Pictures for a few rewards (once), so the demo catalogue shows them.
    for reward in list(rewards.values())[:4]:
        if not reward.image:
            image, thumb = demo_pictures.picture(kind=reward.venue.kind, text=reward.title)
            reward.image.save(image.name, image, save=False)
            reward.thumbnail.save(thumb.content.name, thumb.content, save=False)
            reward.thumb_width, reward.thumb_height = thumb.width, thumb.height
            reward.save(update_fields=["image", "thumbnail", "thumb_width", "thumb_height"])
    venue_name, username, title, description, cost, stock, limit, days = PROPOSAL
    proposer = User.objects.filter(username=username).first()
    if venue_name in venues and proposer is not None:
        _reward(venues[venue_name], title, description, cost, stock, limit, days, active=False, proposed_by=proposer)

    riders = {u.phone: u for u in User.objects.filter(phone__in=[rider_phone(n) for n, *_rest in VOUCHERS])}
    made = 0
    for n, title, fate, days_ago in VOUCHERS:
        rider, reward = riders.get(rider_phone(n)), rewards.get(title)
        if rider is None or reward is None:
            continue
        if Voucher.objects.filter(idempotency_key=_key(n, reward)).exists():
            continue  # seeded before
        made += 1
        bought = demo_clock.moment(days_ago, 18, 10 + n)
        demo_clock.schedule(bought, lambda rider=rider, reward=reward, fate=fate, n=n: _buy(n, rider, reward, fate))
    log(f"rewards: {len(rewards)} rewards, 1 proposal, {made} new demo vouchers")
