"""Notifications' part of a person's data: the unsubscribe choices made for their address."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from .models import EmailOptOut


def _mine(user):
    return EmailOptOut.email == (user.email or "").lower()


def export(user) -> list[dict]:
    rows = db.session.scalars(select(EmailOptOut).where(_mine(user)).order_by(EmailOptOut.kind))
    return [{"email": r.email, "kind": r.kind, "created_at": iso(r.created_at)} for r in rows]


def erase(user) -> list[str]:
    db.session.execute(delete(EmailOptOut).where(_mine(user)))
    return []


HOLDING = register(
    Holding(name="email_choices", export=export, erase=erase, covers=frozenset({"email_opt_outs.email"}))
)
