"""``flask users``: account chores for administrators on the server."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from . import two_factor
from .operations import find_user_by_email


@click.group()
def users():
    """Accounts."""


@users.command("reset-two-factor")
@click.argument("email")
@with_appcontext
def reset_two_factor(email: str):
    """Remove EMAIL's authenticator and recovery codes (a lost phone); they set it up again at sign-in."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    two_factor.reset(user)
    db.session.commit()
    click.echo(f"The second step of {user.email} is reset; it is set up again at the next sign-in.")
