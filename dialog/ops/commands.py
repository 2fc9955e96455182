"""``flask backup create|restore|check``."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from . import backup as backups


@click.group()
def backup():
    """Database backups."""


@backup.command("create")
@click.argument("path", required=False)
@with_appcontext
def create(path: str | None):
    """Write a backup of the whole database to PATH (default: instance/backups/dialog-<time>.*)."""
    try:
        target = backups.create(path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(target))


@backup.command("restore")
@click.argument("path")
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's content.")
@with_appcontext
def restore(path: str, yes: bool):
    """Replace everything in the database with the backup in PATH."""
    if not yes:
        click.confirm("This replaces everything in the database with the backup. Go on?", abort=True)
    try:
        backups.restore(path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path}.")


@backup.command("check")
@with_appcontext
def check():
    """Print row counts per table and the contributions' checksum (compare before and after a restore)."""
    click.echo(json.dumps(backups.summary(), sort_keys=True))
