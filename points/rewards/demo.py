"""Demo rewards at the demo venues, and a few vouchers in every state (idempotent, fast).

Called by points/demo.py after the riders have earned their points. Vouchers are bought,
confirmed and expired through the services (the ledger, stock and audit stay true); each
purchase carries a fixed idempotency key, so a second seed finds the same vouchers.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

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

# rider number, reward title, what happens to the voucher
VOUCHERS = [
    (1, "免费快剪一次", "issued"),
    (2, "免费快剪一次", "redeemed"),
    (3, "免费健康体检", "redeemed"),
    (4, "夏季关爱包", "issued"),
    (5, "电瓶免费充电一次", "expired"),
    (6, "电动车维修技能课程", "issued"),
]


def _reward(venue, title, description, cost, stock, limit, days, **state) -> Reward:
    """One demo reward, once (seed_demo may run again)."""
    defaults = {"description": description, "cost": cost, "stock": stock, "per_rider_monthly_limit": limit, "valid_days": days}
    return Reward.objects.get_or_create(venue=venue, title=title, defaults={**defaults, **state})[0]


def seed(*, log) -> None:
    venues = {v.name: v for v in Venue.objects.filter(name__in={r[0] for r in REWARDS} | {PROPOSAL[0]})}
    now = timezone.now()
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

    riders = {u.phone: u for u in User.objects.filter(phone__in=[rider_phone(n) for n, _t, _s in VOUCHERS])}
    made = 0
    for n, title, fate in VOUCHERS:
        rider, reward = riders.get(rider_phone(n)), rewards.get(title)
        if rider is None or reward is None:
            continue
        result = services.reward_redeem(rider=rider, reward=reward, idempotency_key=f"demo-{n}-{reward.pk}")
        if not result.created:
            continue  # seeded before
        made += 1
        voucher = result.voucher
        if fate == "redeemed":
            operator = reward.venue.operators.first()
            if operator is not None:
                services.voucher_confirm(operator=operator, code=voucher.code)
        elif fate == "expired":
            # As if bought long enough ago for its validity to have run out; the expiry
            # service then refunds it and puts the unit back, as the periodic task would.
            back = timedelta(days=reward.valid_days, hours=1)
            Voucher.objects.filter(pk=voucher.pk).update(issued_at=F("issued_at") - back, expires_at=F("expires_at") - back)
            services.voucher_expire(voucher_id=voucher.pk)
    log(f"rewards: {len(rewards)} rewards, 1 proposal, {made} new demo vouchers")
