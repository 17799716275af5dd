"""The rule a micro-grid member's accepted report pays by (staff may change its points or switch
it off; without it active, such a report pays by `report_accepted` like any other)."""

from django.db import migrations

CODE = "report_accepted_grid"


def seed(apps, schema_editor):
    Category = apps.get_model("points", "Category")
    Rule = apps.get_model("points", "Rule")
    category = Category.objects.filter(code="governance_reports").first()
    if category is None:  # a database whose categories staff rearranged: leave it to them
        return
    Rule.objects.get_or_create(
        code=CODE,
        defaults={
            "category": category,
            "name": "微网格员治理线索被采纳",
            "description": "微网格员上报的基层治理线索被街道受理后自动发放积分。",
            "points": 30,
            "unit": "occurrence",
            "evidence": "none",
            "rider_claimable": False,
            "max_per_month": 300,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_reports_and_texts"), ("points", "0002_seed_categories_and_system_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
