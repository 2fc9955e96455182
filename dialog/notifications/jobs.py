"""Background jobs: an RQ queue on Redis when ``REDIS_URL`` is set, a thread otherwise.

Jobs are named functions, registered by ``create_app`` from its explicit list
(``dialog.JOBS``), that take plain arguments (ids, not objects), open their own app context,
and may be retried: sending must be safe to repeat.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

from ..core.health import register_queue

log = logging.getLogger(__name__)

#: Seconds to wait before each retry of a failed job.
RETRY_DELAYS = (10, 60, 300)
QUEUE_NAME = "dialog"

_executor: ThreadPoolExecutor | None = None


_JOBS: dict[str, Callable] = {}


def register_jobs(jobs: dict[str, Callable]) -> None:
    """Make ``{name: function}`` known as jobs (``create_app`` does this, from one list)."""
    _JOBS.update(jobs)


def _registry() -> dict[str, Callable]:
    return _JOBS


def enqueue(name: str, *args) -> None:
    """Queue job ``name``; never raises into the caller (the page must not fail)."""
    app = current_app._get_current_object()
    try:
        if app.config.get("REDIS_URL"):
            try:
                _enqueue_rq(app, name, args)
                return
            except Exception:  # noqa: BLE001 — Redis is down: run it here, with the same retries
                log.warning("Redis queue unreachable; running job %s%r in-process", name, args)
        if app.config.get("JOBS_INLINE"):
            run_with_retries(app, name, args, delays=(0,) * len(RETRY_DELAYS))
        else:
            _thread_pool().submit(run_with_retries, app, name, args, RETRY_DELAYS)
    except Exception:  # noqa: BLE001 — a queue outage must not break the page
        log.exception("Could not queue job %s%r", name, args)


#: Seconds a queued job may run before RQ counts its worker as gone and retries it.
JOB_TIMEOUT = 120


def _enqueue_rq(app: Flask, name: str, args) -> None:
    # local: only with REDIS_URL set; jobs run in a thread otherwise and redis/rq are never loaded
    from redis import Redis
    from rq import Queue, Retry

    connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=2)
    Queue(QUEUE_NAME, connection=connection).enqueue(
        "dialog.notifications.worker.run_job",
        name,
        *args,
        retry=Retry(max=len(RETRY_DELAYS), interval=list(RETRY_DELAYS)),
        job_timeout=JOB_TIMEOUT,
    )


def in_process_depth() -> int:
    """Jobs waiting in this process's thread pool (shown by ``/readyz`` when there is no Redis)."""
    return _executor._work_queue.qsize() if _executor is not None else 0


def _register_with_health() -> None:
    register_queue(QUEUE_NAME, in_process_depth)


_register_with_health()


def _thread_pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dialog-jobs")
    return _executor


def run_with_retries(app: Flask, name: str, args, delays=RETRY_DELAYS) -> bool:
    """Run a job in-process, retrying after each delay; log (never raise) a final failure."""
    for attempt in range(len(delays) + 1):
        try:
            with app.app_context():
                _registry()[name](*args)
            return True
        except Exception:  # noqa: BLE001
            if attempt == len(delays):
                log.exception("Job %s%r failed after %d attempts", name, args, attempt + 1)
                return False
            log.warning("Job %s%r failed (attempt %d); retrying", name, args, attempt + 1)
            time.sleep(delays[attempt])
    return False


def run_now(name: str, *args) -> None:
    """Run a job in the current app context (used by the RQ worker and the CLI)."""
    _registry()[name](*args)
