"""``flask notifications cafe-reminders``: reminders before a café dialogue (added to the
notifications group by ``dialog.cli``). Registrants' details are erased by ``flask retention run``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .emails import send_due_reminders


@click.command("cafe-reminders")
@with_appcontext
def cafe_reminders():
    """E-mail a reminder to everyone with a seat at a café dialogue starting within two days
    (once each; run it from cron every hour). Registrants' personal data is erased by
    ``flask retention run``."""
    click.echo(f"Reminders sent: {send_due_reminders()}")
