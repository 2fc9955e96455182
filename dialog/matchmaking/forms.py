"""Forms of a matchmaking round: staff set-up, meetings, tags, walk-ins, the schedule and
collaborations; the representative's items, answers and availability."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from ..core.forms import CheckboxListField, clean_text, readable_text, translations_field
from ..core.participation import PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from ..organisations.models import ORGANISATION_KINDS
from .models import ANSWERS, COLLABORATION_FORMS, ITEM_KINDS, OUTCOMES
from .operations import BODY_MAX, TITLE_MAX


def int_or_invalid(value) -> int:
    """Coerce a posted id; anything that is not a number becomes -1 (an unknown choice)."""
    if value in (None, ""):
        return 0
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class RoundForm(FlaskForm):
    area_id = SelectField(_l("Area"), coerce=int_or_invalid)
    title = translations_field(_l("Name of the round"), max_length=200)
    purpose = translations_field(_l("Purpose"), required=False, multiline=True, max_length=2000)
    invitation = translations_field(_l("Invitation to organisations"), required=False, multiline=True, max_length=4000)
    participation_level = SelectField(_l("Participation level"), choices=list(PARTICIPATION_LEVELS.items()))
    promise = translations_field(
        _l("What happens with what comes out of the round"), required=False, multiline=True, max_length=2000
    )
    topics = CheckboxListField(_l("Topics"), coerce=int)
    theme_groups = CheckboxListField(_l("Theme groups that run the round"), coerce=int)
    registration_opens = DateField(_l("Registration opens"), validators=[Optional()])
    registration_closes = DateField(_l("Registration closes"), validators=[Optional()])
    answers_close = DateField(
        _l("Last day to answer suggestions"),
        validators=[Optional()],
        description=_l("Requests to meet not answered by then expire."),
    )
    slot_minutes = IntegerField(
        _l("Minutes per conversation at the matching meeting"),
        default=20,
        validators=[InputRequired(message=_l("Give a number of 1 or more.")), NumberRange(min=5, max=120)],
    )
    slot_count = IntegerField(
        _l("Number of conversation times"),
        default=4,
        validators=[InputRequired(message=_l("Give a number of 1 or more.")), NumberRange(min=1, max=24)],
    )
    table_count = IntegerField(
        _l("Number of tables"),
        default=4,
        validators=[InputRequired(message=_l("Give a number of 1 or more.")), NumberRange(min=1, max=200)],
    )


class MeetingForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Give a date."))])
    starts = TimeField(_l("Starts at"), validators=[InputRequired(message=_l("Give a time."))])
    ends = TimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(
        _l("Place"),
        validators=[InputRequired(message=_l("Write where the meeting is.")), Length(max=200)],
        filters=[clean_text],
    )
    accessibility = translations_field(_l("Accessibility"), required=False, max_length=300)
    languages = CheckboxListField(_l("Languages spoken"), choices=list(LANGUAGES.items()))


class TagForm(FlaskForm):
    slug = StringField(
        _l("Short name"),
        validators=[InputRequired(message=_l("Write a short name.")), Length(max=80)],
        filters=[clean_text],
    )
    name = translations_field(_l("The word in every language"), max_length=80)


class WalkInForm(FlaskForm):
    meeting_id = SelectField(_l("Meeting"), coerce=int_or_invalid)
    name = StringField(
        _l("Name of the organisation"),
        validators=[InputRequired(message=_l("Write the organisation's name.")), Length(max=200)],
        filters=[clean_text],
    )
    kind = SelectField(_l("Kind of organisation"), choices=list(ORGANISATION_KINDS.items()))
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(message=_l("Write an e-mail address like name@example.se.")), Length(max=254)],
        filters=[clean_text],
    )


class JoinForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int_or_invalid)


class ItemForm(FlaskForm):
    kind = RadioField(_l("What is it?"), choices=list(ITEM_KINDS.items()), default="need")
    title = StringField(
        _l("Title"),
        validators=[InputRequired(message=_l("Write a short title.")), Length(max=TITLE_MAX), readable_text],
        filters=[clean_text],
    )
    body = TextAreaField(
        _l("Describe it"),
        validators=[InputRequired(message=_l("Describe it in a few sentences.")), Length(max=BODY_MAX), readable_text],
        filters=[clean_text],
        description=_l("Write in your own words, in any language."),
    )
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()))
    tags = CheckboxListField(_l("Words from the district's list"), coerce=int_or_invalid)


class SendOnForm(FlaskForm):
    consent_publish = BooleanField(_l("It may be shown publicly once staff have read it"))


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=list(ANSWERS.items()))


class AvailabilityForm(FlaskForm):
    slots = CheckboxListField(_l("Times you can take at the matching meeting"), coerce=int_or_invalid)


class PlaceForm(FlaskForm):
    """Where staff fix a conversation: a slot and a table."""

    slot = SelectField(_l("Time"), coerce=int_or_invalid)
    table = SelectField(_l("Table"), coerce=int_or_invalid)


class CollaborationForm(FlaskForm):
    organisations = CheckboxListField(_l("Member organisations"), coerce=int_or_invalid)
    activity = TextAreaField(
        _l("What you will do together"),
        validators=[InputRequired(message=_l("Describe what you will do together.")), Length(max=2000), readable_text],
        filters=[clean_text],
    )
    form = SelectField(_l("Form of collaboration"), choices=list(COLLABORATION_FORMS.items()))
    contact_name = StringField(
        _l("Responsible contact"),
        validators=[InputRequired(message=_l("Write who is responsible.")), Length(max=120)],
        filters=[clean_text],
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(message=_l("Write an e-mail address like name@example.se.")), Length(max=254)],
        filters=[clean_text],
    )
    next_step = StringField(_l("Next step"), validators=[Optional(), Length(max=300)], filters=[clean_text])
    next_step_on = DateField(_l("Date of the next step"), validators=[Optional()])
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()))
    is_public = BooleanField(_l("Every member agrees to show it on the public list"))


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("What came of the collaboration?"), choices=list(OUTCOMES.items()))
