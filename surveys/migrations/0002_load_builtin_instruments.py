import json
from pathlib import Path

from django.db import migrations

FOLDER = Path(__file__).resolve().parent.parent / "instruments"


def load(apps, schema_editor):
    Instrument = apps.get_model("surveys", "Instrument")
    for path in sorted(FOLDER.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        Instrument.objects.update_or_create(
            key=definition["key"],
            defaults={
                "name": definition["name"],
                "licence": definition.get("licence", ""),
                "attribution": definition.get("attribution", ""),
                "definition": definition,
                "builtin": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
