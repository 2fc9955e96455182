"""Admin forms. Every staff-written text is a per-language field shown side by side."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp

from ..accounts.models import ROLES
from ..core.forms import CheckboxListField, clean_text, translations_field
from ..i18n import LANGUAGES
from ..organisations.models import ORGANISATION_KINDS

SLUG_VALIDATORS = [
    InputRequired(message=_l("Write a short web address name.")),
    Length(max=80),
    Regexp(
        r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        message=_l("Use only small letters a–z, digits and hyphens, e.g. selma-stad."),
    ),
]

ROLE_LABELS = {
    "resident": _l("Resident"),
    "organisation": _l("Organisation representative"),
    "staff": _l("Staff"),
    "admin": _l("Administrator"),
}

MEMBER_ROLE_LABELS = {"lead": _l("Lead"), "member": _l("Member")}


class AreaForm(FlaskForm):
    name = translations_field(_l("Name"), max_length=120)
    slug = StringField(_l("Web address name"), validators=SLUG_VALIDATORS)
    parent_id = SelectField(_l("Part of"), coerce=int, description=_l("Leave empty for a district."))
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)])
    description = translations_field(_l("Description"), required=False, multiline=True, max_length=4000)


class TopicForm(FlaskForm):
    name = translations_field(_l("Name"), max_length=120)
    slug = StringField(_l("Web address name"), validators=SLUG_VALIDATORS)
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)])
    description = translations_field(_l("Description"), required=False, multiline=True, max_length=4000)


class ThemeGroupForm(FlaskForm):
    name = translations_field(_l("Name"), max_length=120)
    slug = StringField(_l("Web address name"), validators=SLUG_VALIDATORS)
    question = translations_field(_l("Guiding question"), max_length=300)
    description = translations_field(_l("Description"), required=False, multiline=True, max_length=4000)
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            Optional(),
            Email(message=_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )
    district_id = SelectField(_l("District"), coerce=int)
    areas = CheckboxListField(_l("Areas the group covers"), coerce=int)
    topics = CheckboxListField(_l("Topics the group covers"), coerce=int)
    is_active = BooleanField(_l("Active"), default=True)
    is_fallback = BooleanField(
        _l("Fallback group"),
        description=_l("Receives everything in its district that no other group covers."),
    )


class MemberForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of the staff member"),
        validators=[
            InputRequired(message=_l("Write an e-mail address.")),
            Email(message=_l("This does not look like an e-mail address."), check_deliverability=False),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )
    role = SelectField(_l("Role in the group"), choices=list(MEMBER_ROLE_LABELS.items()))


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(message=_l("Write the name.")), Length(max=200)],
        filters=[clean_text],
    )
    kind = SelectField(_l("Kind of organisation"), choices=list(ORGANISATION_KINDS.items()))
    description = translations_field(_l("Description"), required=False, multiline=True, max_length=4000)
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=300),
            Regexp(r"^https?://", message=_l("Start the address with https://")),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    areas = CheckboxListField(_l("Areas where it works"), coerce=int)
    representatives = TextAreaField(
        _l("Representatives"),
        description=_l("E-mail addresses of their accounts, one per line."),
        validators=[Optional(), Length(max=4000)],
        filters=[clean_text],
    )


class UserForm(FlaskForm):
    display_name = StringField(
        _l("Name or nickname"),
        validators=[InputRequired(message=_l("Write a name or a nickname.")), Length(max=80)],
        filters=[clean_text],
    )
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))
    roles = CheckboxListField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    is_verified = BooleanField(_l("E-mail address confirmed"))
    is_blocked = BooleanField(_l("Blocked"))
