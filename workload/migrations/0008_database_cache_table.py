"""The database cache table (settings.CACHES["default"]): login rate limits work without Redis."""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def cache_table_drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('portal_cache')}")


class Migration(migrations.Migration):
    dependencies = [("workload", "0007_deferredtask_outbox")]

    operations = [migrations.RunPython(cache_table_create, cache_table_drop)]
