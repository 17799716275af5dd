"""An optional English name (name_en) beside the Chinese name of categories and earning rules
(friendlystreet.names.EnglishNamed): English pages show it, exports keep the Chinese name.

The categories and the system rules that migration 0002 seeded get one, where staff have not
renamed them (the name is still the seeded one) nor written one already. (The micro-grid rule
of volunteers 0003 is left to staff: naming it here would make points depend on volunteers.)"""

from django.db import migrations, models

NAME_EN_HELP = "Shown to readers who chose English; leave it empty to show the Chinese name."

CATEGORIES = {
    # code: (the seeded Chinese name, its English name)
    "volunteer_service": ("志愿服务", "Volunteer service"),
    "civilised_practice": ("文明实践", "Civic practice"),
    "activity_participation": ("活动参与", "Taking part in activities"),
    "governance_reports": ("治理线索", "Reports on local issues"),
    "learning_training": ("学习培训", "Learning and training"),
    "party_vanguard": ("党员先锋", "Party members leading the way"),
    "safe_riding": ("安全文明骑行", "Safe, courteous riding"),
    "good_deeds": ("好人好事", "Good deeds"),
}

SYSTEM_RULES = {
    "activity_attendance": ("参加志愿活动", "Taking part in a volunteer activity"),
    "report_accepted": ("治理线索被采纳", "Report on a local issue accepted"),
    "compound_tip_approved": ("小区指引被采纳", "Compound guide tip approved"),
}


def name_seeded_rows(apps, schema_editor):
    for model, names in (("Category", CATEGORIES), ("Rule", SYSTEM_RULES)):
        rows = apps.get_model("points", model).objects
        for code, (name, name_en) in names.items():
            rows.filter(code=code, name=name, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("points", "0013_reward_proposed_terms")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(blank=True, help_text=NAME_EN_HELP, max_length=100, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="rule",
            name="name_en",
            field=models.CharField(blank=True, help_text=NAME_EN_HELP, max_length=100, verbose_name="name (English)"),
        ),
        migrations.RunPython(name_seeded_rows, migrations.RunPython.noop),
    ]
