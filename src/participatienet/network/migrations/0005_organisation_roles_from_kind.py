"""Existing organisations are members of their network: stage active, joined on the day they
were recorded, and network roles that follow from their kind."""

from django.db import migrations
from django.utils import timezone

#: Bit positions of ``NetworkRole`` at the time of this migration.
REFERRER, OFFER_PARTNER, LOCAL_GOVERNMENT, AGII = 2, 1, 3, 4

ROLES_BY_KIND = {
    "local_government": 1 << LOCAL_GOVERNMENT,
    "agii": (1 << AGII) | (1 << REFERRER),
}
DEFAULT_ROLES = 1 << OFFER_PARTNER

BATCH = 500


def forwards(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    batch = []
    for organisation in Organisation.objects.order_by("pk").iterator(chunk_size=BATCH):
        organisation.stage = "active"
        if organisation.joined_on is None and organisation.created_at is not None:
            organisation.joined_on = timezone.localdate(organisation.created_at)
        if not organisation.roles_mask:
            organisation.roles_mask = ROLES_BY_KIND.get(organisation.kind, DEFAULT_ROLES)
        batch.append(organisation)
        if len(batch) >= BATCH:
            Organisation.objects.bulk_update(batch, ["stage", "joined_on", "roles_mask"])
            batch = []
    if batch:
        Organisation.objects.bulk_update(batch, ["stage", "joined_on", "roles_mask"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_organisation_roles_stage_pipeline"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
