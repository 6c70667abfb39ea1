"""The submit benchmark's limit: a bare Django view doing one INSERT, served like the portal.

`gunicorn -c gunicorn.conf.py bare_site` (with benchmarks/ on the path) answers POST /insert/
by writing the request body into bench_bare_insert (created by submit_bench.py) with one
INSERT, then redirects as the portal's submit does. No access checks, forms or sealing: this
is the least a Django view that stores a submission can do.
"""

import gc
import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bare_settings"  # not the portal's, if inherited

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402


@csrf_exempt
@require_POST
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_insert (body) VALUES (%s)", [request.body])
    return HttpResponseRedirect("/thank-you/")


urlpatterns = [path("insert/", insert)]
application = get_wsgi_application()
# As the portal's wsgi.py does before gunicorn forks its workers.
gc.collect()
gc.freeze()
