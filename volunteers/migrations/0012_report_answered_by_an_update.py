"""Reports answered by a progress update before an update counted as the answer (7cb6a33) get
their answer time: `responded_at`, where it is empty, becomes the time of the first update staff
posted on the report, which the reporter read and was told of. Until then such a report stayed
超时未答复 on the staff list, the dashboard and the reporter's page, although it was answered.

The same condition as services.report_post_update: an update posted without a move, in the
state the report was in (selectors.marked_progress: an update in the same state as the one
before it; the report's first update is its submission). A report nobody answered has only
ever been 已提交 (every move from it is an answer and set `responded_at`), so its updates after
the submission are exactly such updates. Forward only: the reverse leaves the times, which are true."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def answered_by_an_update(apps, schema_editor):
    Report = apps.get_model("volunteers", "Report")
    ReportUpdate = apps.get_model("volunteers", "ReportUpdate")
    submission = ReportUpdate.objects.filter(report=OuterRef("report")).order_by("created_at", "id").values("pk")[:1]
    first_answer = (
        ReportUpdate.objects.filter(report=OuterRef("pk"), status="submitted")
        .exclude(pk=Subquery(submission))
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
    unanswered = Report.objects.filter(responded_at__isnull=True).annotate(first_answer=Subquery(first_answer))
    for report in unanswered.filter(first_answer__isnull=False).only("pk").iterator():
        Report.objects.filter(pk=report.pk).update(responded_at=report.first_answer)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0011_activity_category_civic_practice"),
    ]

    operations = [
        migrations.RunPython(answered_by_an_update, migrations.RunPython.noop, elidable=True),
    ]
