"""Form building blocks every domain shares: public forms with a honeypot, per-language text
fields, a checkbox list, the confirm / state / move button forms, readable text, length limits,
the contact e-mail with its "e-mail me" rule, and the idempotency key of a public form."""

from __future__ import annotations

import re
import secrets

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, Length, Optional, ValidationError
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


#: A key made by the page (or by its script, which makes shorter ones); anything else is replaced.
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def at_most(limit: int) -> Length:
    """A length limit whose message counts right in every language."""
    return Length(
        max=limit, message=lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", limit)
    )


def _lower_stripped(value):
    return value.strip().lower() if isinstance(value, str) else value


def contact_email_field() -> EmailField:
    """The optional address a resident leaves to be told what happens with what they sent."""
    return EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Email(message=_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
        filters=[_lower_stripped],
        description=_l("Only if you want e-mail. We use it for nothing else."),
    )


class KeepsIdempotencyKey:
    """Rule of a form with an ``idempotency_key`` field, which the form declares itself."""

    def validate_idempotency_key(self, field):
        # A tampered or missing key is replaced: the worst case is a possible duplicate, not an error.
        if not field.data or not _IDEMPOTENCY_KEY.match(field.data):
            field.data = new_idempotency_key()


class ContactAndKeyRules(KeepsIdempotencyKey):
    """Rules of a public form with ``consent_contact`` ("e-mail me …"), ``email`` and
    ``idempotency_key`` fields. The form declares the fields itself, where they stand on the page,
    so the error summary keeps the page's order; mix this in before the form's base class."""

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # Checked here, not inline: Optional() on the field stops its own validator chain.
        if self.consent_contact.data and not self.email.data:
            self.email.errors = list(self.email.errors) + [_l("Write your e-mail address, or untick the e-mail box.")]
            return False
        return ok


class StateForm(FlaskForm):
    """A button that moves something to the state it names (draft, open, published, …)."""

    state = HiddenField()


class MoveForm(FlaskForm):
    """A button that moves an item up (-1) or down (1) in its list."""

    direction = HiddenField()
