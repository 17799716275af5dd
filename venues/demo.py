"""Demo venues and compound guides around Chenglong Road (成龙路街道, Jinjiang District, Chengdu).

Idempotent: rows are found by name and brought back to these values. Coordinates are
written here in WGS-84 and converted to settings.MAP_COORD_SYSTEM when seeding. The
communities, venues and compounds are illustrative, placed where such places are.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model

from friendlystreet import demo_clock

from . import cache as venue_cache
from . import demo_pictures
from . import hours as hours_lib
from .models import (
    Amenity,
    Community,
    Compound,
    EntryMethod,
    Gate,
    OpeningHours,
    ParkingSpot,
    Tip,
    TipStatus,
    Venue,
    VenuePhoto,
    WarmBike,
)
from .navigation import to_map_coords
from .services import tip_submit

COMMUNITIES = ["驿都社区", "大观社区", "成龙社区", "长柏社区", "静康社区", "跃进社区"]
# Their English names (name_en), as English pages show them.
COMMUNITIES_EN = {
    "驿都社区": "Yidu Community",
    "大观社区": "Daguan Community",
    "成龙社区": "Chenglong Community",
    "长柏社区": "Changbai Community",
    "静康社区": "Jingkang Community",
    "跃进社区": "Yuejin Community",
}

# A few venues' English names (name_en), as English pages show them; the others show their
# Chinese name to English readers too, as a venue staff have not named in English does.
VENUES_EN = {
    "R29街区广场暖新驿站": "R29 Plaza Warm Station",
    "王师傅理发店": "Master Wang's Barbershop",
    "成龙路街道社区卫生服务中心": "Chenglong Road Community Health Centre",
    "暖新学院（新就业群体培训基地）": "Warm Academy (training centre for new-employment workers)",
}

AMENITIES = [
    # code, Chinese, English
    ("drinking_water", "饮用水", "Drinking water"),
    ("hot_water", "热水", "Hot water"),
    ("microwave", "微波炉", "Microwave"),
    ("phone_charging", "手机充电", "Phone charging"),
    ("ebike_charging", "电瓶充电/换电", "E-bike battery charging or swap"),
    ("toilet", "卫生间", "Toilet"),
    ("rest_seats", "休息座椅", "Rest seats"),
    ("air_conditioning", "空调", "Air conditioning"),
    ("first_aid", "急救药箱", "First-aid kit"),
    ("umbrellas", "雨伞/雨衣", "Umbrellas and raincoats"),
    ("repair_tools", "维修工具", "Repair tools"),
    ("wifi", "无线网络", "Wi-Fi"),
    ("ebike_parking", "电动车停放", "E-bike parking"),
]

STATION_AMENITIES = [
    "drinking_water",
    "hot_water",
    "microwave",
    "phone_charging",
    "toilet",
    "rest_seats",
    "air_conditioning",
    "first_aid",
    "umbrellas",
    "wifi",
    "ebike_parking",
]

VENUES = [
    # name, kind, community, address, (lat, lng) WGS-84, phone, hours, amenities, services, plaque
    (
        "R29街区广场暖新驿站",
        "community_station",
        "驿都社区",
        "锦江区成龙大道二段R29街区广场一楼",
        (30.6035, 104.1262),
        "028-84600101",
        "Mo-Su 07:00-23:00",
        [*STATION_AMENITIES, "ebike_charging", "repair_tools"],
        ["免费热水与微波炉", "电瓶换电柜", "雨天借伞", "骑手议事角"],
        "CLL-NX-2024-001",
    ),
    (
        "驿都社区党群服务中心暖新驿站",
        "community_station",
        "驿都社区",
        "锦江区驿都大道88号",
        (30.6082, 104.1321),
        "028-84600102",
        "Mo-Fr 08:30-18:00; Sa-Su 09:00-17:00",
        STATION_AMENITIES,
        ["政策咨询", "法律援助预约", "就业信息"],
        "CLL-NX-2024-002",
    ),
    (
        "大观社区骑手之家",
        "community_station",
        "大观社区",
        "锦江区大观路15号大观社区综合体二楼",
        (30.6121, 104.1188),
        "028-84600103",
        "Mo-Su 08:00-22:00",
        STATION_AMENITIES,
        ["午休床位（预约）", "读书角"],
        "CLL-NX-2024-003",
    ),
    (
        "成龙大道地铁站24小时暖新驿站",
        "community_station",
        "成龙社区",
        "锦江区成龙大道二段地铁成都东客站方向C口旁",
        (30.5992, 104.1305),
        "028-84600104",
        "24/7",
        ["drinking_water", "hot_water", "phone_charging", "rest_seats", "air_conditioning", "first_aid", "ebike_parking"],
        ["深夜热水", "夜间休息"],
        "CLL-NX-2024-004",
    ),
    (
        "王师傅理发店",
        "merchant",
        "成龙社区",
        "锦江区成龙大道二段1066号附12号",
        (30.6011, 104.1240),
        "13900000003",
        "Mo-Su 09:00-12:00,14:00-21:00",
        ["drinking_water", "phone_charging", "rest_seats"],
        ["骑手错峰理发专线（14:00-17:00）", "线上预约快剪", "凭骑手证快剪8折"],
        "CLL-NX-2024-005",
    ),
    (
        "成龙路深夜食堂（暖新窗口）",
        "merchant",
        "长柏社区",
        "锦江区长柏路36号",
        (30.6058, 104.1355),
        "028-84600106",
        "Mo-Su 20:00-03:00+1",
        ["drinking_water", "hot_water", "microwave", "phone_charging", "toilet", "rest_seats"],
        ["夜间暖新窗口：骑手套餐", "免费加热自带餐食"],
        "CLL-NX-2024-006",
    ),
    (
        "暖新便利店（成龙店）",
        "merchant",
        "静康社区",
        "锦江区静康路218号",
        (30.5968, 104.1199),
        "028-84600107",
        "Mo-Su 07:00-01:00+1",
        ["drinking_water", "hot_water", "microwave", "phone_charging", "umbrellas"],
        ["骑手饮品九折", "免费热水"],
        "CLL-NX-2024-007",
    ),
    (
        "快修电动车服务点",
        "merchant",
        "跃进社区",
        "锦江区成龙大道一段288号",
        (30.6150, 104.1142),
        "028-84600108",
        "Mo-Su 08:30-20:30",
        ["ebike_charging", "repair_tools", "drinking_water", "ebike_parking"],
        ["补胎工时费全免", "刹车免费检查"],
        "CLL-NX-2024-008",
    ),
    (
        "成龙路街道社区卫生服务中心",
        "hospital",
        "大观社区",
        "锦江区成龙大道二段1888号",
        (30.6094, 104.1229),
        "028-84600109",
        "Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00",
        ["drinking_water", "toilet", "rest_seats", "air_conditioning", "first_aid"],
        [
            "每月义诊",
            "用药咨询",
            "慢病管理",
            "健康讲座",
            "“树洞”心理热线",
            "季节关怀包",
            "家庭医生签约",
        ],
        "CLL-NX-2024-009",
    ),
    (
        "暖新学院（新就业群体培训基地）",
        "academy",
        "驿都社区",
        "锦江区驿都大道120号三楼",
        (30.6069, 104.1290),
        "028-84600110",
        "Mo-Fr 09:00-17:00",
        ["drinking_water", "hot_water", "toilet", "rest_seats", "air_conditioning", "wifi"],
        ["交通安全培训", "急救技能培训", "职业技能提升课", "学历提升咨询"],
        "CLL-NX-2024-010",
    ),
    (
        "锦绣天府物业暖新小站",
        "property_station",
        "长柏社区",
        "锦江区长柏路99号锦绣天府小区北门",
        (30.6041, 104.1383),
        "028-84600111",
        "Mo-Su 06:00-24:00",
        ["drinking_water", "hot_water", "phone_charging", "ebike_charging", "rest_seats", "ebike_parking"],
        ["快递暂存", "小区导览图", "暖新单车借用"],
        "CLL-NX-2024-011",
    ),
    (
        "成龙锦苑物业暖新小站",
        "property_station",
        "成龙社区",
        "锦江区成龙大道二段666号成龙锦苑东门",
        (30.5985, 104.1268),
        "028-84600112",
        "Mo-Sa 08:00-20:00; Su off",
        ["drinking_water", "phone_charging", "toilet", "umbrellas", "ebike_parking"],
        ["楼栋指引", "暖新单车借用"],
        "CLL-NX-2024-012",
    ),
    (
        "东方花园物业暖新小站",
        "property_station",
        "静康社区",
        "锦江区静康路66号东方花园南门",
        (30.5950, 104.1225),
        "028-84600113",
        "Mo-Su 07:00-23:00",
        ["drinking_water", "hot_water", "microwave", "phone_charging", "rest_seats"],
        ["夜间门岗登记协助", "暖新单车借用"],
        "CLL-NX-2024-013",
    ),
]

OPERATORS = {"barber": "王师傅理发店", "clinic": "成龙路街道社区卫生服务中心"}

COMPOUNDS = [
    {
        "name": "锦绣天府小区",
        "community": "长柏社区",
        "address": "锦江区长柏路99号",
        "at": (30.6045, 104.1392),
        "property_phone": "028-84600111",
        "building_notes": "1-12栋在北区，13-28栋在南区，中间隔着中央水景。单号楼栋门朝南，双号朝北。地下车库不通电动车。",
        "gates": [
            ("北门（主门）", (30.6052, 104.1390), True, "24/7", EntryMethod.FACE, "骑手可在物业小站登记人脸，之后刷脸进门。"),
            ("东门", (30.6046, 104.1405), False, "Mo-Su 07:00-22:00", EntryMethod.CALL_GUARD, "仅限步行，电动车请停在门外车棚。"),
            ("南门", (30.6036, 104.1391), True, "Mo-Su 06:00-23:00", EntryMethod.REGISTER, ""),
        ],
        "parking": [("北门外骑手专用车棚（可充电）", 30, (30.6054, 104.1388)), ("南门内侧临时停放区", 12, (30.6038, 104.1392))],
        "bikes": [(4, "北门物业小站旁", "在物业小站出示骑手码借用，30分钟内归还。")],
    },
    {
        "name": "成龙锦苑",
        "community": "成龙社区",
        "address": "锦江区成龙大道二段666号",
        "at": (30.5981, 104.1275),
        "property_phone": "028-84600112",
        "building_notes": "共20栋，按顺时针编号：东门进入右手边为1栋。10栋、11栋入户门在架空层背面。",
        "gates": [
            ("东门", (30.5985, 104.1268), True, "Mo-Su 06:00-24:00", EntryMethod.CODE, "门禁码在物业小站领取，每月更新。"),
            ("西门", (30.5979, 104.1282), False, "Mo-Fr 07:00-20:00", EntryMethod.CALL_GUARD, ""),
        ],
        "parking": [("东门外侧骑手停车区", 20, (30.5987, 104.1266))],
        "bikes": [(3, "东门岗亭后", "登记手机号后借用。")],
    },
    {
        "name": "东方花园",
        "community": "静康社区",
        "address": "锦江区静康路66号",
        "at": (30.5946, 104.1230),
        "property_phone": "028-84600113",
        "building_notes": "老小区，楼栋号刷在山墙上。3栋和4栋之间有近路通往后门。",
        "gates": [
            ("南门", (30.5950, 104.1225), True, "Mo-Su 06:00-23:00", EntryMethod.REGISTER, "22:00后电动车需在岗亭登记。"),
            ("后门（北）", (30.5941, 104.1236), False, "Mo-Su 07:00-21:00", EntryMethod.OPEN, ""),
        ],
        "parking": [("南门西侧车棚", 15, (30.5951, 104.1221))],
        "bikes": [(3, "南门物业小站", "")],
    },
]

TIPS = [
    # compound, rider number, text
    ("锦绣天府小区", 1, "北门刷脸要先在物业小站登记一次，大概两分钟，登记后晚上也能直接进。"),
    ("锦绣天府小区", 3, "东门不让电动车进，送南区的单从南门进更近。"),
    ("成龙锦苑", 2, "10栋的入户门在架空层背面，从地面绕过去别走车库。"),
    ("东方花园", 5, "22点以后南门要登记，报手机尾号就行，保安很客气。"),
]


# Sent by riders in the last days and waiting in the tip queue (/staff/venues/tips/):
# compound, rider number, text, sent (days ago, hour).
PENDING_TIPS = [
    ("成龙锦苑", 6, "晚上9点后西门只出不进，送3栋、5栋的单从北门进，保安会帮忙开门。", 2, 21),
    ("东方花园", 9, "地下车库入口限高2米，电动车请停南门西侧车棚再步行送上楼。", 1, 13),
]

TIPS_APPROVED_AT = datetime(2025, 3, 1, 10, 0, tzinfo=hours_lib.VENUE_TZ)


def _ranges(text: str) -> list[hours_lib.Range]:
    return hours_lib.parse_hours(text)


def seed(*, log) -> None:
    User = get_user_model()
    communities = {}
    for i, name in enumerate(COMMUNITIES):
        communities[name], _ = Community.objects.update_or_create(
            name=name, defaults={"position": i, "name_en": COMMUNITIES_EN[name]}
        )

    amenities = {}
    for i, (code, name, name_en) in enumerate(AMENITIES):
        amenities[code], _ = Amenity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": i, "active": True}
        )

    venues = {}
    for name, kind, community, address, (lat, lng), phone, hours, codes, services, plaque in VENUES:
        lat, lng = to_map_coords(lat, lng)
        venue, _ = Venue.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "community": communities[community],
                "address": address,
                "lat": round(lat, 6),
                "lng": round(lng, 6),
                "phone": phone,
                "services": services,
                "plaque_number": plaque,
                "plaque_date": date(2024, 9, 20),
                "partner_since": date(2024, 9, 1),
                "active": True,
            },
        )
        venue.amenities.set([amenities[c] for c in codes])
        venue.hours.all().delete()
        OpeningHours.objects.bulk_create([OpeningHours(venue=venue, day=r.day, start=r.start, end=r.end) for r in _ranges(hours)])
        venues[name] = venue
        # Once: an English name staff changed (or cleared and wrote again) is theirs.
        if name in VENUES_EN and not venue.name_en:
            venue.name_en = VENUES_EN[name]
            venue.save(update_fields=["name_en"])

    # Pictures for a few venues (once: seed_demo may run again), so the demo list shows them.
    for name in list(venues)[:6]:
        venue = venues[name]
        if not venue.photos.exists():
            image, thumb = demo_pictures.picture(kind=venue.kind, text=venue.name)
            photo = VenuePhoto(venue=venue, caption=venue.name[:100], thumb_width=thumb.width, thumb_height=thumb.height)
            photo.image.save(image.name, image, save=False)
            photo.thumbnail.save(thumb.content.name, thumb.content, save=False)
            photo.save()

    for username, venue_name in OPERATORS.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            venues[venue_name].operators.add(user)

    bikes_total = 0
    compounds = {}
    for spec in COMPOUNDS:
        lat, lng = to_map_coords(*spec["at"])
        compound, _ = Compound.objects.update_or_create(
            name=spec["name"],
            defaults={
                "community": communities[spec["community"]],
                "address": spec["address"],
                "lat": round(lat, 6),
                "lng": round(lng, 6),
                "property_phone": spec["property_phone"],
                "building_notes": spec["building_notes"],
                "active": True,
            },
        )
        compound.gates.all().delete()
        for i, (gate_name, at, ebikes, hours, method, notes) in enumerate(spec["gates"]):
            glat, glng = to_map_coords(*at)
            Gate.objects.create(
                compound=compound,
                name=gate_name,
                lat=round(glat, 6),
                lng=round(glng, 6),
                ebikes_allowed=ebikes,
                hours=hours_lib.format_hours(_ranges(hours)),
                entry_method=method,
                notes=notes,
                position=i,
            )
        compound.parking_spots.all().delete()
        for description, capacity, at in spec["parking"]:
            plat, plng = to_map_coords(*at)
            ParkingSpot.objects.create(
                compound=compound, description=description, capacity=capacity, lat=round(plat, 6), lng=round(plng, 6)
            )
        compound.warm_bikes.all().delete()
        for count, location, notes in spec["bikes"]:
            WarmBike.objects.create(compound=compound, count=count, location=location, notes=notes)
            bikes_total += count
        compounds[spec["name"]] = compound

    reviewer = User.objects.filter(username="reviewer").first()
    for compound_name, rider_number, text in TIPS:
        author = User.objects.filter(phone=f"+86138000000{rider_number:02d}").first()
        if author is None:
            continue
        Tip.objects.update_or_create(
            compound=compounds[compound_name],
            text=text,
            defaults={
                "author": author,
                "status": TipStatus.APPROVED,
                "reviewed_by": reviewer,
                "reviewed_at": TIPS_APPROVED_AT,
            },
        )

    pending = 0
    for compound_name, rider_number, text, days_ago, hour in PENDING_TIPS:
        author = User.objects.filter(phone=f"+86138000000{rider_number:02d}").first()
        if author is None or Tip.objects.filter(compound=compounds[compound_name], text=text).exists():
            continue
        pending += 1
        # Sent through the tip service, as a rider's form does: it waits for moderation.
        demo_clock.schedule(
            demo_clock.moment(days_ago, hour),
            lambda author=author, compound=compounds[compound_name], text=text: tip_submit(
                author=author, compound=compound, text=text
            ),
        )

    venue_cache.invalidate()  # hours were bulk-created
    log(
        f"venues: {len(COMMUNITIES)} communities, {len(AMENITIES)} amenities, {len(VENUES)} venues "
        f"(barber and clinic linked), {len(COMPOUNDS)} compounds with {bikes_total} warm bicycles, {len(TIPS)} tips"
        f" and {pending} new waiting for moderation"
    )
