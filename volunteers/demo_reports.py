# ruff: noqa: E501 - Chinese Markdown paragraphs cannot be wrapped: a line break inside one renders as a space.
"""Demo data of the neighbourhood reports, the public texts and the partners' wall
(idempotent; volunteers/demo.py calls `seed` at its end, after the riders, the micro-grid
members and the points rules exist).

- Reports in every state across the six communities, filed by verified riders through
  `report_submit` and moved by staff through `report_transition` (acceptance pays through the
  points services): two overdue (still "submitted" after 48 h), one with three "me too", one
  marked as a duplicate of it. Demo reports have no photos. Each step happens at its moment
  of the demo's history (friendlystreet.demo_clock), as if they had been filed days ago.
- Reply templates per category, for the staff's answers.
- The three initiative letters, the letter to mobile party members and the tripartite
  convention (`text_save`), signed (`text_sign`) by riders as couriers and by representatives
  of communities and property companies (demo accounts without a password).
- The company that donated the ten warm bicycles, and two more non-venue partners.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from friendlystreet import demo_clock
from friendlystreet.accounts.demo import rider_phone
from friendlystreet.accounts.models import User
from venues.models import Community, Partner, Venue
from venues.partners import partner_save

from .models import PublicText, ReplyTemplate, Report, Signature
from .reports import services as report_services
from .texts import services as text_services

S = Report.Status

# --- reports ------------------------------------------------------------------------------------

# key, rider number, category, community, (lat, lng) WGS-84, address, description, hours ago,
# the moves staff made: [(status, note), ...]
REPORTS = [
    (
        "venue-info-jingkang",
        11,
        "venue_info",  # reported from the venue's page: the report names the venue (its address here)
        "静康社区",
        (30.5968, 104.1199),
        "锦江区静康路218号",
        "地图上写暖新便利店 7 点开门，我早上 7 点半到的时候还关着，店员说现在 8 点才开门。",
        40,
        [
            (S.ACCEPTED, "感谢反馈，我们已联系店家核实。"),
            (S.RESOLVED, "已核实：便利店现在早上 8 点开门，地图上的营业时间已经改好了。"),
        ],
    ),
    (
        "fire-lane-r29",
        1,
        "fire_lane",
        "驿都社区",
        (30.6038, 104.1259),
        "成龙大道二段R29街区3栋与5栋之间",
        "R29街区3栋和5栋之间的消防通道被十几辆电动车和一辆面包车堵死了，晚上送餐时看到一直没人挪，万一着火消防车进不来。",
        60,
        [],
    ),
    (
        "rubbish-jingkang",
        6,
        "sanitation",
        "静康社区",
        (30.5962, 104.1206),
        "静康路与静安路交叉口东北角",
        "静康路路口的绿化带里堆了好几袋装修垃圾，已经三四天了，天热有味道，旁边就是公交站。",
        75,
        [],
    ),
    (
        "crossing-yuejin",
        7,
        "traffic_parking",
        "跃进社区",
        (30.6147, 104.1139),
        "跃进路快修电动车服务点对面",
        "跃进路这个路口没有红绿灯，下午放学时车和学生都很多，骑手和私家车经常抢道，建议加个减速带或者安排人疏导。",
        6,
        [],
    ),
    (
        "manhole-chenglong",
        4,
        "safety_hazard",
        "成龙社区",
        (30.6005, 104.1247),
        "成龙大道二段1066号门口人行道",
        "成龙大道二段1066号门口人行道上的井盖松了，一边翘起来两三厘米，电动车压上去会弹一下，晚上看不清很容易摔。",
        20,
        [],
    ),
    (
        "manhole-chenglong-again",
        9,
        "safety_hazard",
        "成龙社区",
        (30.6006, 104.1248),
        "成龙大道二段王师傅理发店附近",
        "理发店旁边有个井盖是活动的，踩上去会响，怕有人掉下去。",
        8,
        [(S.DUPLICATE, "与已受理的#线索为同一井盖，已合并处理，感谢您的关注。")],
    ),
    (
        "streetlight-daguan",
        3,
        "public_facility",
        "大观社区",
        (30.6118, 104.1192),
        "大观路15号至27号路段",
        "大观路15号到27号这一段有三盏路灯不亮，晚上十点以后很黑，送餐经过时看不清路面。",
        30,
        [(S.ACCEPTED, "已受理，已通知照明维护单位到现场核查。")],
    ),
    (
        "dispute-changbai",
        5,
        "dispute",
        "长柏社区",
        (30.6044, 104.1380),
        "长柏路99号锦绣天府小区北门",
        "锦绣天府北门保安不让电动车进，也不让在门口停，骑手和保安吵了起来，希望社区和物业协调一个临时停车的地方。",
        40,
        [(S.ACCEPTED, "已受理，社区将约物业和骑手代表一起商量停车点。")],
    ),
    (
        "billboard-yidu",
        2,
        "safety_hazard",
        "驿都社区",
        (30.6079, 104.1317),
        "驿都大道88号旁商铺二楼",
        "驿都大道88号旁边商铺二楼的广告牌一角脱落了，风一吹就晃，下面是人行道和骑手等单的地方。",
        300,
        [
            (S.ACCEPTED, "已受理，已联系城管中队和商铺业主。"),
            (S.IN_PROGRESS, "已拉起警戒线，商铺已联系施工队，预计两天内加固或拆除。"),
        ],
    ),
    (
        "parking-jingkang",
        8,
        "traffic_parking",
        "静康社区",
        (30.5952, 104.1228),
        "静康路66号东方花园南门",
        "东方花园南门外的骑手停车区被私家车占了，电动车只能停在盲道上，经常被贴条。",
        400,
        [
            (S.ACCEPTED, "已受理。"),
            (S.IN_PROGRESS, "物业已同意重新划线并设置隔离桩，正在施工。"),
        ],
    ),
    (
        "rubbish-chenglong",
        10,
        "sanitation",
        "成龙社区",
        (30.5988, 104.1300),
        "成龙大道地铁站C口旁",
        "地铁站C口旁边的垃圾桶满了没人收，外卖盒子堆了一地，下雨后很脏。",
        960,
        [
            (S.ACCEPTED, "已受理，已通知环卫作业公司。"),
            (S.RESOLVED, "环卫已清运，并在该点位增加一个垃圾桶、早晚各清运一次。谢谢您！"),
        ],
    ),
    (
        "tactile-changbai",
        11,
        "public_facility",
        "长柏社区",
        (30.6060, 104.1352),
        "长柏路36号门口",
        "长柏路36号门口的盲道砖碎了好几块，翘起来的边很锋利，推车和行人都容易绊倒。",
        1200,
        [
            (S.ACCEPTED, "已受理，转市政维护。"),
            (S.IN_PROGRESS, "市政已排期维修。"),
            (S.RESOLVED, "盲道砖已全部更换。"),
        ],
    ),
    (
        "fire-lane-daguan",
        3,
        "fire_lane",
        "大观社区",
        (30.6125, 104.1185),
        "大观社区综合体后侧通道",
        "综合体后面的消防通道被几个摊位的货架挡住了，只剩一个人能过。",
        1800,
        [
            (S.ACCEPTED, "已受理，社区网格员已到场。"),
            (S.RESOLVED, "已劝导商户移走货架，并在通道地面重新喷涂禁停标识。"),
        ],
    ),
    (
        "wires-yuejin",
        12,
        "safety_hazard",
        "跃进社区",
        (30.6153, 104.1146),
        "跃进路老小区7栋楼道口",
        "7栋楼道口有人从窗户拉电线给电动车充电，电线挂在半空，下雨天很危险。",
        620,
        [
            (S.ACCEPTED, "已受理。"),
            (S.RESOLVED, "社区和物业已上门劝导拆除飞线，并告知附近的集中充电桩位置。"),
        ],
    ),
    (
        "complaint-platform",
        13,
        "other",
        "驿都社区",
        (30.6033, 104.1266),
        "R29街区广场",
        "平台这周扣了我两单超时的钱，明明是电梯坏了，能不能帮我申诉？",
        500,
        [
            (
                S.REJECTED,
                "这属于与平台之间的劳动权益问题，不属于街区治理线索。请到R29街区广场暖新驿站的骑手议事角，"
                "工会和法律援助志愿者每周三下午在那里帮大家申诉。",
            )
        ],
    ),
]
OVERDUE = ("fire-lane-r29", "rubbish-jingkang")
ME_TOO = ("manhole-chenglong", (6, 7, 8))  # the report and the riders who saw the same
DUPLICATE = ("manhole-chenglong-again", "manhole-chenglong")

# category, the move it is for ("" any), title, text, its English text (for reporters who read English)
REPLY_TEMPLATES = [
    (
        "",
        S.ACCEPTED,
        "通用：已受理",
        "您好，您上报的线索已受理，我们会尽快安排处理，处理进展会在这里告诉您。感谢您做城市的眼睛！",
        "Hello, your report has been accepted. We will arrange for it to be dealt with soon and tell you here how it"
        " goes. Thank you for being the city's eyes!",
    ),
    (
        "",
        S.RESOLVED,
        "通用：已办结",
        "您上报的问题已处理完毕，欢迎您路过时看一看。如果问题还在，请再上报一次。",
        "The problem you reported has been dealt with; have a look when you pass by. If it is still there, please"
        " report it again.",
    ),
    (
        "",
        S.DUPLICATE,
        "通用：重复线索",
        "这个问题已有骑手上报并在处理中，我们已合并处理。下次看到已上报的问题，可以直接点“我也看到了”。",
        "Another rider already reported this problem and it is being dealt with, so we have merged the two. Next time"
        " you see a problem that is already reported, just tap “Me too”.",
    ),
    (
        "safety_hazard",
        S.ACCEPTED,
        "安全隐患：已派人核查",
        "已受理，已通知网格员和相关责任单位到现场核查，必要时先设置警示。",
        "Accepted. The grid member and the body responsible have been asked to check on site, and to put up a warning"
        " first if needed.",
    ),
    (
        "safety_hazard",
        S.RESOLVED,
        "安全隐患：已消除",
        "现场隐患已消除。感谢您及时发现，您的提醒可能避免了一次事故。",
        "The hazard has been removed. Thank you for spotting it in time: your warning may have prevented an accident.",
    ),
    (
        "sanitation",
        S.ACCEPTED,
        "环境卫生：已转环卫",
        "已受理，已转环卫作业公司，一般24小时内清运。",
        "Accepted and passed to the street-cleaning company; it is usually cleared within 24 hours.",
    ),
    (
        "sanitation",
        S.RESOLVED,
        "环境卫生：已清运",
        "垃圾已清运，我们会加强该点位的巡查。",
        "The rubbish has been cleared, and this spot will be checked more often.",
    ),
    (
        "public_facility",
        S.ACCEPTED,
        "公共设施：已转维护单位",
        "已受理，已转市政（照明）维护单位排期维修。",
        "Accepted and passed to the municipal (lighting) maintenance unit, which will schedule the repair.",
    ),
    (
        "public_facility",
        S.IN_PROGRESS,
        "公共设施：维修中",
        "维修单位已到场，正在施工，请绕行注意安全。",
        "The repair crew is on site and at work. Please go around it and take care.",
    ),
    (
        "traffic_parking",
        S.ACCEPTED,
        "交通停车：已联系交警和物业",
        "已受理，已联系交警中队和相关物业，协商设置停车区或疏导措施。",
        "Accepted. We have contacted the traffic police squad and the property company to agree on a parking area or"
        " traffic measures.",
    ),
    (
        "traffic_parking",
        S.REJECTED,
        "交通停车：不属街道职责",
        "该路段的信号灯设置由交管部门负责，我们已把您的建议转给交警中队，这条线索先不予受理。",
        "The traffic lights on this road are the traffic authority's responsibility. We have passed your suggestion to"
        " the traffic police squad, and this report is not taken up here.",
    ),
    (
        "fire_lane",
        S.ACCEPTED,
        "消防通道：网格员到场",
        "已受理，网格员正赶往现场劝导挪车，必要时联系消防部门。",
        "Accepted. A grid member is on the way to ask the owners to move their vehicles, and will call the fire"
        " service if needed.",
    ),
    (
        "fire_lane",
        S.RESOLVED,
        "消防通道：已畅通",
        "消防通道已恢复畅通，并已提醒物业加强巡查。生命通道，感谢守护！",
        "The fire lane is clear again, and the property company has been reminded to patrol it more often. Thank you"
        " for keeping this lifeline open!",
    ),
    (
        "dispute",
        S.ACCEPTED,
        "矛盾纠纷：约三方协调",
        "已受理，社区将约物业、骑手代表一起协调，时间确定后通知您。",
        "Accepted. The community will bring the property company and riders' representatives together to settle it;"
        " we will tell you when the meeting is set.",
    ),
    (
        "dispute",
        S.REJECTED,
        "矛盾纠纷：请走法律援助",
        "这属于劳动或合同纠纷，建议到暖新驿站的法律援助点咨询，我们可以帮您预约。",
        "This is a labour or contract dispute. Please ask at the legal aid desk at the community station; we can book"
        " an appointment for you.",
    ),
    (
        "venue_info",
        S.RESOLVED,
        "阵地信息：已更新",
        "感谢反馈，我们已联系阵地核实，地图上的信息已经更新。",
        "Thank you. We checked with the venue, and the information on the map has been updated.",
    ),
    (
        "other",
        S.REJECTED,
        "其他：不属于治理线索",
        "这条内容不属于街区治理线索，已转相关部门或请您通过对应渠道反映。谢谢理解。",
        "This is not a neighbourhood problem report. It has been passed to the department concerned, or please raise it"
        " through the channel for it. Thank you for understanding.",
    ),
]

# --- signatures and partners --------------------------------------------------------------------

# username, name, the station they sign through: representatives who signed the convention (demo
# accounts without a password: nobody signs in as them). A community signs through its community
# station, a property company through its property station (texts.selectors.signing_rights): each
# is linked to its station as an operator, and signs for the station's community or by its name.
SIGNATORIES = [
    ("sign-yidu", "陈晓梅", "community", "驿都社区党群服务中心暖新驿站"),
    ("sign-daguan", "刘建国", "community", "大观社区骑手之家"),
    ("sign-chenglong", "王丽", "community", "成龙大道地铁站24小时暖新驿站"),
    ("sign-jinxiu", "孙明", "property", "锦绣天府物业暖新小站"),
    ("sign-jinyuan", "周红", "property", "成龙锦苑物业暖新小站"),
    ("sign-dongfang", "郑伟", "property", "东方花园物业暖新小站"),
]
COURIERS = range(1, 13)  # riders 1–12 signed as couriers

BIKE_DONOR = "成都青骑出行科技有限公司"
PARTNERS = [
    {
        "name": BIKE_DONOR,
        "kind": "爱心企业",
        "contribution": "捐赠10辆暖“新”单车，投放在大型小区供骑手小区内换乘配送",
        "plaque_number": "CLL-NX-2024-031",
        "plaque_date": date(2024, 9, 20),
        "partner_since": date(2024, 8, 1),
        "order": 10,
    },
    {
        "name": "锦江区律师志愿服务团成龙路分队",
        "kind": "志愿服务组织",
        "contribution": "每周三下午在R29街区广场暖新驿站为骑手提供免费法律咨询和劳动权益申诉帮助",
        "plaque_number": "CLL-NX-2024-032",
        "plaque_date": date(2024, 9, 20),
        "partner_since": date(2024, 9, 1),
        "order": 20,
    },
    {
        "name": "蓉城暖心保险服务站",
        "kind": "爱心企业",
        "contribution": "为“帮帮龘”志愿服务队队员赠送志愿服务期间意外伤害保险",
        "partner_since": date(2025, 3, 1),
        "order": 30,
    },
]


def seed(*, log) -> None:
    admin = User.objects.filter(username="admin").first()
    reviewer = User.objects.filter(username="reviewer").first() or admin
    riders = {n: u for n in range(1, 21) if (u := User.objects.filter(phone=rider_phone(n)).first())}
    if admin is None or not riders:
        log("volunteers: reports, texts and partners skipped (no demo accounts)")
        return
    reports = _reports(reviewer, riders)
    templates = _reply_templates()
    texts = _texts(admin)
    signatures = _signatures(texts, riders)
    partners = _partners(admin)
    log(
        f"volunteers: {reports} new reports, {templates} new reply templates, {texts and len(texts)} texts, "
        f"{signatures} new signatures, {partners} new partners"
    )


def _reports(staff: User, riders: dict[int, User]) -> int:
    """Schedule each report (friendlystreet.demo_clock): filed `hours` ago by its rider through
    `report_submit`, seen by others ("me too") in the hours after, answered by staff within a
    day (18 h at most) and moved on every few days since: each update, and the points an
    acceptance pays, dated when it happened."""
    communities = {c.name: c for c in Community.objects.all()}
    existing = {r.description: r for r in Report.objects.filter(description__in=[spec[6] for spec in REPORTS])}
    now = demo_clock.real_now()
    done: dict[str, Report] = {}
    made = 0
    for spec in REPORTS:
        key, n, _category, _community, _at, _address, description, hours, _moves = spec
        if description in existing:
            done[key] = existing[description]
            continue
        rider = riders.get(n)
        if rider is None:
            continue
        created = now - timedelta(hours=hours)

        def submit(spec=spec, rider=rider, created=created) -> None:
            key, _n, category, community, (lat, lng), address, description, _hours, moves = spec
            report = report_services.report_submit(
                rider=rider,
                category=category,
                description=description,
                lat=lat,
                lng=lng,
                address=address,
                community=communities.get(community),
                venue=Venue.objects.filter(address=address, active=True).first() if category == "venue_info" else None,
            ).report
            done[key] = report
            if key == ME_TOO[0]:
                for i, other in enumerate(ME_TOO[1]):
                    if other in riders:
                        demo_clock.schedule(
                            created + timedelta(hours=2 * i + 1),
                            lambda other=other: report_services.report_me_too(rider=riders[other], report=report),
                        )
            for (status, note), at in zip(moves, _move_times(created, now, len(moves)), strict=True):
                demo_clock.schedule(at, lambda key=key, status=status, note=note: _move(staff, done[key], status, note, done))

        demo_clock.schedule(created, submit)
        made += 1
    return made


def _move_times(created, now, moves: int) -> list:
    """Staff answered within a day (18 h at most); later moves every few days after."""
    if moves < 1:
        return []
    answered = created + min((now - created) / (moves + 1), timedelta(hours=18))
    step = min((now - answered) / moves, timedelta(days=5))
    return [answered + step * i for i in range(moves)]


def _move(staff: User, report: Report, status: str, note: str, done: dict[str, Report]) -> None:
    original = done.get(DUPLICATE[1]) if status == S.DUPLICATE else None
    if status == S.DUPLICATE:
        if original is None:
            return
        note = f"与第{original.pk}号线索是同一个井盖，已合并处理。感谢您的关注，下次可以直接点“我也看到了”。"
    report.refresh_from_db()
    report_services.report_transition(actor=staff, report=report, status=status, note=note, duplicate_of=original)


def _reply_templates() -> int:
    made = 0
    for category, status, title, text, text_en in REPLY_TEMPLATES:
        _template, created = ReplyTemplate.objects.get_or_create(
            category=category, title=title, defaults={"status": status, "text": text, "text_en": text_en}
        )
        made += created
        if not created:
            # A demo seeded before templates had English texts gets them; one staff wrote stays.
            ReplyTemplate.objects.filter(category=category, title=title, text_en="").update(text_en=text_en)
    return made


def _texts(admin: User) -> dict[str, PublicText]:
    found = {t.title: t for t in PublicText.objects.filter(title__in=[spec[0] for spec in TEXTS])}
    for title, kind, body, issued_on, issuer, order in TEXTS:
        if title not in found:
            found[title] = text_services.text_save(
                actor=admin,
                kind=kind,
                title=title,
                body=body,
                issued_on=issued_on,
                issuer=issuer,
                published=True,
                order=order,
            )
    return found


def _signatures(texts: dict[str, PublicText], riders: dict[int, User]) -> int:
    convention = next((t for t in texts.values() if t.signable), None)
    if convention is None:
        return 0
    signed = set(Signature.objects.filter(text=convention).values_list("signer_id", flat=True))
    made = 0
    password = make_password(None)  # unusable: representatives, not accounts anyone signs in with
    for username, name, party, station_name in SIGNATORIES:
        station = Venue.objects.filter(name=station_name).first()
        if station is None:  # the venues' demo was not loaded: nobody to sign through
            continue
        user, _created = User.objects.get_or_create(username=username, defaults={"display_name": name, "password": password})
        station.operators.add(user)
        if user.pk not in signed:
            text_services.text_sign(user=user, text=convention, party=party)
            made += 1
    for n in COURIERS:
        rider = riders.get(n)
        if rider is not None and rider.pk not in signed:
            text_services.text_sign(user=rider, text=convention)
            made += 1
    if made:
        # Signed over the weeks after the convention was issued, not all at the moment the demo loaded.
        for i, signature in enumerate(Signature.objects.filter(text=convention).order_by("id")):
            at = timezone.now() - timedelta(days=40 - 2 * i, hours=i % 5)
            Signature.objects.filter(pk=signature.pk).update(created_at=at)
    return made


def _partners(admin: User) -> int:
    names = set(Partner.objects.filter(name__in=[p["name"] for p in PARTNERS]).values_list("name", flat=True))
    made = 0
    for fields in PARTNERS:
        if fields["name"] not in names:
            partner_save(actor=admin, **fields)
            made += 1
    return made


# --- the texts ----------------------------------------------------------------------------------


STREET_OFFICE = "中共成都市锦江区成龙路街道工作委员会　成都市锦江区人民政府成龙路街道办事处"

TO_RESIDENTS = """\
亲爱的居民朋友们：

每天清晨到深夜，穿梭在成龙路街道大街小巷的外卖骑手、快递小哥和网约车司机，把一日三餐、药品和包裹送到我们家门口。他们是城市的“毛细血管”，也是我们的邻居。成龙路街道有近两万名新就业群体在这里奔忙，其中很多人就住在驿都、大观、成龙、长柏、静康、跃进六个社区。

为了让这条街道对他们更友好，我们向全体居民发出如下倡议：

1. **多一份理解。** 遇到送餐稍晚、电话打得急，请先说一声“没关系”。恶劣天气里，一句“注意安全，慢慢来”比五星好评更暖心。
2. **多一点方便。** 请在订单里写清楼栋、单元和门牌号；小区大门、单元门需要登记时，请提前告知门岗，或下楼接一接。
3. **少一个差评。** 因为天气、电梯、门禁造成的延误，不是骑手的过错。有问题请先沟通，再评价。
4. **让出一块地方。** 家门口的暖“新”驿站、暖“新”商家欢迎骑手歇脚、喝水、充电，也请居民朋友们理解和支持，不要占用骑手停车点。
5. **做一回志愿者。** 欢迎您加入社区“帮帮龘”志愿服务队，和骑手一起巡查消防通道、照顾独居老人。

骑手也是治理者。他们每天跑遍每一条街巷，看到井盖松动、消防通道被堵、路灯不亮，会通过“友好街道”平台上报线索，由街道和社区及时处理。您看到他们停下车拍照时，请给一个微笑。

让我们一起，把成龙路建设成一条对新就业群体更友好的街道。
"""

TO_PROPERTY = """\
各物业服务企业、小区业主委员会：

外卖骑手和快递小哥进小区难、找楼难、停车难，是他们反映最集中的“急难愁盼”。一单超时，可能就是一天的辛苦白费；而在小区门口的一次次登记、绕行，大多是可以改善的。为此，成龙路街道向辖区各物业服务企业倡议：

## 一、让骑手进得来

- 在主要出入口设置骑手专用通道或登记快速通道，实行“一次备案、长期通行”；
- 夜间（22:00以后）安排门岗协助登记，不以“外卖不得入内”一概拒之门外。

## 二、让骑手找得到

- 在大门口张贴清晰的楼栋导览图，楼栋编号醒目、连续；
- 在“友好街道”平台完善小区指南：大门位置、电动车能否进入、骑手停车点、楼栋说明。

## 三、让骑手停得下、歇得了

- 在不影响消防通道的前提下划定骑手临时停车区；
- 有条件的物业可建设暖“新”物业小站，提供饮水、充电、避雨；
- 大型小区可借用街道投放的暖“新”单车，骑手在小区内换乘送达，电动车不进小区。

## 四、一起守护安全

消防通道是生命通道。请物业加强巡查，也欢迎骑手中的微网格员把发现的隐患通过平台上报，街道、社区、物业三方共同处置。

物业是小区治理的重要力量。希望各物业企业积极参与，与社区、骑手共同签署《三方公约》，共建友好小区。
"""

TO_RIDERS = """\
亲爱的骑手朋友、快递小哥、网约车司机朋友们：

你们风里来、雨里去，送来了城市的温度。成龙路街道一直把你们当作自己人：30多家暖“新”阵地——社区驿站、暖“新”商家、暖“新”医院、暖“新”学院、物业小站——向你们敞开大门。累了进来歇一歇，渴了喝口热水，手机没电了充个电。

我们也想对你们说：**骑手也是治理者。** 你们比谁都熟悉这片街区，哪里井盖松了、哪里消防通道被占、哪个路口容易出事故，你们最先看到。为此我们倡议：

1. **安全第一。** 不闯红灯、不逆行、不超速，戴好头盔。任何订单都不值得拿生命去换。
2. **做一名“移动的网格员”。** 发现安全隐患、环境问题、设施损坏，用“友好街道”平台随手拍、随手报。线索被受理后可获得积分，积分能在暖“新”商家兑换理发、体检等服务。
3. **看到已经有人上报的问题，点一下“我也看到了”。** 不必重复上报，关注的人越多，处理越优先。
4. **加入“帮帮龘”志愿服务队。** 在送单间隙帮一帮独居老人、参加社区活动，从“被服务”走向“服务”。
5. **文明通行，友好相处。** 进小区遵守登记规定，电动车停放在指定区域，与门岗和居民互相体谅。

你们的每一次上报、每一次志愿服务，都会被看见、被记录。街道会为你们出具志愿服务记录，优秀的网格员将获得荣誉证书。

成龙路是你们奔跑的街道，也是你们的家。
"""

TO_PARTY_MEMBERS = """\
在新就业群体中工作的流动党员同志们：

你们有的在外卖平台跑单，有的在快递网点分拣派件，有的开着网约车穿行城市。组织关系也许不在成龙路，但你们每天都在这里工作、生活。成龙路街道新就业群体联合党支部向你们发出邀请：

## 亮明身份，把组织找回来

欢迎你们到街道党群服务中心或任一暖“新”驿站报到，也可以在“友好街道”平台的个人页面自愿申报党员身份。经组织确认后，你们的名字旁会出现“党员”标识。**是否公开，完全由你自己决定。**

## 作表率，当先锋

- 在交通安全、文明通行上带好头；
- 主动担任微网格员，发现问题及时上报；
- 在“帮帮龘”志愿服务队中挑重担，带动身边的骑手兄弟姐妹。

## 组织就在身边

联合党支部每月在暖“新”驿站开展一次主题党日，时间错开送餐高峰；学习资料可以在平台上随时查看。遇到困难，请告诉我们：权益保障、子女入学、法律援助，组织会尽力帮你们协调。

> 哪里有党员，哪里就有党的工作；哪里有骑手奔跑，哪里就有组织的温暖。

期待在驿站与你们相见。
"""

CONVENTION = """\
为共同营造安全、有序、友好的社区环境，让新就业群体进得了门、找得到路、停得下车、歇得了脚，成龙路街道辖区各社区、物业服务企业与快递员、外卖骑手、网约车司机代表，本着互相尊重、互相理解、共建共享的原则，共同订立本公约。

## 社区承诺

1. 为新就业群体提供暖“新”驿站，做到有水喝、能充电、可歇脚、可避雨；
2. 畅通诉求渠道，对骑手上报的治理线索，**48小时内**作出受理答复；
3. 组织骑手参与社区议事和志愿服务，对表现突出的骑手给予表扬和积分奖励。

## 物业服务企业承诺

1. 设置骑手通行快速通道，实行备案登记、便捷通行，不设不合理门槛；
2. 在小区入口设置清晰的楼栋导览，划定骑手临时停车区，保持消防通道畅通；
3. 有条件的设立暖“新”物业小站，配合使用暖“新”单车，方便骑手在小区内配送。

## 快递员、外卖骑手承诺

1. 遵守交通法规，安全驾驶，进入小区减速慢行；
2. 遵守小区管理规定，配合登记，电动车停放在指定区域，不堵塞消防通道；
3. 文明服务，礼貌待人，爱护小区公共设施；
4. 发挥“骑手也是治理者”作用，发现安全隐患、环境问题及时上报。

## 共同约定

三方定期在暖“新”驿站召开议事会，通报公约执行情况，协商解决遇到的问题。本公约自签署之日起施行，欢迎辖区各社区、物业企业和新就业群体成员自愿签署。
"""

# title, kind, body, issued on, issuer, order
TEXTS = [
    ("社区、物业、快递小哥三方公约", "convention", CONVENTION, date(2024, 9, 20), STREET_OFFICE, 1),
    ("致辖区居民朋友的倡议书", "initiative", TO_RESIDENTS, date(2024, 9, 20), STREET_OFFICE, 10),
    ("致辖区物业服务企业的倡议书", "initiative", TO_PROPERTY, date(2024, 9, 20), STREET_OFFICE, 11),
    ("致新就业群体朋友的倡议书", "initiative", TO_RIDERS, date(2024, 9, 20), STREET_OFFICE, 12),
    (
        "致新就业群体流动党员的一封信",
        "party_letter",
        TO_PARTY_MEMBERS,
        date(2024, 10, 8),
        "中共成都市锦江区成龙路街道新就业群体联合支部委员会",
        20,
    ),
]
