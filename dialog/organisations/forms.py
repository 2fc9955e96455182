"""Forms a representative uses: the organisation's profile and a colleague's invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, URLField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from ..core.forms import CheckboxListField, clean_text, translations_field
from .models import ORGANISATION_KINDS


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name of the organisation"),
        validators=[InputRequired(message=_l("Write the organisation's name.")), Length(max=200)],
        filters=[clean_text],
    )
    kind = SelectField(_l("Kind of organisation"), choices=list(ORGANISATION_KINDS.items()))
    description = translations_field(_l("What the organisation does"), required=False, multiline=True, max_length=4000)
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)], filters=[clean_text])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(message=_l("Write an e-mail address like name@example.se.")), Length(max=254)],
        filters=[clean_text],
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=300), Regexp(r"^https?://", message=_l("Start the address with https://"))],
        filters=[clean_text],
    )
    areas = CheckboxListField(_l("Areas where it works"), coerce=int)
    is_public = BooleanField(
        _l("Show the organisation's page to everyone"),
        default=True,
        description=_l("The page shows the name, kind, description, contact and the rounds it took part in."),
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Your colleague's e-mail address"),
        validators=[
            InputRequired(message=_l("Write an e-mail address like name@example.se.")),
            Email(message=_l("Write an e-mail address like name@example.se.")),
            Length(max=254),
        ],
        filters=[clean_text],
    )
