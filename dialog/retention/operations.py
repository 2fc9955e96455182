"""Run the retention rules and record what they removed (counts, never the data)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ..core.models import utcnow
from ..extensions import db
from .models import AnonymisationRequest, RetentionRecord
from .rules import RULES


def run(now: datetime | None = None) -> dict[str, int]:
    """Apply every rule in one transaction; return and record rows changed per rule."""
    now = now or utcnow()
    removed = {}
    for rule in RULES:
        removed[rule.name] = rule.apply(now, current_app.config)
        db.session.add(RetentionRecord(ran_at=now, rule=rule.name, removed=removed[rule.name]))
    db.session.commit()
    return removed


def run_job() -> None:
    """The ``retention`` background job."""
    run()


def request_anonymisation(contribution) -> bool:
    """The teller asks for their story to be anonymised; False if it was asked already."""
    exists = db.session.scalar(
        select(AnonymisationRequest.id).where(AnonymisationRequest.contribution_id == contribution.id)
    )
    if exists:
        return False
    db.session.add(AnonymisationRequest(contribution_id=contribution.id))
    db.session.flush()
    return True


def recent_records(limit: int = 30) -> list[RetentionRecord]:
    return db.session.scalars(select(RetentionRecord).order_by(RetentionRecord.id.desc()).limit(limit)).all()
