"""``flask translation languages`` and ``flask translation backfill``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..i18n import LANGUAGES
from .backend import get_translator
from .history import JOB as HISTORY_JOB
from .history import missing_history
from .jobs import missing_translations
from .queue import queue_job


@click.group()
def translation():
    """Machine translation run by the district."""


@translation.command("languages")
@with_appcontext
def languages():
    """Show which of our language pairs the configured back end covers."""
    translator = get_translator()
    if translator is None:
        raise click.ClickException("No back end: set TRANSLATE_URL (LibreTranslate) or TRANSLATE_BACKEND=argos.")
    for source in LANGUAGES:
        covered = [target for target in LANGUAGES if target != source and translator.supports(source, target)]
        click.echo(f"{source} -> {', '.join(covered) or '(none)'}")


@translation.command("backfill")
@with_appcontext
def backfill():
    """Queue translation of every contribution and history with no current translation (after
    set-up or an outage)."""
    if get_translator() is None:
        raise click.ClickException("No back end configured.")
    ids = missing_translations()
    histories = missing_history()
    app = current_app._get_current_object()
    for ident in ids:
        queue_job(app, ident)
    for ident in histories:
        queue_job(app, ident, job=HISTORY_JOB)
    click.echo(f"Queued {len(ids)} contributions and {len(histories)} histories.")
