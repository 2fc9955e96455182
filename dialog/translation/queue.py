"""Queueing translation jobs: RQ with Redis; otherwise a thread of their own.

Without Redis a job that meets a server that is down retries after 10 s, 1 min and 5 min
(``RETRY_DELAYS``) while holding its thread: on a pool of their own, translations waiting
for the server never hold up the e-mail jobs.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from ..notifications.jobs import RETRY_DELAYS, enqueue, run_with_retries

log = logging.getLogger(__name__)

JOB = "translate_contribution"
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def queue_job(app: Flask, *args, job: str = JOB) -> None:
    """Queue one translation job (a contribution's by default); never raises into the caller."""
    try:
        if app.config.get("REDIS_URL"):
            with app.app_context():
                enqueue(job, *args)
        elif app.config.get("JOBS_INLINE"):
            # Inline (tests): at once, in a thread with its own app context and session, since
            # the caller may be inside a session's commit, which cannot run the job itself.
            worker = threading.Thread(target=run_with_retries, args=(app, job, args, (0,) * len(RETRY_DELAYS)))
            worker.start()
            worker.join()
        else:
            _thread_pool().submit(run_with_retries, app, job, args, RETRY_DELAYS)
    except Exception:  # noqa: BLE001 — the page must not fail
        log.exception("Could not queue translation %s%r", job, args)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dialog-translation")
        return _pool
