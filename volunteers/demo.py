"""Demo volunteers around Chenglong Road (idempotent, fast on a second run).

Riders 1–8 form the 帮帮龘 team; riders 1–5 are appointed micro-grid members with
honour certificates; riders 2 and 4 declared party membership with its own consent and the
street office confirmed it. There are upcoming activities (one with a single place left,
one full with a waitlist) and finished ones whose attendance was recorded and paid.

Everything goes through the services (audit, notifications, points), as staff and riders
would do it, each step at its moment of the demo's history (friendlystreet.demo_clock): riders
join the team and declare membership after they registered, a finished activity was announced,
signed up for, attended and finished at its dates. Attendance is recorded by
`attendance_record`, which pays through `points.services.claim_create_from_source`; the ledger
is never touched here.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from friendlystreet import demo_clock
from friendlystreet.accounts.demo import rider_phone
from friendlystreet.accounts.models import User
from friendlystreet.days import local_today
from points.models import Rule
from venues.models import Community, Venue
from venues.navigation import to_map_coords

from . import selectors, services
from .models import Activity, ActivityCategory, GridAppointment, PartyDeclaration, Signup, TeamMembership

TEAM = range(1, 9)  # riders 1–8

# Where the demo riders live (their profile's home community, which the dashboard's figures by
# community count them under): most of them, spread over the six communities; riders 12, 16
# and 20 have not said, so the "no community" row shows too.
HOME_COMMUNITIES = {
    1: "驿都社区",
    2: "驿都社区",
    3: "大观社区",
    4: "成龙社区",
    5: "长柏社区",
    6: "静康社区",
    7: "跃进社区",
    8: "成龙社区",
    9: "大观社区",
    10: "长柏社区",
    11: "跃进社区",
    13: "静康社区",
    14: "驿都社区",
    15: "成龙社区",
    17: "大观社区",
    18: "长柏社区",
    19: "跃进社区",
}

# rider number, grid area, certificate number, appointed (days ago; after they registered)
GRID = [
    (1, "驿都社区第1微网格（R29街区）", "CLL-WGY-2026-001", 80),
    (2, "驿都社区第3微网格（驿都大道沿线）", "CLL-WGY-2026-002", 80),
    (3, "大观社区第2微网格（大观路）", "CLL-WGY-2026-003", 66),
    (4, "成龙社区第5微网格（成龙大道二段）", "CLL-WGY-2026-004", 66),
    (5, "长柏社区第1微网格（长柏路）", "CLL-WGY-2026-005", 45),
]

PARTY = [(2, "成龙路街道新就业群体联合党支部"), (4, "锦江区快递行业党委成龙路支部")]

ATTENDANCE_RULE = Rule.ACTIVITY_ATTENDANCE
HOURLY_RULE = "volunteer_hours"  # points/demo.py: 10 points an hour


def _activity(
    title, category, description, *, where, days, hour, hours, capacity, rule=ATTENDANCE_RULE, team_only=False, title_en=""
):
    return {
        "title": title,
        "title_en": title_en,  # what riders reading English see; most are left in Chinese only
        "category": category,
        "description": description,
        "where": where,
        "days": days,  # from today: negative in the past
        "hour": hour,
        "hours": hours,
        "capacity": capacity,
        "rule": rule,
        "team_only": team_only,
    }


# Places without a venue: (place, WGS-84 pin)
PLACES = {
    "成龙大道二段": ("锦江区成龙大道二段与驿都大道路口", (30.6019, 104.1301)),
    "大观路": ("锦江区大观路沿线（大观社区至成龙大道）", (30.5971, 104.1336)),
    "静康": ("锦江区静康社区党群服务中心（集合点）", (30.5958, 104.1227)),
    "锦绣天府": ("锦绣天府小区北门消防通道", (30.6052, 104.1390)),
}

# Upcoming: (activity, rider numbers who sign up, in order). Capacity vs sign-ups: the first
# has one place left, the second is full with two on the waitlist.
UPCOMING = [
    (
        _activity(
            "锦绣天府小区消防通道巡查",
            ActivityCategory.PATROL,
            "沿小区主干道和楼栋间消防通道巡查，发现占用通道的车辆和杂物，拍照记录并联系物业处理。请穿志愿者马甲。",
            where="锦绣天府",
            days=3,
            hour=15,
            hours=2,
            capacity=6,
            title_en="Fire-lane patrol at Jinxiu Tianfu",
        ),
        [1, 2, 3, 4, 5],
    ),
    (
        _activity(
            "看望静康社区独居老人",
            ActivityCategory.ELDERLY_CARE,
            "两人一组上门看望社区独居老人，陪老人聊聊天，帮忙检查燃气和电器安全，送上夏季关爱包。",
            where="静康",
            days=5,
            hour=9,
            hours=3,
            capacity=4,
            team_only=True,
            title_en="Visiting older people who live alone in Jingkang",
        ),
        [2, 4, 6, 1, 7, 8],
    ),
    (
        _activity(
            "成龙大道路口文明交通劝导",
            ActivityCategory.CIVILITY,
            "早高峰在成龙大道二段路口劝导闯红灯、逆行和不戴头盔的行为，宣传安全文明骑行。",
            where="成龙大道二段",
            days=8,
            hour=7,
            hours=2,
            capacity=12,
        ),
        [3, 5, 9, 10],
    ),
]

# Finished: (activity, riders registered, riders who came; the others are no-shows).
PAST = [
    (
        _activity(
            "驿都社区街道清洁",
            ActivityCategory.CLEANUP,
            "清扫驿都大道人行道和绿化带的垃圾、烟头，清理乱贴的小广告。",
            where="R29街区广场暖新驿站",
            days=-58,
            hour=9,
            hours=2,
            capacity=10,
            rule=HOURLY_RULE,
        ),
        [1, 2, 3, 4, 5, 6, 7],
        [1, 2, 3, 4, 5, 7],
    ),
    (
        _activity(
            "暖新学院消防安全培训",
            ActivityCategory.TRAINING,
            "消防救援站教官讲解电动车充电安全和灭火器使用，现场实操演练。",
            where="暖新学院（新就业群体培训基地）",
            days=-30,
            hour=14,
            hours=2,
            capacity=30,
            title_en="Fire safety training for riders",
        ),
        [1, 2, 3, 4, 5, 6, 7, 8, 11, 12],
        [1, 2, 3, 4, 6, 8, 11, 12],
    ),
    (
        _activity(
            "大观路共享单车和电动车秩序整理",
            ActivityCategory.CIVILITY,
            "把大观路人行道上乱停的共享单车、电动车摆放整齐，给盲道和消防通道让出空间。",
            where="大观路",
            days=-9,
            hour=16,
            hours=1.5,
            capacity=8,
            rule=HOURLY_RULE,
        ),
        [2, 3, 5, 8],
        [2, 3, 5, 8],
    ),
]


def _moment(days: int, hour: int) -> datetime:
    zone = timezone.get_default_timezone()
    day = timezone.localdate(demo_clock.real_now(), zone) + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=zone)


def _fields(spec: dict, rules: dict[str, Rule], venues: dict[str, Venue]) -> dict:
    starts_at = _moment(spec["days"], spec["hour"])
    fields = {
        "title": spec["title"],
        "title_en": spec["title_en"],
        "description": spec["description"],
        "category": spec["category"],
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=spec["hours"]),
        # Organisers close sign-ups the evening before, not in the small hours.
        "signup_deadline": _moment(spec["days"] - 1, 20),
        "capacity": spec["capacity"],
        "rule": rules.get(spec["rule"]) or rules[ATTENDANCE_RULE],
        "team_only": spec["team_only"],
        "state": Activity.State.PUBLISHED,
    }
    venue = venues.get(spec["where"])
    if venue is not None:
        fields["venue"] = venue
    else:
        place, (lat, lng) = PLACES[spec["where"]]
        lat, lng = to_map_coords(lat, lng)
        fields.update(place=place, lat=Decimal(f"{lat:.6f}"), lng=Decimal(f"{lng:.6f}"))
    return fields


def seed(*, log) -> None:
    admin = User.objects.filter(username="admin").first()
    reviewer = User.objects.filter(username="reviewer").first() or admin
    riders = {n: u for n in range(1, 21) if (u := User.objects.filter(phone=rider_phone(n)).first())}
    if admin is None or not riders:
        log("volunteers: skipped (no demo accounts)")
        return
    _homes(riders)
    _team(admin, riders)
    _grid(admin, riders)
    _party(admin, riders)

    rules = {r.code: r for r in Rule.objects.filter(code__in=[ATTENDANCE_RULE, HOURLY_RULE], active=True)}
    titles = [spec["title"] for spec, *_rest in UPCOMING + PAST]
    venues = {v.name: v for v in Venue.objects.filter(name__in=[spec["where"] for spec, *_rest in UPCOMING + PAST])}
    existing = set(Activity.objects.filter(title__in=titles).values_list("title", flat=True))
    for spec, *_rest in UPCOMING + PAST:  # a demo seeded before activities had English titles gets them
        if spec["title_en"] and spec["title"] in existing:
            Activity.objects.filter(title=spec["title"], title_en="").update(title_en=spec["title_en"])
    made = 0
    for i, (spec, numbers) in enumerate(UPCOMING):
        if spec["title"] in existing:
            continue
        # Announced a few days ago; the riders signed up since, one after another.
        demo_clock.schedule(
            demo_clock.moment(4 - i, 10),
            lambda spec=spec, numbers=numbers: _upcoming(spec, numbers, admin=admin, riders=riders, rules=rules, venues=venues),
        )
        made += 1
    for spec, registered, came in PAST:
        if spec["title"] in existing:
            continue
        fields = _fields(spec, rules, venues)
        demo_clock.schedule(
            fields["starts_at"] - timedelta(days=7),
            lambda fields=fields, registered=registered, came=came: _past(
                fields, registered, came, admin=admin, reviewer=reviewer, riders=riders
            ),
        )
        made += 1
    log(
        f"volunteers: 帮帮龘 team of {len(TEAM)}, {len(GRID)} micro-grid members, {len(PARTY)} party members, "
        f"{made} new activities"
    )
    # Reports, the initiatives and the convention, the non-venue partners (demo_reports.py).
    from . import demo_reports

    demo_reports.seed(log=log)


def _homes(riders: dict[int, User]) -> None:
    communities = {c.name: c for c in Community.objects.filter(name__in=set(HOME_COMMUNITIES.values()))}
    for n, name in HOME_COMMUNITIES.items():
        rider = riders.get(n)
        if rider is None:
            continue
        profile = selectors.profile_of(rider)
        if profile.home_community_id is None:
            profile.home_community = communities.get(name)
            profile.save(update_fields=["home_community"])


def _team(admin: User, riders: dict[int, User]) -> None:
    for n in TEAM:
        rider = riders.get(n)
        if rider is None:
            continue
        if TeamMembership.objects.filter(rider=rider).exists():
            continue
        # Asked to join a few days after registering; the street office said yes two days later.
        asked = rider.date_joined + timedelta(days=5, hours=n)
        demo_clock.schedule(asked, lambda rider=rider, asked=asked: _join(admin, rider, asked + timedelta(days=2)))


def _join(admin: User, rider: User, accepted: datetime) -> None:
    membership = services.team_request(rider=rider, note="想利用送单间隙为街道出把力。")
    demo_clock.schedule(accepted, lambda: services.team_decide(actor=admin, membership=membership, accept=True))


def _grid(admin: User, riders: dict[int, User]) -> None:
    taken = set(GridAppointment.objects.filter(certificate_number__in=[g[2] for g in GRID]).values_list("rider_id", flat=True))
    today = local_today(demo_clock.real_now())
    for n, area, number, days_ago in GRID:
        rider = riders.get(n)
        if rider is None or rider.pk in taken or GridAppointment.objects.filter(rider=rider, ended_on__isnull=True).exists():
            continue
        on = today - timedelta(days=days_ago)
        demo_clock.schedule(
            demo_clock.moment(days_ago, 15),
            lambda rider=rider, area=area, on=on, number=number: services.grid_appoint(
                actor=admin, rider=rider, area=area, appointed_on=on, certificate_number=number
            ),
        )


def _party(admin: User, riders: dict[int, User]) -> None:
    for n, organisation in PARTY:
        rider = riders.get(n)
        if rider is None or PartyDeclaration.objects.filter(rider=rider).exists():
            continue
        # Declared a couple of weeks after registering; confirmed by the street office in three days.
        declared = rider.date_joined + timedelta(days=14, hours=3)
        demo_clock.schedule(
            declared,
            lambda rider=rider, organisation=organisation, declared=declared: _declare(admin, rider, organisation, declared),
        )


def _declare(admin: User, rider: User, organisation: str, declared: datetime) -> None:
    declaration = services.party_declare(rider=rider, organisation=organisation, consent=True)
    demo_clock.schedule(declared + timedelta(days=3), lambda: services.party_confirm(actor=admin, declaration=declaration))


def _upcoming(spec, numbers, *, admin, riders, rules, venues) -> None:
    activity = services.activity_create(actor=admin, **_fields(spec, rules, venues))
    for i, n in enumerate(numbers):
        if n in riders:
            demo_clock.schedule(
                activity.created_at + timedelta(hours=3, minutes=97 * i + 13 * n),
                lambda rider=riders[n]: services.signup_create(rider=rider, activity=activity),
            )


def _past(fields, registered, came, *, admin, reviewer, riders) -> None:
    """A finished activity, lived through on the demo's clock: announced a week before, signed
    up for over the next days, attended (each check-in paying through the points services) and
    the no-shows marked at its time, finished after it."""
    activity = services.activity_create(actor=admin, **fields)
    start, deadline = activity.starts_at, activity.signup_deadline
    for i, n in enumerate(registered):
        if n in riders:
            demo_clock.schedule(
                deadline - timedelta(days=2) + timedelta(minutes=37 * i),
                lambda rider=riders[n]: services.signup_create(rider=rider, activity=activity),
            )
    came_riders = {riders[n] for n in came if n in riders}

    def check_in(signup: Signup) -> None:
        services.attendance_record(actor=reviewer, signup=signup, attended=signup.rider in came_riders)

    def roll_call() -> None:
        for i, signup in enumerate(activity.signups.select_related("rider").order_by("queued_at")):
            if signup.rider in came_riders:
                demo_clock.schedule(start - timedelta(minutes=10) + timedelta(minutes=i), lambda s=signup: check_in(s))
            else:
                demo_clock.schedule(start + timedelta(minutes=30), lambda s=signup: check_in(s))
        demo_clock.schedule(
            activity.ends_at + timedelta(hours=1), lambda: services.activity_finish(actor=admin, activity=activity)
        )

    demo_clock.schedule(start - timedelta(minutes=30), roll_call)
