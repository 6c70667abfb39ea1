import hashlib

from django.db import migrations


def hash_stored_tokens(apps, schema_editor):
    """Keep every existing feed address working: store the hash of its token, not the token."""
    CalendarToken = apps.get_model("workload", "CalendarToken")
    entries = list(CalendarToken.objects.only("pk", "token"))
    for entry in entries:
        entry.token_hash = hashlib.sha256(entry.token.encode()).hexdigest()
    CalendarToken.objects.bulk_update(entries, ["token_hash"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("workload", "0004_calendartoken_token_hash"),
    ]

    operations = [
        migrations.RunPython(hash_stored_tokens, migrations.RunPython.noop),
    ]
