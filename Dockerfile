# The portal's image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF reports) needs Pango and fonts; curl-free health checks use Python itself.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# XStatic-Bootstrap ships only a source package whose build needs pkg_resources, which
# setuptools 82 removed: build it without isolation against setuptools<82.
COPY constraints.txt ./
RUN pip install wheel "setuptools<82" \
    && pip install --no-build-isolation -c constraints.txt "XStatic-Bootstrap>=5.3,<5.4"

COPY . .
# Editable, so the code, templates and static files are used from /app itself.
RUN pip install -c constraints.txt -e . \
    && DJANGO_DEBUG=true STATIC_MANIFEST=true python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/media \
    && chown -R portal /app/media

USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wellbeing_portal.wsgi:application"]
