"""Settings of the submit benchmark's limit: the portal's own settings, routed to bare_site.

Only benchmarks/submit_bench.py uses this (gunicorn with the portal's gunicorn.conf.py, the same
middleware, database and connection reuse), so the one difference from the portal is the view.
"""

from wellbeing_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bare_site"
