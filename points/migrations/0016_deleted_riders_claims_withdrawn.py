"""Claims still waiting for review from riders whose account was deleted before 91bf83c are
withdrawn, as deletion has done since (points.privacy.anonymise): until then they stayed in the
reviewers' queue, and approving one paid points into an account nobody can use.

A deleted (anonymised) account is one that is inactive and whose deletion request was carried
out (privacy.services.rider_anonymise: `done_at` set); an account staff merely closed keeps its
claims, as it does in the code. Only the claims the rider submitted (source rider), as
anonymise withdraws them; each becomes withdrawn with its decision time, as
services.claim_withdraw sets them, and is audited as points.claim_withdrawn by the rider.
Running it again changes nothing. Forward only: the reverse leaves them withdrawn."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def withdraw_claims_of_deleted_riders(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    DeletionRequest = apps.get_model("privacy", "DeletionRequest")
    Claim = apps.get_model("points", "Claim")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    carried_out = DeletionRequest.objects.filter(rider=OuterRef("pk"), done_at__isnull=False)
    riders = User.objects.filter(is_active=False).filter(Exists(carried_out))
    now = timezone.now()
    pending = Claim.objects.select_for_update().filter(rider__in=riders, status="pending", source="rider").order_by("pk")
    for claim in pending:
        claim.status = "withdrawn"
        claim.decided_at = now
        claim.save(update_fields=["status", "decided_at", "updated_at"])
        AuditEntry.objects.create(
            actor_id=claim.rider_id, action="points.claim_withdrawn", target_type="points.claim", target_id=str(claim.pk)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0015_reward_english_titles"),
        ("privacy", "0001_initial"),
        ("audit", "0003_keyset_indexes_by_action_and_actor"),
    ]

    operations = [
        migrations.RunPython(withdraw_claims_of_deleted_riders, migrations.RunPython.noop, elidable=True),
    ]
