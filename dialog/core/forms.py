"""Form building blocks every domain shares: public forms with a honeypot, per-language text
fields, a checkbox list, the confirm / state / move button forms, readable text and the
idempotency key of a public form."""

from __future__ import annotations

import secrets

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from .encoding import field_had_invalid_utf8
from .form_messages import FORM_MESSAGES
from .text import strip_control_chars


def clean_text(value):
    """WTForms filter: strip control characters and surrounding whitespace."""
    if isinstance(value, str):
        return strip_control_chars(value).strip()
    return value


class PublicForm(FlaskForm):
    """A form anyone may post. Bots that fill the hidden ``website`` field are turned away."""

    # Translators: label of a hidden anti-spam field; people never see it, screen readers skip it.
    website = StringField(_l("Leave this field empty"))

    def reject_bots(self) -> None:
        """Abort with a translated 400 page when the honeypot has been filled in."""
        if self.website.data:
            abort(400)


class TranslationsForm(Form):
    """Base for sub-forms holding one text in every UI language (see :func:`translations_field`)."""

    required_language = DEFAULT_LANGUAGE

    class Meta:
        # A plain ``Form`` gets no translations from Flask-WTF: use ours, or a too-long text
        # would be refused in English whatever the page's language.
        def get_translations(self, form):
            return FORM_MESSAGES

    @property
    def value(self) -> dict[str, str]:
        return {code: (self[code].data or "").strip() for code in LANGUAGES if self[code].data}

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.required_language and not (self[self.required_language].data or "").strip():
            self[self.required_language].errors = list(self[self.required_language].errors) + [
                _l("Write this text in Swedish at least.")
            ]
            return False
        return ok


def translations_field(label, *, required: bool = True, multiline: bool = False, max_length: int = 200) -> FormField:
    """Return a field with one input per UI language, shown side by side in the form."""
    input_class = TextAreaField if multiline else StringField
    attrs = {
        code: input_class(
            name,
            validators=[Optional(), Length(max=max_length)],
            filters=[clean_text],
        )
        for code, name in LANGUAGES.items()
    }
    attrs["required_language"] = DEFAULT_LANGUAGE if required else None
    attrs["multiline"] = multiline
    sub_form = type("TranslationsSubForm", (TranslationsForm,), attrs)
    return FormField(sub_form, label=label, separator="-")


def not_blank(form, field):
    if not (field.data or "").strip():
        raise ValidationError(_l("This field is required."))


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConfirmForm(FlaskForm):
    """Only the CSRF token: for buttons that change something (move, delete, duplicate)."""


def readable_text(form, field):
    """Reject text that arrived broken (invalid UTF-8 is decoded to U+FFFD by the server)."""
    if field.data and ("\ufffd" in field.data or field_had_invalid_utf8(field.name)):
        raise ValidationError(_l("Some characters could not be read. Please write the text again."))


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


class StateForm(FlaskForm):
    """A button that moves something to the state it names (draft, open, published, …)."""

    state = HiddenField()


class MoveForm(FlaskForm):
    """A button that moves an item up (-1) or down (1) in its list."""

    direction = HiddenField()
