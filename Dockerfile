FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext fonts-hosny-amiri fonts-noto-core \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY ess_platform ess_platform
COPY regional_hubs regional_hubs
COPY cooperatives cooperatives
COPY projects_bank projects_bank
COPY events events
# Indirect dependencies too at the versions the tests ran (make lock).
RUN pip install -c requirements.lock .
# Only what the app needs, named one by one: never `COPY . .`, so no .env, database,
# upload, virtualenv or cache of a working tree reaches an image layer (.dockerignore
# keeps them out of the build context too; tests/platform/test_deployment.py checks both).
COPY manage.py ./
COPY templates templates
COPY static static
COPY locale locale
RUN django-admin compilemessages --ignore=.venv \
 && DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput -v0
RUN useradd --create-home ess && mkdir -p /app/media /app/var/reports /app/var/private /app/var/beat \
 && chown -R ess /app/media /app/var
USER ess
EXPOSE 8000
# gthread workers, timeouts and restarts: ess_platform/gunicorn_conf.py (GUNICORN_* variables).
CMD ["gunicorn", "ess_platform.wsgi", "--config", "python:ess_platform.gunicorn_conf"]
