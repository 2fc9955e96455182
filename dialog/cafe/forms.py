"""Forms for café dialogues: staff set-up, rounds, tables, check-in, harvest and summary; the
public registration and exit questionnaire (with CSRF and the honeypot)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..core.forms import CheckboxListField, KeepsIdempotencyKey, PublicForm, clean_text, not_blank, translations_field
from ..core.participation import AGE_BANDS, PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from .models import GENDERS

TIME_FORMAT = "%Y-%m-%dT%H:%M"


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))


def to_utc(value: datetime | None) -> datetime | None:
    """A local wall-clock time from the form, as an aware UTC time."""
    if value is None:
        return None
    return value.replace(tzinfo=local_zone()).astimezone(ZoneInfo("UTC"))


def to_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(local_zone()).replace(tzinfo=None)


class CafeDialogueForm(FlaskForm):
    title = translations_field(_l("Title"), max_length=200)
    purpose = translations_field(_l("Why we meet"), multiline=True, max_length=2000)
    influence = translations_field(_l("What you can influence"), multiline=True, max_length=2000)
    not_influence = translations_field(
        _l("What is already decided or cannot be influenced here"), required=False, multiline=True, max_length=2000
    )
    feedback_promise = translations_field(_l("When and how participants hear back"), multiline=True, max_length=1000)
    participation_level = RadioField(
        _l("Participation level"),
        choices=[(key, f"{label} – {PARTICIPATION_EXPLAINED[key]}") for key, label in PARTICIPATION_LEVELS.items()],
        default="dialogue",
    )
    theme_group_id = SelectField(_l("Theme group that runs it"), coerce=int, validators=[InputRequired()])
    area_id = SelectField(_l("Area"), coerce=int, validators=[InputRequired()])
    topic_ids = CheckboxListField(_l("Topics"), coerce=int)
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=TIME_FORMAT,
        validators=[InputRequired()],
        description=_l("Date and time, for example 2026-12-03 17:30."),
    )
    ends_at = DateTimeLocalField(_l("Ends"), format=TIME_FORMAT, validators=[InputRequired()])
    place = StringField(
        _l("Place"),
        validators=[not_blank, Length(max=200)],
        filters=[clean_text],
        description=_l("For example Backa library."),
    )
    address = StringField(_l("Address"), validators=[not_blank, Length(max=300)], filters=[clean_text])
    accessibility = translations_field(
        _l("Accessibility (step-free access, hearing loop, toilets …)"), required=False, multiline=True, max_length=1000
    )
    languages = CheckboxListField(_l("Languages spoken at the tables"), choices=list(LANGUAGES.items()))
    interpretation = CheckboxListField(_l("Interpreters present"), choices=list(LANGUAGES.items()))
    capacity = IntegerField(_l("Places"), validators=[InputRequired(), NumberRange(min=1, max=2000)])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"),
        format=TIME_FORMAT,
        validators=[Optional()],
        description=_l("Empty: as soon as it is published."),
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"),
        format=TIME_FORMAT,
        validators=[Optional()],
        description=_l("Empty: when the dialogue starts."),
    )

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_registration_closes_at(self, field):
        if field.data and self.registration_opens_at.data and field.data <= self.registration_opens_at.data:
            raise ValidationError(_l("Registration must close after it opens."))
        if field.data and self.ends_at.data and field.data > self.ends_at.data:
            raise ValidationError(_l("Registration must close before the dialogue ends."))


class RoundForm(FlaskForm):
    question = translations_field(_l("Question for this round"), multiline=True, max_length=500)
    minutes = IntegerField(_l("Minutes"), validators=[Optional(), NumberRange(min=1, max=240)])


class TableForm(FlaskForm):
    theme = translations_field(_l("Table theme"), max_length=200)
    host_user_id = SelectField(_l("Host (staff member)"), coerce=int, default=0)
    host_name = StringField(
        _l("Or a volunteer host's name"), validators=[Optional(), Length(max=120)], filters=[clean_text]
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.host_user_id.data and not (self.host_name.data or "").strip():
            self.host_name.errors = [*self.host_name.errors, _l("Choose a staff member or write the volunteer's name.")]
            return False
        return ok


class CheckInForm(FlaskForm):
    present = HiddenField()


class WalkInsForm(FlaskForm):
    walk_ins = IntegerField(
        _l("People who came without registering"), validators=[InputRequired(), NumberRange(min=0, max=5000)]
    )


class HarvestForm(FlaskForm):
    note_ids = CheckboxListField(_l("Notes"), coerce=int, validate_choice=False)
    proposal_ids = CheckboxListField(_l("Proposals"), coerce=int, validate_choice=False)


class SummaryForm(FlaskForm):
    summary = translations_field(_l("What was said"), multiline=True, max_length=20000)
    themes = translations_field(_l("Recurring themes"), required=False, multiline=True, max_length=10000)
    follow_up_id = SelectField(_l("Follow-up meeting"), coerce=int, default=0)


_PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def normalise_phone(value: str | None) -> str | None:
    if not value:
        return None
    digits = re.sub(r"[\s\-()./]", "", value)
    return digits or None


class RegistrationForm(KeepsIdempotencyKey, PublicForm):
    name = StringField(
        _l("Your name or a nickname"),
        validators=[not_blank, Length(max=80)],
        filters=[clean_text],
        description=_l("What we call you at the table."),
    )
    email = StringField(
        _l("E-mail (optional)"),
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Write a whole e-mail address, like name@example.org.")),
        ],
        filters=[lambda v: (v or "").strip().lower() or None],
        description=_l("We send a confirmation, a reminder and, if you want, what we heard."),
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[Optional(), Length(max=40)],
        filters=[normalise_phone],
        description=_l("Only to reach you about this meeting."),
    )
    interpreter_language = StringField(
        _l("I need an interpreter in this language"), validators=[Optional(), Length(max=60)], filters=[clean_text]
    )
    access_needs = TextAreaField(
        _l("Anything we should know so you can take part (access, hearing, food …)"),
        validators=[Optional(), Length(max=500)],
        filters=[clean_text],
    )
    childcare = BooleanField(_l("I need childcare during the meeting"))
    wants_feedback = BooleanField(_l("E-mail me what we heard afterwards"))
    idempotency_key = HiddenField()

    def validate_phone(self, field):
        if field.data and not _PHONE.match(field.data):
            raise ValidationError(_l("Write a phone number with digits only, for example 0701234567."))

    def validate_wants_feedback(self, field):
        if field.data and not self.email.data:
            raise ValidationError(_l("To get what we heard by e-mail, write your e-mail address."))


class CancelForm(PublicForm):
    pass


class ExitForm(PublicForm):
    age_band = RadioField(
        _l("Age"), choices=[("", _l("I prefer not to say")), *AGE_BANDS.items()], default="", validate_choice=False
    )
    gender = RadioField(
        _l("Gender"), choices=[("", _l("I prefer not to say")), *GENDERS.items()], default="", validate_choice=False
    )
    area_id = SelectField(_l("Where do you live?"), default="", validate_choice=False)
    home_language = RadioField(
        _l("Which language do you speak most at home?"),
        choices=[("", _l("I prefer not to say")), *LANGUAGES.items(), ("other", _l("Another language"))],
        default="",
        validate_choice=False,
    )
