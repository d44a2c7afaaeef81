"""Load the 18 programme regions and their 304 municipalities (reference date 2025-01-01)."""

from django.db import migrations

from participatienet.regions.loader import read_municipalities, read_regions


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Municipality = apps.get_model("regions", "Municipality")
    regions = {}
    for row in read_regions():
        region, _ = Region.objects.update_or_create(
            name=row.name,
            defaults={
                "slug": row.slug,
                "reference_region": row.reference_region,
                "provinces": row.provinces,
            },
        )
        regions[row.name] = region
    existing = set(Municipality.objects.values_list("nis_code", flat=True))
    Municipality.objects.bulk_create(
        [
            Municipality(
                nis_code=row.nis_code,
                name=row.name,
                name_fr=row.name_fr,
                province=row.province,
                region=regions[row.region_name],
                postcodes=row.postcodes,
                latitude=row.latitude,
                longitude=row.longitude,
            )
            for row in read_municipalities()
            if row.nis_code not in existing
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "Municipality").objects.all().delete()
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
