"""Forms for summaries, themes and promises. Sentence edits are read by ``sentence_edits``
(one block per sentence, several languages side by side), under one CSRF-protected form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.forms import CheckboxListField, clean_text, translations_field
from ..i18n import LANGUAGES
from .operations import SentenceEdit


class SummaryForm(FlaskForm):
    theme_group = SelectField(_l("Theme group"), coerce=int, validators=[InputRequired()])
    title = translations_field(_l("Title"), max_length=200)
    languages = CheckboxListField(
        _l("Languages you write it in"),
        choices=list(LANGUAGES.items()),
        default=["sv"],
        description=_l("They are shown side by side while you edit. Swedish is always included."),
    )
    area = SelectField(_l("Area"), coerce=int, description=_l("The area and the areas in it."))
    engagement = SelectField(_l("Engagement"), description=_l("Leave empty to cover every source."))
    period_start = DateField(_l("From (first day)"), validators=[Optional()])
    period_end = DateField(_l("To (last day)"), validators=[Optional()])


class UnpublishForm(FlaskForm):
    reason = StringField(
        _l("Why is it taken down?"), validators=[DataRequired(), Length(max=300)], filters=[clean_text]
    )


class ThemeForm(FlaskForm):
    name = translations_field(_l("Name"), required=False, max_length=120)
    sv = TextAreaField("Svenska", validators=[Optional(), Length(max=2000)])
    en = TextAreaField("English", validators=[Optional(), Length(max=2000)])
    ar = TextAreaField("العربية", validators=[Optional(), Length(max=2000)])
    so = TextAreaField("Soomaali", validators=[Optional(), Length(max=2000)])
    fa = TextAreaField("فارسی", validators=[Optional(), Length(max=2000)])

    def keyword_fields(self):
        return [self[code] for code in LANGUAGES]


class MergeForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=int, validators=[InputRequired()])


class AnswerDaysForm(FlaskForm):
    answer_days = IntegerField(
        _l("The idea box promises an answer within (days)"),
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )


class PromiseDateForm(FlaskForm):
    engagement = SelectField(_l("Engagement"), validators=[InputRequired()])
    promised_on = DateField(
        _l("Feedback promised by"), validators=[Optional()], description=_l("Leave empty to use the default.")
    )


def sentence_edits(form_data, sentences, languages: list[str]) -> list[SentenceEdit]:
    """The edits posted for each sentence (and one new sentence), cleaned like any text field."""
    edits = []
    for sentence in sentences:
        prefix = f"s{sentence.id}"
        edits.append(
            SentenceEdit(
                sentence.id,
                {code: clean_text(form_data.get(f"{prefix}-{code}", ""))[:2000] for code in languages},
                None if form_data.get(f"{prefix}-keep") == "1" else form_data.get(f"{prefix}-cite", "")[:2000],
                quote=clean_text(form_data.get(f"{prefix}-quote", ""))[:600] if sentence.kind == "quote" else None,
                delete=form_data.get(f"{prefix}-delete") == "1",
            )
        )
    new_text = {code: clean_text(form_data.get(f"new-{code}", ""))[:2000] for code in languages}
    if any(new_text.values()) or form_data.get("new-cite", "").strip():
        edits.append(SentenceEdit(None, new_text, form_data.get("new-cite", "")[:2000]))
    return edits
