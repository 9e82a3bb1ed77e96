"""Load the shipped criteria set (owl-2026, version 1) so a fresh installation can start."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "criteria_v1.json"


def load(apps, schema_editor):
    CriteriaSet = apps.get_model("assessments", "CriteriaSet")
    Criterion = apps.get_model("assessments", "Criterion")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    criteria_set, _created = CriteriaSet.objects.get_or_create(
        key=data["key"],
        set_version=data["version"],
        defaults={
            "title": data["title"],
            "description": data.get("description", ""),
            "fields": data.get("fields", []),
            "scale": data.get("scale", []),
            "sources": data.get("sources", []),
        },
    )
    for order, row in enumerate(data["criteria"], start=1):
        Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            code=row["id"],
            defaults={
                "field": row["field"],
                "title": row["title"],
                "question": row["question"],
                "help": row.get("help", ""),
                "levels": row["levels"],
                "source_ids": row.get("source_ids", []),
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
