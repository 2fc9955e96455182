"""Forms for the idea box, following a contribution, and the theme-group inbox."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..core.forms import (
    CheckboxListField,
    ContactAndKeyRules,
    PublicForm,
    at_most,
    clean_text,
    contact_email_field,
    readable_text,
    translations_field,
)
from ..i18n import LANGUAGES
from .models import ANSWER_STATUSES, STATUSES

TITLE_MAX = 120
BODY_MAX = 4000
PLACE_MAX = 200


class IdeaForm(ContactAndKeyRules, PublicForm):
    area_id = SelectField(_l("Area"), coerce=int, validators=[InputRequired(message=_l("Choose an area."))])
    topic_id = SelectField(
        _l("What is it about?"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose what your idea is about."))],
    )
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(message=_l("Write a short title.")),
            at_most(TITLE_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l("A few words, for example: More benches in the park."),
    )
    body = TextAreaField(
        _l("Your idea"),
        validators=[
            InputRequired(message=_l("Write your idea.")),
            at_most(BODY_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l(
            "Write in your own words, in any language. Do not write names, phone numbers or personal identity numbers."
        ),
    )
    place = StringField(
        _l("Place (if it is about a place)"),
        validators=[
            Optional(),
            at_most(PLACE_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l("For example: the playground by Backa library."),
    )
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()))
    consent_publish = BooleanField(_l("Yes, my idea may be shown on this website (without my name)"))
    consent_quote = BooleanField(_l("Yes, the district may quote my idea in reports"))
    consent_contact = BooleanField(_l("Yes, e-mail me when something happens with my idea"))
    email = contact_email_field()
    idempotency_key = HiddenField()


class FollowForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form: nothing changes

    code = StringField(
        _l("Your receipt code"),
        validators=[InputRequired(message=_l("Write the code you got, for example K7F-3QX-9M."))],
        description=_l("You got it when you sent your idea, for example K7F-3QX-9M."),
    )


REPORT_REASONS = {
    "personal": _l("It shows personal information"),
    "offensive": _l("It is offensive or hateful"),
    "spam": _l("It is advertising or spam"),
    "other": _l("Something else"),
}


class ReportForm(PublicForm):
    reason = SelectField(_l("What is wrong?"), choices=list(REPORT_REASONS.items()))
    comment = TextAreaField(
        _l("Tell us more (optional)"),
        validators=[Optional(), Length(max=500), readable_text],
        filters=[clean_text],
    )


class SupportForm(PublicForm):
    """Only the CSRF token and the honeypot."""


# --- Staff -----------------------------------------------------------------------------


class AnswerForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[(s, STATUSES[s]) for s in ANSWER_STATUSES])
    body = translations_field(_l("Answer to the resident"), multiline=True, max_length=4000)
    #: Languages whose text came from the machine-translation draft (comma-separated codes).
    machine = HiddenField()
    reviewed = BooleanField(_l("I read this language and have checked the machine translation"))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[(s, label) for s, label in STATUSES.items()])
    reason = StringField(
        _l("Reason (shown in the history)"), validators=[Optional(), Length(max=300)], filters=[clean_text]
    )


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Internal note"),
        validators=[InputRequired(message=_l("Write the note.")), Length(max=2000)],
        filters=[clean_text],
        description=_l("Only theme-group members see notes."),
    )


class AssignForm(FlaskForm):
    member_id = SelectField(_l("Assign to"), coerce=int)


class RerouteForm(FlaskForm):
    groups = CheckboxListField(_l("Theme groups"), coerce=int)
    reason = StringField(
        _l("Why?"),
        validators=[InputRequired(message=_l("Write why it should go there.")), Length(max=300)],
        filters=[clean_text],
    )

    def validate_groups(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one theme group."))


class HideForm(FlaskForm):
    reason = StringField(
        _l("Reason shown to the public"),
        validators=[InputRequired(message=_l("Write a reason.")), Length(max=300)],
        filters=[clean_text],
        description=_l("For example: Removed because it named a person."),
    )


class EditTextForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=TITLE_MAX)], filters=[clean_text])
    body = TextAreaField(
        _l("Text"),
        validators=[InputRequired(message=_l("The text cannot be empty.")), Length(max=BODY_MAX)],
        filters=[clean_text],
    )
    place = StringField(_l("Place"), validators=[Optional(), Length(max=PLACE_MAX)], filters=[clean_text])
    reason = StringField(
        _l("What did you remove?"),
        validators=[InputRequired(message=_l("Write what you removed, for example a phone number.")), Length(max=300)],
        filters=[clean_text],
    )


class BulkForm(FlaskForm):
    action = SelectField(
        _l("With the chosen"),
        choices=[("status", _l("Set status")), ("assign", _l("Assign to")), ("reroute", _l("Send to theme group"))],
    )
    status = SelectField(_l("Status"), choices=[(s, label) for s, label in STATUSES.items()])
    member_id = SelectField(_l("Member"), coerce=int)
    group_id = SelectField(_l("Theme group"), coerce=int)
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)], filters=[clean_text])
