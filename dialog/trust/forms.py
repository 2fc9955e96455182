"""Forms for trust dialogues: the public story form (CSRF, honeypot, idempotency key) and the
staff forms (set-up in five languages, prompts, themes, a story heard in person, tags)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from ..core.forms import (
    CheckboxListField,
    KeepsIdempotencyKey,
    PublicForm,
    at_most,
    clean_text,
    readable_text,
    translations_field,
)
from ..core.participation import AGE_BANDS, PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from .operations import STORY_MAX


def _int_or_invalid(value) -> int:
    """Coerce a posted id; anything that is not a number becomes -1 (an unknown choice)."""
    if value in (None, ""):
        return 0
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class _StoryFields(KeepsIdempotencyKey, FlaskForm):
    """What a story has, whoever writes it down."""

    prompt_id = RadioField(
        _l("Which question does your story answer?"),
        coerce=_int_or_invalid,
        validate_choice=False,
        default=0,
    )
    body = TextAreaField(
        _l("Your story"),
        validators=[
            InputRequired(message=_l("Write your story.")),
            at_most(STORY_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l(
            "Write in your own words, in any language. Do not write names, phone numbers or personal identity numbers."
        ),
    )
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()))
    age_band = SelectField(
        _l("Age (optional)"),
        choices=[("", _l("I would rather not say"))] + list(AGE_BANDS.items()),
        validate_choice=False,
    )
    area_id = SelectField(
        _l("Where do you live? (optional)"),
        coerce=_int_or_invalid,
        validate_choice=False,
        default=0,
        description=_l("Only the neighbourhood. It helps us see where stories come from."),
    )
    consent_publish = BooleanField(_l("Yes, my story may be shown on this website (without my name)"))
    consent_quote = BooleanField(_l("Yes, the district may quote my story on the “What we heard” page and in reports"))
    idempotency_key = HiddenField()

    def validate_prompt_id(self, field):
        field.data = field.data or 0
        valid = {value for value, _label in field.choices}
        if field.data not in valid:
            field.data = 0
            raise ValidationError(_l("Choose one of the questions in the list."))

    def validate_age_band(self, field):
        if field.data and field.data not in AGE_BANDS:
            field.data = ""
            raise ValidationError(_l("Choose an age group from the list."))

    def validate_area_id(self, field):
        field.data = field.data or 0
        valid = {value for value, _label in field.choices}
        if field.data not in valid:
            field.data = 0
            raise ValidationError(_l("Choose a neighbourhood from the list."))

    def validate_language(self, field):
        if field.data not in LANGUAGES:
            raise ValidationError(_l("Choose a language from the list."))


class StoryForm(_StoryFields, PublicForm):
    """A resident shares a story (with or without an account)."""

    #: The first choice of the optional questions.
    not_said = _l("I would rather not say")

    anonymous = BooleanField(
        _l("Send it without my name: do not link the story to my account"),
        description=_l("A moderator then reads it before anything can be shown."),
    )


class InPersonStoryForm(_StoryFields):
    """Staff write down a story heard in person."""

    not_said = _l("Not asked")

    body = TextAreaField(
        _l("The story"),
        validators=[
            InputRequired(message=_l("Write the story.")),
            at_most(STORY_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l("As the teller said it. Leave out names and anything that could identify a person."),
    )
    prompt_id = RadioField(
        _l("Which question does the story answer?"),
        coerce=_int_or_invalid,
        validate_choice=False,
        default=0,
    )
    language = SelectField(_l("Language of the text"), choices=list(LANGUAGES.items()))
    age_band = SelectField(
        _l("The teller's age (optional)"),
        choices=[("", _l("Not asked"))] + list(AGE_BANDS.items()),
        validate_choice=False,
    )
    area_id = SelectField(
        _l("Where the teller lives (optional)"),
        coerce=_int_or_invalid,
        validate_choice=False,
        default=0,
    )
    consent_noted = BooleanField(
        _l("The teller agreed that the story is written down here"),
        validators=[InputRequired(message=_l("Ask the teller first: a story is only written down when they agree."))],
    )
    consent_publish = BooleanField(_l("The teller agreed that the story may be shown on this website (without a name)"))
    consent_quote = BooleanField(_l("The teller agreed to be quoted on the “What we heard” page and in reports"))


class TrustDialogueForm(FlaskForm):
    title = translations_field(_l("Title"), max_length=200)
    intro = translations_field(
        _l("Introduction: why we ask for stories"), required=False, multiline=True, max_length=4000
    )
    promise = translations_field(_l("What happens with the stories"), multiline=True, max_length=2000)
    theme_group = SelectField(
        _l("Theme group"),
        coerce=_int_or_invalid,
        validate_choice=False,
        description=_l("The group that runs the dialogue: its members manage it, and every story reaches its inbox."),
    )
    area = SelectField(_l("Area"), coerce=_int_or_invalid, validate_choice=False)
    topics = CheckboxListField(
        _l("Topics"),
        coerce=int,
        description=_l("The stories are filed under these topics and routed like other contributions."),
    )
    participation_level = RadioField(
        _l("Participation level"),
        choices=[(key, f"{label} – {PARTICIPATION_EXPLAINED[key]}") for key, label in PARTICIPATION_LEVELS.items()],
        default="dialogue",
    )
    opens_on = DateField(
        _l("First day"), validators=[Optional()], description=_l("Year-month-day. Empty: from when it opens.")
    )
    closes_on = DateField(
        _l("Last day"), validators=[Optional()], description=_l("Year-month-day. Empty: until it is closed.")
    )
    heard_public = BooleanField(_l("Show the “What we heard” page to the public (consented, approved quotes only)"))

    def validate_theme_group(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a theme group."))

    def validate_area(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose an area."))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The last day must come after the first day."))


class PromptForm(FlaskForm):
    text = translations_field(_l("Question that invites a story"), multiline=True, max_length=500)


class ThemeForm(FlaskForm):
    name = translations_field(_l("Theme"), max_length=120)


class TagForm(FlaskForm):
    themes = CheckboxListField(_l("Themes"), coerce=int)
