"""Demo accounts (README lists them). All share the password DEMO_PASSWORD."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

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


def rider_phone(n: int) -> str:
    return f"+86138000000{n:02d}"


def seed(*, log) -> None:
    # One hash for everyone: hashing 24 passwords with PBKDF2 on every run is slow.
    password = make_password(DEMO_PASSWORD)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_PERMISSIONS}

    for username, name, phone, role, superuser in STAFF:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": name,
                "phone": phone,
                "phone_verified": True,
                "is_staff": superuser,
                "is_superuser": superuser,
                "verification": Verification.VERIFIED,
            },
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
        user.groups.add(groups[role])

    reviewer = User.objects.get(username="reviewer")
    for n in range(1, 21):
        user, created = User.objects.update_or_create(
            username=f"rider{rider_phone(n)[3:]}",
            defaults={
                "display_name": RIDER_NAMES[n - 1],
                "phone": rider_phone(n),
                "phone_verified": True,
                "work_type": WORK_TYPES[n % len(WORK_TYPES)],
                "platform": PLATFORMS[n % len(PLATFORMS)],
                "verification": Verification.VERIFIED,
                "privacy_consent_version": "2026-11",
            },
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
            # As the reviewer's decision would have written it: the dashboard counts riders
            # verified in a period from these entries (else the demo shows 0 verified).
            audit_record(actor=reviewer, action="accounts.rider_verified", target=user, data={"reason": ""})
        user.groups.add(groups[roles.RIDER])
    log("accounts: admin, reviewer, barber, clinic and riders 13800000001–13800000020")
