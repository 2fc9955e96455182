"""``flask demo load``: load the Norra Hisingen demo data once."""

from __future__ import annotations

import click
import pyotp
from flask.cli import with_appcontext

from ..extensions import db
from .data import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_data


@click.group()
def demo():
    """Demo data."""


@demo.command("load")
@click.option("--quiet", is_flag=True, help="Do not print the demo accounts.")
@with_appcontext
def load(quiet: bool):
    """Load the Norra Hisingen demo data (does nothing if it is already there)."""
    created = load_demo_data()
    db.session.commit()
    if created:
        click.echo("Demo data loaded.")
    else:
        click.echo("Demo data already present; nothing changed.")
    if not quiet:
        print_accounts()


@demo.command("accounts")
def accounts():
    """Print the demo accounts."""
    print_accounts()


def print_accounts() -> None:
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
    for email, name, roles, _language in DEMO_ACCOUNTS:
        click.echo(f"  {email:<32} {', '.join(sorted(roles)):<28} {name}")
    click.echo(
        f"\nStaff and admins log in with a second step. Demo authenticator key (demo only): {DEMO_TOTP_SECRET}\n"
        "Add it to an authenticator app, or print the current code with `flask demo code`."
    )


@demo.command("code")
def code():
    """Print the demo staff accounts' current sign-in code (demo only)."""
    click.echo(pyotp.TOTP(DEMO_TOTP_SECRET).now())
