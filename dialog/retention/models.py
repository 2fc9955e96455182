"""What retention runs removed (counts only, never the data) and anonymisation requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class RetentionRecord(db.Model):
    """One rule applied in one run: which rule, when, and how many rows it changed."""

    __tablename__ = "retention_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    rule: Mapped[str] = mapped_column(String(40))
    removed: Mapped[int] = mapped_column(Integer, default=0)


class AnonymisationRequest(db.Model):
    """A teller asked for their story to be anonymised; the next retention run does it."""

    __tablename__ = "anonymisation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
