"""The session engine (SESSION_ENGINE): Django's database sessions, read with one hand-written
SELECT. Every signed-in request loads its session first, and the ORM took longer to build that
query than the database to answer it. Writing, expiry and everything else is Django's.

Sessions stay in PostgreSQL, not Redis: a Redis outage must not sign anyone out.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self):
        data = self._session_data_from_db()
        return {} if data is None else self.decode(data)

    def _session_data_from_db(self) -> str | None:
        """The stored data of this unexpired session, or None (forgetting the key, as Django's
        store does, so that a new session gets a new key)."""
        connection = connections[router.db_for_read(self.model)]
        quote, meta = connection.ops.quote_name, self.model._meta
        data, key, expires = (
            quote(meta.get_field(name).column)
            for name in ("session_data", "session_key", "expire_date")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expires} > %s",
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return row[0]
