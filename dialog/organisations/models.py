"""Organisations and who represents them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..areas.models import Area
from ..core.models import TimestampMixin, TranslatedText
from ..extensions import db
from ..i18n import translated

#: Kinds of organisation, with their labels.
ORGANISATION_KINDS = {
    "association": _l("Association"),
    "company": _l("Company"),
    "authority": _l("Public authority"),
    "municipal_project": _l("Municipal project"),
    "faith_community": _l("Faith community"),
}

organisation_areas = Table(
    "organisation_areas",
    db.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)

organisation_representatives = Table(
    "organisation_representatives",
    db.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organisation(TimestampMixin, db.Model):
    """An organisation that can join matchmaking rounds."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('association', 'company', 'authority', 'municipal_project', 'faith_community')",
            name="kind_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    website: Mapped[str | None] = mapped_column(String(300))
    #: Whom to contact, as the organisation chose to show it.
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    #: Staff have checked that the organisation is what it says.
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The organisation's public page shows its profile (rounds and public collaborations too).
    is_public: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    areas: Mapped[list[Area]] = relationship(secondary=organisation_areas, order_by="(Area.position, Area.slug)")
    representatives: Mapped[list[User]] = relationship(  # noqa: F821
        secondary=organisation_representatives, order_by="User.display_name"
    )

    @property
    def kind_label(self) -> str:
        return str(ORGANISATION_KINDS.get(self.kind, self.kind))

    @property
    def display_description(self) -> str:
        return translated(self.description)
