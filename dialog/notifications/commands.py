"""``flask jobs worker`` and ``flask notifications digest``."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from .jobs import QUEUE_NAME
from .operations import send_daily_digest

log = logging.getLogger(__name__)


@click.group()
def jobs():
    """Background jobs."""


@jobs.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option(
    "--maintenance-interval",
    default=30,
    show_default=True,
    help="Seconds between looks for jobs whose worker died (they are retried).",
)
@with_appcontext
def worker(burst: bool, maintenance_interval: int):
    """Run an RQ worker for the job queue (needs REDIS_URL); it also runs the retries' scheduler."""
    # local: only the worker needs Redis; the other commands and set-ups without REDIS_URL never load redis/rq
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("Set REDIS_URL to run a worker; without it jobs run in-process.")
    connection = Redis.from_url(url)
    while True:
        # Redis going away (a restart, a failover) must not end the worker: wait and go on.
        try:
            queue = Queue(QUEUE_NAME, connection=connection)
            Worker([queue], connection=connection, maintenance_interval=maintenance_interval).work(
                burst=burst, with_scheduler=True
            )
            return
        except RedisConnectionError as error:
            if burst:
                raise click.ClickException(f"Redis is not reachable: {error}") from error
            log.warning("Redis not reachable (%s); the worker tries again in 2 s", type(error).__name__)
            time.sleep(2)


@click.group()
def notifications():
    """E-mail notifications."""


@notifications.command("digest")
@with_appcontext
def digest():
    """Send the daily digest to theme-group members now (run it from cron once a day)."""
    click.echo(f"Digest sent to {send_daily_digest()} members.")
