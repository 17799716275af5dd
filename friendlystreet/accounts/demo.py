"""Demo accounts (README lists them). All share the password DEMO_PASSWORD."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from friendlystreet import demo_clock
from friendlystreet.audit.services import audit_record

from . import roles
from .models import User, Verification, WorkType

DEMO_PASSWORD = "friendly-demo-2026"  # noqa: S105 (published in README, demo only)

RIDER_NAMES = [
    "张伟",
    "王芳",
    "李强",
    "刘洋",
    "陈杰",
    "杨磊",
    "赵敏",
    "黄勇",
    "周婷",
    "吴涛",
    "徐静",
    "孙浩",
    "胡军",
    "朱丽",
    "高峰",
    "林娜",
    "何斌",
    "郭超",
    "马丹",
    "罗刚",
]
PLATFORMS = ["美团", "饿了么", "顺丰速运", "京东物流", "滴滴出行"]
WORK_TYPES = [WorkType.DELIVERY, WorkType.DELIVERY, WorkType.COURIER, WorkType.COURIER, WorkType.RIDE_HAILING]

STAFF = [
    # username, name, phone, role, is_superuser
    ("admin", "街道管理员", "+8613900000001", roles.STREET_ADMIN, True),
    ("reviewer", "审核员小刘", "+8613900000002", roles.REVIEWER, False),
    ("barber", "理发店王师傅", "+8613900000003", roles.PARTNER, False),
    ("clinic", "社区医院李医生", "+8613900000004", roles.PARTNER, False),
]


# Riders who signed up in the last days and wait for verification (the queue at
# /staff/riders/): number, name, work type, platform, work ID, registered (days ago, hour).
# Their screenshots are sent through the evidence service in points/demo.py (WAITING_EVIDENCE):
# one sent a screenshot, one has not yet, one was refused a week ago and sent a new one.
WAITING = [
    (21, "邓晨", WorkType.DELIVERY, "美团", "MT58117", 2, 19),
    (22, "许佳", WorkType.COURIER, "顺丰速运", "", 1, 8),
    (23, "冯磊", WorkType.DELIVERY, "饿了么", "ELM77120", 9, 14),
]


def rider_phone(n: int) -> str:
    return f"+86138000000{n:02d}"


def joined_days_ago(n: int) -> int:
    """Rider n registered this many days ago: the programme's first riders about three months
    ago, one more every four days since (so every recent month has its newcomers)."""
    return 96 - 4 * (n - 1)


def joined_at(n: int):
    return demo_clock.moment(joined_days_ago(n), 8 + (n * 5) % 13, (n * 17) % 60)


def seed(*, log) -> None:
    # One hash for everyone: hashing 24 passwords with PBKDF2 on every run is slow.
    password = make_password(DEMO_PASSWORD)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_PERMISSIONS}

    for username, name, phone, role, superuser in STAFF:
        fields = {
            "display_name": name,
            "phone": phone,
            "phone_verified": True,
            "is_staff": superuser,
            "is_superuser": superuser,
            "verification": Verification.VERIFIED,
        }
        user, created = User.objects.update_or_create(
            username=username,
            defaults=fields,
            # Staff and partners were there before the first rider.
            create_defaults={**fields, "date_joined": demo_clock.moment(demo_clock.HISTORY_DAYS, 9)},
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
        user.groups.add(groups[role])

    reviewer = User.objects.get(username="reviewer")
    for n in range(1, 21):
        fields = {
            "display_name": RIDER_NAMES[n - 1],
            "phone": rider_phone(n),
            "phone_verified": True,
            "work_type": WORK_TYPES[n % len(WORK_TYPES)],
            "platform": PLATFORMS[n % len(PLATFORMS)],
            "verification": Verification.VERIFIED,
            "privacy_consent_version": "2026-11",
        }
        user, created = User.objects.update_or_create(
            username=f"rider{rider_phone(n)[3:]}",
            defaults=fields,
            # Registered (and agreed to the privacy notice) on their day of the demo's history.
            create_defaults={**fields, "date_joined": joined_at(n), "privacy_consent_at": joined_at(n)},
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
            # As the reviewer's decision would have written it, the morning after the rider
            # registered: the dashboard counts riders verified in a period from these entries.
            demo_clock.schedule(
                joined_at(n) + timedelta(days=1, hours=2),
                lambda user=user: audit_record(
                    actor=reviewer, action="accounts.rider_verified", target=user, data={"reason": ""}
                ),
            )
        user.groups.add(groups[roles.RIDER])

    for n, name, work_type, platform, work_id, days_ago, hour in WAITING:
        registered = demo_clock.moment(days_ago, hour, 10 + n)
        # Created once: a second seed leaves them as they are (a verifier may have decided since).
        user, created = User.objects.get_or_create(
            username=f"rider{rider_phone(n)[3:]}",
            defaults={
                "display_name": name,
                "phone": rider_phone(n),
                "phone_verified": True,
                "work_type": work_type,
                "platform": platform,
                "work_id": work_id,
                "privacy_consent_version": "2026-11",
                "date_joined": registered,
                "privacy_consent_at": registered,
            },
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
        user.groups.add(groups[roles.RIDER])
    log(
        "accounts: admin, reviewer, barber, clinic, riders 13800000001–13800000020 and "
        f"{len(WAITING)} waiting for verification (13800000021–138000000{20 + len(WAITING)})"
    )
