"""The programme's 8 categories and the rules other apps pay by (stable codes).

These are needed in production, not only in the demo: the activities, reports and
compound-tip features look their rules up by code. Staff may rename or re-price them
later; this migration never overwrites an existing row.
"""

from django.db import migrations

CATEGORIES = [
    # code, name (zh-hans: the programme's own wording), order
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
    # code, category, name, description, points, max per day, max per month
    (
        "activity_attendance",
        "activity_participation",
        "参加志愿活动",
        "参加“帮帮龘”志愿队组织的活动，现场签到后自动发放积分。",
        10,
        None,
        None,
    ),
    ("report_accepted", "governance_reports", "治理线索被采纳", "上报的基层治理线索被街道受理后自动发放积分。", 20, None, 200),
    (
        "compound_tip_approved",
        "civilised_practice",
        "小区指引被采纳",
        "为小区指引补充的门岗、停车、楼栋信息经审核通过后自动发放积分。",
        5,
        None,
        50,
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("points", "Category")
    Rule = apps.get_model("points", "Rule")
    by_code = {}
    for code, name, order in CATEGORIES:
        by_code[code], _ = Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, category, name, description, points, per_day, per_month in SYSTEM_RULES:
        Rule.objects.get_or_create(
            code=code,
            defaults={
                "category": by_code[category],
                "name": name,
                "description": description,
                "points": points,
                "unit": "occurrence",
                "evidence": "none",
                "rider_claimable": False,
                "max_per_day": per_day,
                "max_per_month": per_month,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
