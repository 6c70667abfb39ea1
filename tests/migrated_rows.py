"""After a transactional test (live server, real worker) the database goes back to what migrate
left: the tables the test filled are emptied, and the rows migrations wrote (the built-in
instruments, the first-aid training programme, content types and permissions) are put back if the
test changed them.

Django's own teardown flushes instead: a TRUNCATE of all 80 tables, 0.7-2.5 s on PostgreSQL (by
the machine's load) however little the test wrote, which also loses the data migrations' rows, so
no ordinary test could follow a transactional one on the same worker. Emptying only the filled
tables takes under a tenth of a second and leaves the database as every test expects it, so tests
may run in any order (the conftest starts the long ones first).
"""

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connections, transaction
from django.test import TransactionTestCase


class MigratedRows:
    """One database's rows as migrate left them."""

    def __init__(self, alias: str):
        self.alias = alias
        self.quote = connections[alias].ops.quote_name
        models = {
            model._meta.db_table: model for model in apps.get_models(include_auto_created=True)
        }
        self.saved = {}
        for table in self._filled_tables():
            rows = models[table]._base_manager.using(alias).order_by("pk")
            self.saved[table] = serializers.serialize("python", rows)
        self.fingerprints = self._fingerprints()

    def restore(self) -> None:
        """Empty the tables filled since, and put the saved rows back where they changed."""
        fingerprints = self._fingerprints()
        changed = [table for table in self.saved if fingerprints[table] != self.fingerprints[table]]
        with transaction.atomic(using=self.alias), connections[self.alias].cursor() as cursor:
            # Foreign keys are checked at commit (Django makes them deferrable on PostgreSQL), so
            # the order of the deletes does not matter.
            for table in self._filled_tables():
                if table not in self.saved or table in changed:
                    cursor.execute(f"DELETE FROM {self.quote(table)}")
            for table in changed:
                for row in serializers.deserialize("python", self.saved[table], using=self.alias):
                    row.save()
        if changed:
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()

    def _filled_tables(self) -> list[str]:
        connection = connections[self.alias]
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        filled = " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {self.quote(table)})" for table in tables
        )
        with connection.cursor() as cursor:
            cursor.execute(filled, tables)
            return [table for (table,) in cursor.fetchall()]

    def _fingerprints(self) -> dict[str, str]:
        """A digest of each saved table's rows (empty tables included)."""
        digests = " UNION ALL ".join(
            "SELECT %s, md5(coalesce(string_agg(saved::text, ',' ORDER BY saved::text), '')) "
            f"FROM {self.quote(table)} AS saved"
            for table in self.saved
        )
        if not digests:
            return {}
        with connections[self.alias].cursor() as cursor:
            cursor.execute(digests, list(self.saved))
            return dict(cursor.fetchall())


@pytest.fixture(scope="session")
def migrated_rows(django_db_setup, django_db_blocker):
    """Saves each test database's rows before the first database test, and replaces the flush that
    ends every transactional test with MigratedRows.restore()."""
    with django_db_blocker.unblock():
        saved = {alias: MigratedRows(alias) for alias in connections}

    def restore_instead_of_flush(test_case):
        for alias in test_case._databases_names(include_mirrors=False):
            saved[alias].restore()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", restore_instead_of_flush)
        yield saved


__all__ = ["migrated_rows"]
