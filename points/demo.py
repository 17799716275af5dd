"""Demo points: the programme's rules, and claims of the 20 demo riders (idempotent).

Every demo rider ends with at least 300 points earned through approved claims, so the
ledger rows are real: approvals go through the same code as a reviewer's click (caps,
ledger, audit), only without sending 200 SMS to the console. The riders who signed up in the
last days (accounts.demo.WAITING) send their screenshots through the evidence service, as
on /profile/evidence/ (WAITING_EVIDENCE).
"""

from __future__ import annotations

import io
import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.core.files.base import ContentFile

from friendlystreet import demo_clock
from friendlystreet.accounts.demo import WAITING, joined_days_ago, rider_phone
from friendlystreet.accounts.models import User
from friendlystreet.days import local_zone
from venues import demo_pictures

from . import verification
from .models import Category, Claim, ClaimPhoto, Rule
from .services import _approve_locked, _reject_locked, rider_verify

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


def _jpeg(seed: int) -> ContentFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (480, 360), ((seed * 47) % 256, (seed * 91) % 256, 160)).save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue())


# English names (name_en) of the categories and rules above, by code: what English pages show.
ENGLISH_NAMES = {
    "volunteer_service": "Volunteer service",
    "civilised_practice": "Civic practice",
    "activity_participation": "Taking part in activities",
    "governance_reports": "Reports on local issues",
    "learning_training": "Learning and training",
    "party_vanguard": "Party members leading the way",
    "safe_riding": "Safe, courteous riding",
    "good_deeds": "Good deeds",
    Rule.ACTIVITY_ATTENDANCE: "Taking part in a volunteer activity",
    Rule.REPORT_ACCEPTED: "Report on a local issue accepted",
    Rule.REPORT_ACCEPTED_GRID: "Micro-grid member's report accepted",
    Rule.COMPOUND_TIP_APPROVED: "Compound guide tip approved",
    "volunteer_hours": "Volunteer hours",
    "emergency_help": "Helping in an emergency",
    "civil_persuasion": "Persuading people to ride civilly",
    "training_session": "Attending a training course",
    "safety_study": "Online road-safety lesson",
    "party_service": "Serving openly as a Party member",
    "safe_month": "A month of safe riding, no violations",
    "lost_and_found": "Returning lost property",
    "help_neighbours": "Helping neighbours in need",
}


def _named_in_english(model: type[Category] | type[Rule]) -> None:
    """The English names of the demo's rows, where staff (or an earlier seed) wrote none."""
    for code, name_en in ENGLISH_NAMES.items():
        model.objects.filter(code=code, name_en="").update(name_en=name_en)


def _rules() -> dict[str, Rule]:
    categories = {}
    for code, name, order in CATEGORIES:
        categories[code], _ = Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    _named_in_english(Category)
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
    _named_in_english(Rule)
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
    _seed_waiting_evidence(reviewer)
    # Rewards at the demo venues and a few vouchers, paid with the points just earned.
    from .rewards.demo import seed as seed_rewards

    seed_rewards(log=log)


# The screenshots of the riders waiting for verification (accounts.demo.WAITING), sent as a
# rider sends one on /profile/evidence/, and the reviewer's refusal of a blurred one: rider
# number, then each step (what, days ago, hour). Rider 22 has sent none yet.
WAITING_EVIDENCE = {
    21: [("upload", 2, 19)],
    23: [("blurred upload", 9, 15), ("refusal", 8, 10), ("upload", 1, 20)],
}
BLURRED_REFUSED = "截图看不清骑手工号，请重新上传能看清工号的个人主页截图。"


def _seed_waiting_evidence(reviewer: User | None) -> None:
    waiting = {n: (name, platform, work_id) for n, name, _type, platform, work_id, *_when in WAITING}
    for n, steps in WAITING_EVIDENCE.items():
        rider = User.objects.filter(phone=rider_phone(n)).first()
        if rider is None or reviewer is None or verification.last_upload(rider) is not None:
            continue  # not the demo's accounts, or seeded before
        name, platform, work_id = waiting[n]
        for what, days_ago, hour in steps:
            if what == "refusal":
                step = partial(_refuse, reviewer, rider.pk)
            else:
                # A portrait "screenshot" of the platform app's profile page (the blurred one
                # shows no work ID, as the refusal says).
                step = partial(_upload, rider.pk, f"{platform} {name if what == 'blurred upload' else work_id}")
            demo_clock.schedule(demo_clock.moment(days_ago, hour), step)


def _upload(rider_id: int, text: str) -> None:
    screenshot, _thumbnail = demo_pictures.picture(kind="", text=text, size=(720, 1280), letter="骑")
    verification.evidence_save(rider=User.objects.get(pk=rider_id), upload=screenshot)


def _refuse(reviewer: User, rider_id: int) -> None:
    rider_verify(actor=reviewer, rider=User.objects.get(pk=rider_id), approve=False, reason=BLURRED_REFUSED)


def _claim(rider, rule, occurred_at, quantity="1", description="", location="") -> Claim:
    return Claim.objects.create(
        rider=rider,
        rule=rule,
        quantity=Decimal(quantity),
        occurred_at=occurred_at,
        description=description,
        location=location,
    )


# What each rider claimed and the reviewer approved, spread over the rider's time in the
# programme: (where in it, 0 the first days after they registered and 1 the day before
# yesterday; hour; rule; quantity; description; location).
APPROVED = [
    (0.05, 9, "volunteer_hours", "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站"),
    (0.15, 14, "training_session", "1", "暖新学院电动车安全培训。", ""),
    (0.25, 9, "volunteer_hours", "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站"),
    (0.35, 16, "help_neighbours", "1", "陪独居老人去社区医院复诊。", ""),
    (0.45, 9, "volunteer_hours", "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站"),
    (0.55, 14, "training_session", "1", "急救知识培训。", ""),
    (0.65, 9, "volunteer_hours", "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站"),
    (0.75, 10, "help_neighbours", "1", "帮楼下腿脚不便的阿姨取快递上楼。", ""),
    (0.85, 9, "volunteer_hours", "4", "在成龙路社区驿站协助维持秩序。", "成龙路驿站"),
    (0.95, 20, "safe_month", "1", "本月无违章。", ""),
]
# Days (ago) of the demo's finished activities that pay volunteering hours
# (volunteers/demo.py PAST): a rider's own volunteering claims fall on other days, or the
# daily cap would leave the activity's attendance unpaid.
HOURLY_ACTIVITY_DAYS = {58, 9}


def _day(n: int, where: float) -> int:
    """The day (days ago) at `where` in rider n's time in the programme."""
    start, end = joined_days_ago(n) - 2, 2
    day = round(start - where * (start - end))
    return day + 1 if day in HOURLY_ACTIVITY_DAYS else day


def _seed_rider(n: int, rider: User, rules: dict[str, Rule], reviewer: User | None) -> int:
    """Schedule rider n's claims (friendlystreet.demo_clock): each submitted the evening of
    the day it happened and decided by the reviewer the next morning, so the points earned
    (and their ledger entries) fall on the day of the decision."""
    made = 0

    def submitted(occurred: datetime, at: datetime, rule: str, quantity: str, text: str, where: str = "", then=None):
        nonlocal made
        made += 1

        def submit() -> None:
            claim = _claim(rider, rules[rule], occurred, quantity, text, where)
            if then is not None:
                then(claim)

        demo_clock.schedule(at, submit)

    def approved_next_morning(minutes: int):
        def then(claim: Claim) -> None:
            decided = moment_after(claim.created_at, days=1, hour=9, minute=minutes)
            demo_clock.schedule(decided, lambda: _approve_locked(claim, actor=reviewer, send_notification=False))

        return then

    for i, (where, hour, rule, quantity, text, location) in enumerate(APPROVED):
        day = _day(n, where)
        occurred = demo_clock.moment(day, hour)
        submitted(occurred, occurred + timedelta(hours=3), rule, quantity, text, location, approved_next_morning(n + i))
    if n % 3 == 0:
        day = _day(n, 0.5)
        occurred = demo_clock.moment(day, 12)
        submitted(
            occurred, occurred + timedelta(hours=2), "lost_and_found", "1", "捡到钱包交还失主。", "", approved_next_morning(40)
        )
    if n % 4 == 0:
        # One more volunteering hour on a day already at the cap: approved with 0 points.
        occurred = demo_clock.moment(_day(n, 0.05), 15)
        submitted(
            occurred, occurred + timedelta(hours=3), "volunteer_hours", "1", "下午补充一小时。", "", approved_next_morning(50)
        )
    # No "report accepted" claims here: those are paid when staff accept the demo's reports
    # (volunteers/demo_reports.py), one per accepted report, so a rider's passbook matches
    # their reports.

    # Something for the reviewer's queue: a claim sent in today (or just before the demo was
    # loaded), the first riders' with a photo sent yesterday, and a rejected one.
    sent = demo_clock.minutes_ago(12 + 9 * n)
    submitted(sent - timedelta(hours=3), sent, "help_neighbours", "1", "帮独居老人搬运煤气罐。", "锦江区成龙路")
    if n <= 8:

        def with_photo(claim: Claim) -> None:
            photo = ClaimPhoto(claim=claim, token=secrets.token_hex(16), content_type="image/jpeg")
            content = _jpeg(n)
            photo.size = content.size
            photo.image.save("photo", content, save=False)
            photo.save()

        occurred = demo_clock.moment(2, 21)
        submitted(occurred, demo_clock.moment(1, 8, 5 * n), "emergency_help", "1", "协助疏导交通事故现场。", "", with_photo)
    if n % 5 == 0 and reviewer is not None:

        def rejected_next_morning(claim: Claim) -> None:
            decided = moment_after(claim.created_at, days=1, hour=10, minute=n)
            reason = "描述过于简单，请补充时间地点和经过。"
            demo_clock.schedule(decided, lambda: _reject_locked(claim, actor=reviewer, reason=reason, send_notification=False))

        occurred = demo_clock.moment(_day(n, 0.6), 8)
        submitted(occurred, occurred + timedelta(hours=4), "civil_persuasion", "1", "劝导行人。", "", rejected_next_morning)
    return made


def moment_after(moment: datetime, *, days: int, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` (Asia/Shanghai) `days` days after the day of `moment`."""
    day = moment.astimezone(local_zone()).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute % 60), tzinfo=local_zone())
