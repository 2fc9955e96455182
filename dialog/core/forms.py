"""Form building blocks: public forms with a honeypot, and per-language text fields."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
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
