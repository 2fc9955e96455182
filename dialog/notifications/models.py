"""Who asked not to get our e-mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime, utcnow
from ..extensions import db


class EmailOptOut(db.Model):
    """An address that used an unsubscribe link. Notifications skip it."""

    __tablename__ = "email_opt_outs"

    #: Lower-cased address.
    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    #: "all", "status" (contribution updates) or "digest" (theme-group digest).
    kind: Mapped[str] = mapped_column(String(20), primary_key=True, default="all")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
