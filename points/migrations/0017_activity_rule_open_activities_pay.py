"""The earning rule for volunteering activities said it pays for activities the 帮帮龘 team
organises (its description, seeded by 0002): activities open to every rider pay by it too, and a
rider outside the team reading 如何赚积分 could think they earn nothing there.

The description becomes what the rule pays for, where it is still the seeded one (staff may have
written their own). On a new database this runs right after 0002's seed, so it is the text new
deployments start with. The rule has no English description: English pages show this one too."""

from django.db import migrations

SEEDED = "参加“帮帮龘”志愿队组织的活动，现场签到后自动发放积分。"
TRUE = "参加街道发布的志愿活动，现场签到后自动发放积分。"


def describe_what_pays(apps, schema_editor):
    apps.get_model("points", "Rule").objects.filter(code="activity_attendance", description=SEEDED).update(description=TRUE)


def describe_as_seeded(apps, schema_editor):
    apps.get_model("points", "Rule").objects.filter(code="activity_attendance", description=TRUE).update(description=SEEDED)


class Migration(migrations.Migration):
    dependencies = [("points", "0016_deleted_riders_claims_withdrawn")]

    operations = [migrations.RunPython(describe_what_pays, describe_as_seeded)]
