"""Writes on organisations: the profile its representatives keep, colleagues invited by e-mail,
and staff verification. Operations flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..areas.models import Area
from ..core.mail import send_email
from ..extensions import db
from ..i18n import LANGUAGES
from .invites import invite_token
from .models import ORGANISATION_KINDS, Organisation


class OrganisationError(ValueError):
    """A broken rule, with a translated message and the form field it belongs to (if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class ProfileSettings:
    name: str
    kind: str
    description: dict[str, str]
    contact_name: str | None = None
    contact_email: str | None = None
    website: str | None = None
    is_public: bool = True
    areas: list[Area] = field(default_factory=list)


def _apply_profile(organisation: Organisation, settings: ProfileSettings) -> None:
    if not (settings.name or "").strip():
        raise OrganisationError(_("Write the organisation's name."), "name")
    if settings.kind not in ORGANISATION_KINDS:
        raise OrganisationError(_("Choose a kind from the list."), "kind")
    organisation.name = settings.name.strip()
    organisation.kind = settings.kind
    organisation.description = {k: v for k, v in settings.description.items() if k in LANGUAGES and v}
    organisation.contact_name = settings.contact_name or None
    organisation.contact_email = (settings.contact_email or "").lower() or None
    organisation.website = settings.website or None
    organisation.is_public = settings.is_public
    organisation.areas = list(settings.areas)


def create_organisation(settings: ProfileSettings, representative) -> Organisation:
    """A new organisation with ``representative`` as its first representative (unverified)."""
    organisation = Organisation()
    _apply_profile(organisation, settings)
    organisation.representatives = [representative]
    if not representative.has_role("organisation"):
        representative.roles = representative.roles | {"organisation"}
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_profile(organisation: Organisation, settings: ProfileSettings) -> None:
    _apply_profile(organisation, settings)
    db.session.flush()


def add_representative(organisation: Organisation, user) -> None:
    """A colleague who followed an invitation becomes a representative too."""
    if user not in organisation.representatives:
        organisation.representatives.append(user)
    if not user.has_role("organisation"):
        user.roles = user.roles | {"organisation"}
    db.session.flush()


def set_verified(organisation: Organisation, verified: bool) -> None:
    organisation.is_verified = verified
    db.session.flush()


def send_invite(organisation: Organisation, email: str, inviter) -> None:
    """Invite a colleague to represent the organisation too (the link works for two weeks)."""
    language = inviter.language if inviter.language in LANGUAGES else "sv"
    with force_locale(language):
        body = render_template(
            "organisations/invite.txt",
            organisation=organisation,
            inviter=inviter,
            link=url_for("organisations.accept_invite", token=invite_token(organisation.id, email), _external=True),
        )
        send_email(email, _("Join %(name)s on Dialog", name=organisation.name), body)
