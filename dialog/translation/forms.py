"""Forms: the languages a staff member reads, and confirming a machine-translated answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, InputRequired

from ..core.forms import CheckboxListField
from ..i18n import LANGUAGES


class StaffLanguagesForm(FlaskForm):
    languages = CheckboxListField(
        _l("Languages I read well enough to check a machine translation"),
        choices=list(LANGUAGES.items()),
    )


class ConfirmAnswerForm(FlaskForm):
    language = HiddenField(validators=[InputRequired(), AnyOf(list(LANGUAGES))])


class TranslateNowForm(FlaskForm):
    """A button: queue the translation of one contribution."""
