from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
PAGES = [
    ("impressum", "Impressum"),
    ("datenschutz", "Datenschutzerklärung"),
    ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
]


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for kind, title in PAGES:
        if not LegalPage.objects.filter(kind=kind).exists():
            body = (DATA / f"{kind}.md").read_text(encoding="utf-8")
            LegalPage.objects.create(kind=kind, title=title, body=body)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
