import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings")
application = get_wsgi_application()


def _url_map_build() -> None:
    """Import every view and build the URL map now, while the application loads, rather than in
    the first request each gunicorn worker serves: the URL configuration pulls in every app's
    views and allauth's, around a second of processor time. With `preload_app`
    (gunicorn.conf.py) this happens once, in the master, and the workers it forks (again after
    each `max_requests`) start warm."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018  (reading it builds the map)
    connections.close_all()  # no database connection may be shared by the forked workers
    # What is loaded by now (modules, views, the URL map: some 120,000 objects) lives as long as
    # the process. Frozen, the garbage collector stops walking it on each full collection in
    # every worker (and stops writing to the memory pages the workers share with the master).
    gc.collect()
    gc.freeze()


_url_map_build()
