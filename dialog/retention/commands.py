"""``flask retention run`` (from cron, once a night) and ``flask retention log``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .operations import recent_records
from .operations import run as run_rules


@click.group()
def retention():
    """Retention of personal data."""


@retention.command("run")
@with_appcontext
def run():
    """Apply the retention rules now; print how many rows each rule changed."""
    for rule, count in run_rules().items():
        click.echo(f"{rule}: {count}")


@retention.command("log")
@with_appcontext
def log():
    """Show what the last runs removed (counts per rule)."""
    for record in recent_records():
        click.echo(f"{record.ran_at:%Y-%m-%d %H:%M} {record.rule}: {record.removed}")
