"""Between forms and operations: settings built from a posted form, an operation's message put
next to its field, and the labels the pages show (slot times, why a conversation is left out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import segno
from flask import current_app, url_for
from flask_babel import format_time
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..organisations.models import Organisation
from . import operations as ops
from . import schedule as scheduling

LEFT_OUT_REASONS = {
    scheduling.NO_COMMON_SLOT: _l("The organisations have no time in common."),
    scheduling.ORGANISATION_BUSY: _l("One of the organisations is in another conversation at every time it can come."),
    scheduling.NO_TABLE: _l("Every table is taken at the times they can come."),
}


def attach_error(form, error) -> None:
    """Show an operation's message next to its field, or above the form."""
    target = getattr(form, error.field, None) if error.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


def item_settings(form) -> ops.ItemSettings:
    return ops.ItemSettings(
        kind=form.kind.data,
        title=form.title.data or "",
        body=form.body.data or "",
        language=form.language.data,
        tag_ids=[t for t in (form.tags.data or []) if t],
    )


def collaboration_settings(form) -> ops.CollaborationSettings:
    wanted = [i for i in (form.organisations.data or []) if i > 0]
    organisations = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))) if wanted else []
    if len(organisations) != len(set(wanted)):
        raise ops.MatchError(str(_l("Choose organisations that take part in this round.")), "organisations")
    return ops.CollaborationSettings(
        organisations=organisations,
        activity=form.activity.data or "",
        form=form.form.data,
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data,
        next_step=form.next_step.data,
        next_step_on=form.next_step_on.data,
        is_public=bool(form.is_public.data),
        language=form.language.data,
    )


def slot_start(match_round, slot: int) -> datetime | None:
    meeting = match_round.matching_meeting
    if meeting is None:
        return None
    return meeting.starts_at + timedelta(minutes=match_round.slot_minutes * slot)


def slot_labels(match_round) -> list[tuple[int, str]]:
    """Each meeting-2 slot as "18:20–18:40" (in Swedish time as entered by staff)."""
    labels = []
    for slot in range(match_round.slot_count):
        start = slot_start(match_round, slot)
        if start is None:
            labels.append((slot, str(_l("Time %(number)d", number=slot + 1))))
            continue
        end = start + timedelta(minutes=match_round.slot_minutes)
        # Isolated left-to-right, so "17:00–17:20" keeps its order on Arabic and Persian pages.
        labels.append((slot, f"\u2066{format_time(start, 'HH:mm')}–{format_time(end, 'HH:mm')}\u2069"))
    return labels


def as_utc(day, time) -> datetime:
    """A wall-clock date and time typed by staff (the district's time zone), as aware UTC."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))
    return datetime.combine(day, time).replace(tzinfo=zone).astimezone(UTC)


def round_qr(match_round) -> Markup:
    """A QR code for the round's public page, as inline SVG, for the printed agendas."""
    url = url_for("matchmaking.round_page", ident=match_round.id, _external=True)
    return Markup(segno.make(url, error="m").svg_inline(scale=4, svgclass="qr-code", lineclass="qr-line"))
