"""gunicorn settings for the portal's web container (`gunicorn -c gunicorn.conf.py ...`).

Sync workers, two per core plus one: a request spends part of its time waiting on PostgreSQL,
so one core keeps busy with about two workers, and the extra one covers a slow request (a large
upload being read). On the 2-core target that is 5 processes; WEB_CONCURRENCY overrides it.
Each worker keeps one database connection open between requests (DATABASE_CONN_MAX_AGE, with a
health check before reuse), so PostgreSQL sees at most that many connections from the web tier.
Threads are not used: a thread per request would hold a connection each and share one
interpreter lock, which on 2 cores buys nothing for work that is mostly Python.

The application is loaded once, in the master, before the workers are forked (`preload_app`):
wellbeing_portal/wsgi.py also imports every view and builds the URL map then, so no worker
spends its first request on that (about a second of processor time each, at start and again
whenever a worker is recycled). Nothing opens a connection at import, and wsgi.py closes any
database connection before the fork and freezes what it loaded out of the garbage collector's
sight (gc.freeze), so the workers' collections neither walk nor copy it.

A sync worker closes each connection after its response (gunicorn's `keepalive` applies to other
worker classes only): keeping client connections alive is the job of the TLS proxy in front.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
preload_app = True
# Workers are recycled now and then (with jitter, so not all at once) to bound memory growth.
max_requests = 2000
max_requests_jitter = 200
# Imports and report downloads are handed to the worker queue; nothing legitimate takes longer.
timeout = 60
graceful_timeout = 30
accesslog = "-"
