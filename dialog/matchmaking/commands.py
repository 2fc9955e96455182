"""``flask matchmaking``: send the follow-ups that are due (from cron, daily)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .emails import send_due_follow_ups


@click.group()
def matchmaking():
    """Matchmaking rounds (Idésluss)."""


@matchmaking.command("follow-ups")
@with_appcontext
def follow_ups():
    """E-mail each collaboration's 3- and 6-month follow-up when it is due."""
    # Links in the e-mails are made with url_for(_external=True): SERVER_NAME gives their host.
    with current_app.test_request_context():
        click.echo(f"{send_due_follow_ups()} follow-ups sent.")
