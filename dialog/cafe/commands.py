"""``flask notifications cafe-reminders``: reminders before a café dialogue, and erasing
registrants' details after it (added to the notifications group by ``dialog.cli``)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from .emails import send_due_reminders
from .registration import forget_registrants


@click.command("cafe-reminders")
@with_appcontext
def cafe_reminders():
    """E-mail a reminder to everyone with a seat at a café dialogue starting within two days
    (once each; run it from cron every hour). Also erases the personal data of registrants
    of dialogues that ended more than 90 days ago."""
    click.echo(f"Reminders sent: {send_due_reminders()}")
    erased = forget_registrants()
    db.session.commit()
    click.echo(f"Registrations erased: {erased}")
