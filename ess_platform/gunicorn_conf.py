"""gunicorn's settings: `gunicorn ess_platform.wsgi -c python:ess_platform.gunicorn_conf`.

Each value comes from a GUNICORN_* variable (docker-compose.yml sets every one of them),
with the default below. Why these (docs/deployment.md has the long form):

- ``gthread`` workers: a worker's main thread tells the arbiter it is alive every second
  while its threads serve requests, so ``timeout`` never cuts a long response (a CSV
  export of the whole directory streams for as long as the client reads). With the
  ``sync`` class, any response longer than ``timeout`` is killed mid-file.
- ``timeout``: only a worker whose main loop is stuck (a hung process) is killed.
- ``graceful_timeout``: on a restart (deploy, ``max_requests``) a worker stops accepting
  and finishes the responses in flight for up to this long, so an export under way
  completes; compose waits a little longer before it kills the container.
- ``max_requests`` + jitter: a worker is replaced after about this many requests (not all
  at once), so a slow leak never builds up.
- ``keepalive``: longer than the idle timeout of the proxy in front (60 s for nginx and
  most load balancers), so the proxy closes idle connections first and never reuses one
  gunicorn has just closed (a 502).
"""

import os


def _int(name, default):
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _int("GUNICORN_WORKERS", 3)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 120)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
keepalive = _int("GUNICORN_KEEPALIVE", 65)
# The heartbeat file on a memory file system: a busy disk never delays it (Docker's
# /tmp is the container's overlay disk).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or (
    "/dev/shm" if os.path.isdir("/dev/shm") else None)  # noqa: S108 - not a temporary file
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "": no access log
