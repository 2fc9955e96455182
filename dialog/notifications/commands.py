"""``flask jobs worker`` and ``flask notifications digest``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group()
def jobs():
    """Background jobs."""


@jobs.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool):
    """Run an RQ worker for the job queue (needs REDIS_URL)."""
    from redis import Redis
    from rq import Queue, Worker

    from .jobs import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("Set REDIS_URL to run a worker; without it jobs run in-process.")
    connection = Redis.from_url(url)
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)


@click.group()
def notifications():
    """E-mail notifications."""


@notifications.command("digest")
@with_appcontext
def digest():
    """Send the daily digest to theme-group members now (run it from cron once a day)."""
    from .operations import send_daily_digest

    click.echo(f"Digest sent to {send_daily_digest()} members.")
