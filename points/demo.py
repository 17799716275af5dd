"""Demo points: the programme's rules, and claims of the 20 demo riders (idempotent).

Every demo rider ends with at least 300 points earned through approved claims, so the
ledger rows are real: approvals go through the same code as a reviewer's click (caps,
ledger, audit), only without sending 200 SMS to the console.
"""

from __future__ import annotations

import io
import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from friendlystreet.accounts.demo import rider_phone
from friendlystreet.accounts.models import User
from friendlystreet.days import local_zone

from .models import Category, Claim, ClaimPhoto, Rule
from .services import _approve_locked, _reject_locked

# code, category, name, description, points, unit, evidence, per day, per month
DEMO_RULES = [
    (
        "volunteer_hours",
        "volunteer_service",
        "志愿服务时长",
        "参与社区志愿服务（助老、环境整治、秩序维护等），按小时计。",
        10,
        "hour",
        "photo",
        40,
        None,
    ),
    (
        "emergency_help",
        "volunteer_service",
        "应急救援协助",
        "在突发事件中协助救援或疏导。",
        30,
        "occurrence",
        "photo",
        None,
        None,
    ),
    (
        "civil_persuasion",
        "civilised_practice",
        "文明劝导",
        "劝导闯红灯、逆行、乱停放等不文明行为。",
        5,
        "occurrence",
        "none",
        20,
        None,
    ),
    (
        "training_session",
        "learning_training",
        "参加培训课程",
        "参加暖新学院组织的线下培训课程。",
        15,
        "occurrence",
        "photo",
        None,
        60,
    ),
    (
        "safety_study",
        "learning_training",
        "线上安全知识学习",
        "完成一次线上交通安全知识学习。",
        5,
        "occurrence",
        "none",
        5,
        None,
    ),
    (
        "party_service",
        "party_vanguard",
        "党员亮身份服务",
        "党员骑手亮明身份，带头开展服务。",
        10,
        "occurrence",
        "photo",
        None,
        50,
    ),
    (
        "safe_month",
        "safe_riding",
        "月度安全骑行无违章",
        "一个自然月内无交通违法记录。",
        30,
        "occurrence",
        "none",
        None,
        30,
    ),
    (
        "lost_and_found",
        "good_deeds",
        "拾金不昧",
        "拾到财物主动归还或上交。",
        50,
        "occurrence",
        "photo",
        None,
        None,
    ),
    (
        "help_neighbours",
        "good_deeds",
        "帮扶困难群众",
        "帮助社区里有困难的老人、残疾人等。",
        20,
        "occurrence",
        "none",
        None,
        100,
    ),
]

# The 8 categories (also created by migration 0002; here again for a flushed database).
CATEGORIES = [
    ("volunteer_service", "志愿服务", 10),
    ("civilised_practice", "文明实践", 20),
    ("activity_participation", "活动参与", 30),
    ("governance_reports", "治理线索", 40),
    ("learning_training", "学习培训", 50),
    ("party_vanguard", "党员先锋", 60),
    ("safe_riding", "安全文明骑行", 70),
    ("good_deeds", "好人好事", 80),
]
SYSTEM_RULES = [
    (Rule.ACTIVITY_ATTENDANCE, "activity_participation", "参加志愿活动", 10, None),
    (Rule.REPORT_ACCEPTED, "governance_reports", "治理线索被采纳", 20, 200),
    (Rule.COMPOUND_TIP_APPROVED, "civilised_practice", "小区指引被采纳", 5, 50),
]


def _at(days_ago: int, hour: int) -> datetime:
    day = timezone.now().astimezone(local_zone()).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, 0), tzinfo=local_zone())


def _jpeg(seed: int) -> ContentFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (480, 360), ((seed * 47) % 256, (seed * 91) % 256, 160)).save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue())


def _rules() -> dict[str, Rule]:
    categories = {}
    for code, name, order in CATEGORIES:
        categories[code], _ = Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    rules = {}
    for code, category, name, points, per_month in SYSTEM_RULES:
        rules[code], _ = Rule.objects.get_or_create(
            code=code,
            defaults={
                "category": categories[category],
                "name": name,
                "points": points,
                "rider_claimable": False,
                "max_per_month": per_month,
            },
        )
    for code, category, name, description, points, unit, evidence, per_day, per_month in DEMO_RULES:
        rules[code], _ = Rule.objects.get_or_create(
            code=code,
            defaults={
                "category": categories[category],
                "name": name,
                "description": description,
                "points": points,
                "unit": unit,
                "evidence": evidence,
                "max_per_day": per_day,
                "max_per_month": per_month,
            },
        )
    return rules


def seed(*, log) -> None:
    rules = _rules()
    reviewer = User.objects.filter(username="reviewer").first()
    riders = list(User.objects.filter(phone__in=[rider_phone(n) for n in range(1, 21)]).order_by("phone"))
    seeded = set(Claim.objects.filter(rider__in=riders).values_list("rider_id", flat=True).distinct())
    created = 0
    for n, rider in enumerate(riders, start=1):
        if rider.pk in seeded:
            continue
        created += _seed_rider(n, rider, rules, reviewer)
    log(f"points: 8 categories, {len(rules)} rules, {created} demo claims")
    # Rewards at the demo venues and a few vouchers, paid with the points just earned.
    from .rewards.demo import seed as seed_rewards

    seed_rewards(log=log)


def _claim(rider, rule, occurred_at, quantity="1", description="", location="") -> Claim:
    return Claim.objects.create(
        rider=rider,
        rule=rule,
        quantity=Decimal(quantity),
        occurred_at=occurred_at,
        description=description,
        location=location,
    )


def _seed_rider(n: int, rider: User, rules: dict[str, Rule], reviewer: User | None) -> int:
    approved = []
    # 5 days of 4 hours' volunteering: 40 points a day, exactly the daily cap → 200.
    for k in range(5):
        approved.append(
            _claim(rider, rules["volunteer_hours"], _at(3 + k * 2, 9), "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站")
        )
    approved.append(_claim(rider, rules["training_session"], _at(6, 14), description="暖新学院电动车安全培训。"))
    approved.append(_claim(rider, rules["training_session"], _at(13, 14), description="急救知识培训。"))
    approved.append(_claim(rider, rules["safe_month"], _at(1, 20), description="本月无违章。"))
    if n % 3 == 0:
        approved.append(_claim(rider, rules["lost_and_found"], _at(8, 12), description="捡到钱包交还失主。"))
    if n % 4 == 0:
        # One more volunteering hour on a day already at the cap: approved with 0 points.
        approved.append(_claim(rider, rules["volunteer_hours"], _at(3, 15), "1", "下午补充一小时。"))
    approved.append(_claim(rider, rules["help_neighbours"], _at(9, 16), description="陪独居老人去社区医院复诊。"))
    approved.append(_claim(rider, rules["help_neighbours"], _at(11, 10), description="帮楼下腿脚不便的阿姨取快递上楼。"))
    for claim in approved:
        _approve_locked(claim, actor=reviewer, send_notification=False)
    # No "report accepted" claims here: those are paid when staff accept the demo's reports
    # (volunteers/demo_reports.py), one per accepted report, so a rider's passbook matches
    # their reports.

    # Something for the reviewer's queue: a pending claim with a photo, and one without.
    _claim(rider, rules["help_neighbours"], _at(1, 10), description="帮独居老人搬运煤气罐。", location="锦江区成龙路")
    if n <= 8:
        photo_claim = _claim(rider, rules["emergency_help"], _at(2, 21), description="协助疏导交通事故现场。")
        photo = ClaimPhoto(claim=photo_claim, token=secrets.token_hex(16), content_type="image/jpeg")
        content = _jpeg(n)
        photo.size = content.size
        photo.image.save("photo", content, save=False)
        photo.save()
    if n % 5 == 0 and reviewer is not None:
        rejected = _claim(rider, rules["civil_persuasion"], _at(5, 8), description="劝导行人。")
        _reject_locked(rejected, actor=reviewer, reason="描述过于简单，请补充时间地点和经过。", send_notification=False)
    return Claim.objects.filter(rider=rider).count()
