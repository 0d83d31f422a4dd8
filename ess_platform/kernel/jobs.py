"""Start a long job (report, import) in the background.

With a broker, the task goes to Celery; if the broker cannot be reached, the job stays
recorded in the database as waiting and a beat sweeper enqueues it again, so the person's
request still succeeds. With eager tasks (the embedded `make run`), EAGER_TASKS_IN_THREAD
runs the job in a thread of the web process instead of inside the request, so the page
that follows can show its progress bar as it fills.

A job that a worker is building shows it is alive: each progress write stamps its
``heartbeat_at``, and in a worker a background thread stamps it every quarter of
JOB_HEARTBEAT_TIMEOUT during long steps. When a whole worker dies (a machine or container
killed), no one acknowledges its message and the broker would hand it out again only
after the visibility timeout (hours); instead one beat sweeper finds the running jobs
whose heartbeat is older than JOB_HEARTBEAT_TIMEOUT and queues them again with a new
attempt token, up to JOB_MAX_ATTEMPTS runs, after which the job is failed with a reason
instead of killing worker after worker. A task refuses a job that is finished, that
another live run holds, or whose token is not the job's current one, so the broker's own
late redelivery of an old message changes nothing.

Apps register their job models in ``AppConfig.ready()`` with ``register(JobKind(...))``;
a job model has ``status``, ``attempts``, ``attempt_token``, ``heartbeat_at`` and
``started_at`` fields.
"""

import functools
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import ngettext

from ess_platform.kernel.notifications.conf import _value as _setting

logger = logging.getLogger(__name__)


def run_in_background(task, *args):
    """Start ``task(*args)``; return False when the broker could not take it."""
    if task.app.conf.task_always_eager:
        if getattr(settings, "EAGER_TASKS_IN_THREAD", False):
            threading.Thread(target=_run_eagerly, args=(task, args), daemon=True,
                             name=f"eager-{task.name}").start()
        else:
            task.apply(args)
        return True
    try:
        task.apply_async(args)
    except Exception:  # broker down: the sweeper enqueues it later
        logger.warning("Could not enqueue %s%r; it stays waiting for the sweeper.",
                       task.name, args, exc_info=True)
        return False
    return True


def _run_eagerly(task, args):
    try:
        task.apply(args)
    finally:
        connections.close_all()


# ---------------------------------------------------------------- heartbeats and recovery

def heartbeat_timeout():
    """Seconds without a heartbeat after which a running job is presumed lost."""
    return _setting("JOB_HEARTBEAT_TIMEOUT", 120.0, float)


def max_attempts():
    """Runs a job may start; past them it is failed instead of tried again."""
    return _setting("JOB_MAX_ATTEMPTS", 3, int)


def waiting_timeout():
    """Seconds a queued job may wait before the sweeper sends it to the broker again."""
    return _setting("JOB_WAITING_TIMEOUT", 120.0, float)


class JobLost(Exception):
    """This run no longer holds its job: it was failed, finished or queued again."""


@dataclass(frozen=True)
class JobKind:
    """How the shared machinery reads and moves the jobs of one model."""

    model: type
    task: str  # dotted path of the Celery task, called as task(job_id, token)
    waiting: str  # status of a job waiting for a worker
    running: str
    finished: tuple[str, ...]
    waiting_since: str  # stamped each time the job is handed to the broker
    give_up: Callable  # give_up(job, reason): record the failure (and tell the person)
    language: Callable = lambda job: settings.LANGUAGE_CODE  # of the recorded reason

    @property
    def label(self):
        return self.model._meta.label

    @property
    def objects(self):
        # The plain manager: the sweeper and the workers act for no one in particular.
        return self.model._base_manager


_KINDS = {}


def register(kind):
    _KINDS[kind.label] = kind
    return kind


def kinds():
    return list(_KINDS.values())


def kind_of(model):
    return _KINDS[model._meta.label]


def enqueue(kind, job_id, token):
    """Hand a job to the broker; False (it stays waiting for the sweeper) if it is down."""
    return run_in_background(import_string(kind.task), job_id, str(token))


def _is_stale(job, now):
    return job.heartbeat_at is None or job.heartbeat_at < now - timedelta(
        seconds=heartbeat_timeout())


def claim(kind, job_id, token=None, **fields):
    """Take a job for one run and return it, or None when this run must not happen.

    Refused: a missing or finished job, a token that is not the job's current one (an old
    message the broker delivered late), a job another run holds with a fresh heartbeat.
    A job that already started ``JOB_MAX_ATTEMPTS`` runs is failed here, so a message the
    broker keeps redelivering after each crash stops too. ``fields`` are set on the claim.
    """
    now = timezone.now()
    with transaction.atomic():
        job = kind.objects.select_for_update(of=("self",)).filter(pk=job_id).first()
        if job is None or job.status in kind.finished:
            return None
        if token is not None and str(job.attempt_token) != str(token):
            logger.info("%s %s: a message of an earlier attempt; ignored.", kind.label, job_id)
            return None
        if job.status not in (kind.waiting, kind.running):
            return None
        if job.status == kind.running and not _is_stale(job, now):
            logger.info("%s %s is being run by a live worker; ignored.", kind.label, job_id)
            return None
        if job.attempts >= max_attempts():
            _give_up(kind, job)
            return None
        job.status = kind.running
        job.attempts += 1
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        for name, value in fields.items():
            setattr(job, name, value)
        update = ["status", "attempts", "heartbeat_at", "started_at", *fields]
        if any(field.name == "updated_at" for field in job._meta.concrete_fields):
            update.append("updated_at")
        job.save(update_fields=update)
    return job


def beat(kind, job, **fields):
    """Record that this run is alive, with its progress ``fields``; JobLost if it lost the job."""
    now = timezone.now()
    if not _owned(kind, job).update(heartbeat_at=now, **fields):
        raise JobLost(f"{kind.label} {job.pk}: attempt {job.attempts} no longer holds it")
    job.heartbeat_at = now
    for name, value in fields.items():
        setattr(job, name, value)


def _owned(kind, job):
    return kind.objects.filter(pk=job.pk, status=kind.running, attempts=job.attempts)


class keep_alive:  # noqa: N801 - used as a context manager, like contextlib's helpers
    """Beat in a background thread while a worker runs a long step of this job.

    Not in eager mode: there the job runs in the web process (no separate worker to lose),
    often on SQLite, which one extra writing thread would only slow down.
    """

    def __init__(self, kind, job, *, enabled=True, every=None):
        self.kind, self.job, self.enabled = kind, job, enabled
        self.every = every if every is not None else heartbeat_timeout() / 4
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(
                target=self._run, daemon=True,
                name=f"heartbeat-{self.kind.label}-{self.job.pk}")
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 10)
        return False

    def _run(self):
        try:
            while not self._stop.wait(self.every):
                try:
                    if not _owned(self.kind, self.job).update(heartbeat_at=timezone.now()):
                        return  # lost: the run finds out at its next progress write
                except Exception:  # a database hiccup must not end the job
                    logger.warning("Heartbeat of %s %s failed.", self.kind.label, self.job.pk,
                                   exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


def release(kind, job_id):
    """Put a running job back in the queue after an error, for a retry.

    False (nothing changed) when it already used its attempts: record the error instead.
    """
    fields = {"status": kind.waiting, "heartbeat_at": None, kind.waiting_since: timezone.now()}
    return bool(kind.objects.filter(pk=job_id, status=kind.running,
                                    attempts__lt=max_attempts()).update(**fields))


def abandon(kind, job_id, token=None):
    """Its task lost its worker in every run the broker allowed (TASK_MAX_DELIVERIES):
    fail the job with a reason, unless it finished or a newer attempt holds it."""
    with transaction.atomic():
        job = kind.objects.select_for_update(of=("self",)).filter(pk=job_id).first()
        if job is None or job.status in kind.finished:
            return False
        if token is not None and str(job.attempt_token) != str(token):
            return False
        _give_up(kind, job)
    return True


def abandon_task(kind):
    """An ``on_give_up`` for a job's Celery task, called as task(job_id, token)."""

    def on_give_up(task, args, kwargs, runs):
        job_id, token = [*args, None, None][:2]
        abandon(kind, job_id, token or kwargs.get("token"))

    return on_give_up


def _give_up(kind, job):
    with translation.override(kind.language(job) or settings.LANGUAGE_CODE):
        reason = ngettext(
            "The job was interrupted %(count)s time before it could finish (its worker "
            "stopped) and will not be tried again.",
            "The job was interrupted %(count)s times before it could finish (its worker "
            "stopped) and will not be tried again.",
            job.attempts) % {"count": job.attempts}
    logger.error("%s %s gave up after %s attempts.", kind.label, job.pk, job.attempts)
    kind.give_up(job, reason)


def sweep(kind, *, now=None, waiting_after=None):
    """Queue again the running jobs whose heartbeat stopped, and resend the waiting ones.

    Returns {"requeued": [...], "failed": [...], "resent": [...]} (job ids). Rows another
    sweeper holds are skipped, and a job is handed to the broker only after its new token
    is committed.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=heartbeat_timeout())
    outcome = {"requeued": [], "failed": [], "resent": []}
    with transaction.atomic():
        stalled = (kind.objects.select_for_update(skip_locked=True)
                   .filter(status=kind.running)
                   .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)))
        for job in stalled:
            if job.attempts >= max_attempts():
                _give_up(kind, job)
                outcome["failed"].append(job.pk)
                continue
            token = uuid.uuid4()
            fields = {"status": kind.waiting, "attempt_token": token, "heartbeat_at": None,
                      kind.waiting_since: now}
            kind.objects.filter(pk=job.pk).update(**fields)
            transaction.on_commit(functools.partial(enqueue, kind, job.pk, token))
            outcome["requeued"].append(job.pk)
            logger.warning("%s %s stopped beating after attempt %s; queued again.",
                           kind.label, job.pk, job.attempts)
    # Waiting jobs no worker took (the broker was down): send them again, at most once per
    # waiting period each (a duplicate message finds the job taken and does nothing).
    waiting_after = waiting_timeout() if waiting_after is None else waiting_after
    waiting = kind.objects.filter(
        status=kind.waiting, **{f"{kind.waiting_since}__lt": now - timedelta(seconds=waiting_after)}
    ).exclude(pk__in=outcome["requeued"]).values_list("pk", "attempt_token")
    for job_id, token in list(waiting):
        if not enqueue(kind, job_id, token):
            break
        kind.objects.filter(pk=job_id, status=kind.waiting).update(
            **{kind.waiting_since: timezone.now()})
        outcome["resent"].append(job_id)
    return outcome


def sweep_all(**options):
    """Every registered kind of job: {label: outcome}."""
    return {kind.label: sweep(kind, **options) for kind in kinds()}
