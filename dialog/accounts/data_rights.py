"""The account's part of a person's data: the account, roles, theme groups, organisations."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from ..i18n import translated
from ..organisations.models import Organisation, organisation_representatives
from .two_factor import recovery_codes_left, totp_for


def _organisations_of(user):
    return db.session.scalars(
        select(Organisation)
        .join(organisation_representatives)
        .where(organisation_representatives.c.user_id == user.id)
        .order_by(Organisation.name)
    ).all()


def export(user) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "verified": user.is_verified,
        "roles": sorted(user.roles),
        "created_at": iso(user.created_at),
        "last_login_at": iso(user.last_login_at),
    }


def erase(user) -> list[str]:
    db.session.delete(user)  # roles, memberships and representations go with it (ON DELETE CASCADE)
    db.session.flush()
    return []


def export_groups(user) -> list[dict]:
    return [{"name": translated(m.theme_group.name), "role": m.role} for m in user.memberships]


def export_organisations(user) -> list[dict]:
    return [{"name": org.name, "contact_email": org.contact_email} for org in _organisations_of(user)]


def erase_organisations(user) -> list[str]:
    organisations = _organisations_of(user)
    # An organisation's contact address that is the person's own goes with the person.
    for org in organisations:
        if org.contact_email and org.contact_email.lower() == user.email.lower():
            org.contact_email = None
    if organisations:
        return [_("Your organisations stay, without you as their representative.")]
    return []


def export_two_factor(user) -> dict:
    record = totp_for(user)
    return {"set_up_at": iso(record.confirmed_at) if record else None, "recovery_codes_left": recovery_codes_left(user)}


#: Last: the other domains find the person's rows through the account and its e-mail address.
ACCOUNT = register(
    Holding(
        name="account",
        export=export,
        erase=erase,
        covers=frozenset({"users.id", "users.email", "users.display_name", "user_roles.user_id"}),
        order=100,
    )
)
THEME_GROUPS = register(
    Holding(
        name="theme_groups",
        export=export_groups,
        erase=lambda user: [],
        covers=frozenset({"theme_group_members.user_id"}),
        not_personal={"theme_groups.contact_email": "a theme group's shared address, not a person's"},
        order=90,
    )
)
ORGANISATIONS = register(
    Holding(
        name="organisations",
        export=export_organisations,
        erase=erase_organisations,
        covers=frozenset({"organisation_representatives.user_id", "organisations.contact_email"}),
        order=90,
    )
)
#: The second sign-in step: the key and the recovery codes go with the account (ON DELETE
#: CASCADE); the download says whether it is set up, never the key or the codes.
TWO_FACTOR = register(
    Holding(
        name="two_factor",
        export=export_two_factor,
        erase=lambda user: [],
        covers=frozenset({"user_totp.user_id", "user_recovery_codes.user_id"}),
        order=90,
    )
)
