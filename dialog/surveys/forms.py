"""Forms: the staff builder (settings, pages, questions, options, conditions), codes, import,
trust pulse; and the public forms (start, answer a page) with CSRF and the honeypot."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..core.forms import CheckboxListField, PublicForm, clean_text, translations_field
from ..core.participation import PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from . import conditions
from .models import MODES

CODE_DESCRIPTION = _l("Letters a–z, digits and _, starting with a letter. Used in conditions and exports.")


def _number_or_none(value):
    if value in (None, ""):
        return None
    text = str(value).strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValidationError(_l("Write a number, for example 3.5.")) from None


class NumberText(StringField):
    """A number typed as text (comma or point), empty for none."""

    def pre_validate(self, form):
        _number_or_none(self.data)

    @property
    def number(self) -> float | None:
        try:
            return _number_or_none(self.data)
        except ValidationError:
            return None

    def _value(self):
        if isinstance(self.data, float):
            return str(int(self.data)) if self.data.is_integer() else str(self.data)
        return super()._value()


class SurveyForm(FlaskForm):
    title = translations_field(_l("Title"), max_length=200)
    description = translations_field(_l("What is the survey about?"), required=False, multiline=True, max_length=2000)
    promise = translations_field(
        _l("What happens with the answers"),
        multiline=True,
        max_length=2000,
    )
    end_message = translations_field(
        _l("Thank-you message after answering"), required=False, multiline=True, max_length=2000
    )
    participation_level = RadioField(
        _l("Participation level"),
        choices=[(key, f"{label} – {PARTICIPATION_EXPLAINED[key]}") for key, label in PARTICIPATION_LEVELS.items()],
        default="consultation",
    )
    mode = RadioField(_l("Who answers, and how often"), choices=list(MODES.items()), default="anonymous")
    opens_on = DateField(
        _l("First day"), validators=[Optional()], description=_l("Year-month-day. Empty: from when it opens.")
    )
    closes_on = DateField(
        _l("Last day"), validators=[Optional()], description=_l("Year-month-day. Empty: until it is closed.")
    )
    languages = CheckboxListField(_l("Languages offered"), choices=list(LANGUAGES.items()))
    results_public = BooleanField(_l("Show the results to residents (small groups stay hidden)"))
    areas = CheckboxListField(_l("Areas"), coerce=int)
    topics = CheckboxListField(_l("Topics"), coerce=int)
    theme_groups = CheckboxListField(_l("Theme groups"), coerce=int)

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def validate_areas(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one area."))

    def validate_theme_groups(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one theme group."))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The last day must come after the first day."))


class RuleForm(Form):
    question = SelectField(_l("Question"), choices=[], validate_choice=False)
    op = SelectField(_l("Comparison"), choices=[("", "")] + list(conditions.OPERATORS.items()), validate_choice=False)
    option = SelectField(_l("Answer"), choices=[], validate_choice=False)
    value = StringField(_l("Number, date or text"), validators=[Optional(), Length(max=200)], filters=[clean_text])


class ConditionForm(Form):
    match = SelectField(
        _l("Show it when"),
        choices=[("all", _l("all of these rules hold")), ("any", _l("any of these rules holds"))],
        validate_choice=False,
    )
    rules = FieldList(FormField(RuleForm), min_entries=3)

    def setup(self, refs: dict, labels: dict[str, str], option_labels: dict[str, list[tuple[str, str]]]) -> None:
        """Offer the earlier questions and their options (grouped by question)."""
        question_choices = [("", "—")] + [(code, labels[code]) for code in refs]
        grouped = {"": [("", "—")]}
        for code, options in option_labels.items():
            if options:
                grouped[labels[code]] = [(f"{code}::{value}", label) for value, label in options]
        for entry in self.rules:
            entry.form.question.choices = question_choices
            entry.form.option.choices = grouped

    def fill(self, condition: dict | None) -> None:
        if not condition:
            return
        self.match.data = condition.get("match", "all")
        while len(self.rules) < len(condition.get("rules", [])) + 1:
            self.rules.append_entry()
        for entry, rule in zip(self.rules, condition.get("rules", []), strict=False):
            entry.form.question.data = rule.get("question")
            entry.form.op.data = rule.get("op")
            value = rule.get("value")
            entry.form.option.data = f"{rule.get('question')}::{value}" if value is not None else ""
            entry.form.value.data = "" if value is None else str(value)

    def to_condition(self, refs: dict[str, conditions.QuestionRef]) -> dict | None:
        """The condition as stored; the rules are checked by the operation that saves it."""
        rules = []
        for entry in self.rules:
            code, op = entry.form.question.data, entry.form.op.data
            if not code and not op:
                continue
            rule = {"question": code, "op": op}
            ref = refs.get(code)
            if op not in conditions.VALUELESS:
                if ref is not None and ref.kind in conditions.OPTION_VALUED:
                    chosen = entry.form.option.data or ""
                    prefix = f"{code}::"
                    rule["value"] = chosen[len(prefix) :] if chosen.startswith(prefix) else ""
                elif ref is not None and ref.kind in conditions.NUMBER_VALUED:
                    try:
                        number = _number_or_none(entry.form.value.data)
                    except ValidationError:
                        number = None
                    rule["value"] = int(number) if number is not None and number.is_integer() else number
                else:
                    rule["value"] = entry.form.value.data or ""
            rules.append(rule)
        if not rules:
            return None
        return {"match": self.match.data if self.match.data in ("all", "any") else "all", "rules": rules}


class SectionForm(FlaskForm):
    title = translations_field(_l("Page heading"), required=False, max_length=200)
    intro = translations_field(_l("Text at the top of the page"), required=False, multiline=True, max_length=2000)
    code = StringField(
        _l("Code"), validators=[InputRequired(), Length(max=40)], filters=[clean_text], description=CODE_DESCRIPTION
    )
    condition = FormField(ConditionForm, label=_l("Show this page only when …"))
    more_rules = HiddenField()


class OptionForm(Form):
    id = HiddenField()
    label = translations_field(_l("Option"), required=False, max_length=300)
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)], filters=[clean_text])
    position = IntegerField(_l("Place in the list"), validators=[Optional(), NumberRange(min=1, max=999)])
    is_other = BooleanField(_l("“Other, namely …” (asks for a text)"))
    remove = BooleanField(_l("Remove"))


class QuestionForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[InputRequired(), Length(max=40)], filters=[clean_text], description=CODE_DESCRIPTION
    )
    text = translations_field(_l("Question"), multiline=True, max_length=1000)
    help = translations_field(_l("Help text"), required=False, multiline=True, max_length=1000)
    required = BooleanField(_l("An answer is required"))
    display = RadioField(
        _l("Show the options as"),
        choices=[("radio", _l("a list of round buttons")), ("dropdown", _l("a drop-down list"))],
        default="radio",
    )
    min_value = NumberText(_l("Lowest"))
    max_value = NumberText(_l("Highest"))
    min_label = translations_field(_l("Words at the lowest point"), required=False, max_length=100)
    max_label = translations_field(_l("Words at the highest point"), required=False, max_length=100)
    min_choices = IntegerField(_l("Choose at least"), validators=[Optional(), NumberRange(min=1, max=50)])
    max_choices = IntegerField(_l("Choose at most"), validators=[Optional(), NumberRange(min=1, max=50)])
    to_contribution = BooleanField(_l("Send the answers to the theme groups' inbox as contributions"), default=True)
    choices = FieldList(FormField(OptionForm), min_entries=0)
    rows = FieldList(FormField(OptionForm), min_entries=0)
    condition = FormField(ConditionForm, label=_l("Show this question only when …"))

    def option_rows(self, field_list) -> list[dict]:
        """The options staff filled in, in their chosen order; empty and removed rows dropped."""
        picked = []
        for index, entry in enumerate(field_list):
            sub = entry.form
            label = sub.label.form.value
            if sub.remove.data or not label:
                continue
            picked.append(
                (
                    sub.position.data or 1000 + index,
                    index,
                    {
                        "id": int(sub.id.data) if (sub.id.data or "").isdigit() else None,
                        "code": sub.code.data or "",
                        "label": label,
                        "is_other": bool(sub.is_other.data),
                    },
                )
            )
        return [row for _, _, row in sorted(picked, key=lambda item: (item[0], item[1]))]

    def validate_choices(self, field):
        for entry in field:
            label = entry.form.label.form.value
            if label and not label.get("sv") and not entry.form.remove.data:
                raise ValidationError(_l("Write every option in Swedish at least."))

    def validate_rows(self, field):
        self.validate_choices(field)


def fill_options(field_list, options, *, blanks: int = 3) -> None:
    """Put existing options, then some empty rows, into a FieldList of OptionForm."""
    while len(field_list):
        field_list.pop_entry()
    for option in options:
        entry = field_list.append_entry()
        entry.form.id.data = str(option.id) if getattr(option, "id", None) else ""
        for code in LANGUAGES:
            entry.form.label.form[code].data = option.label.get(code, "")
        entry.form.code.data = option.code
        entry.form.position.data = option.position
        entry.form.is_other.data = option.is_other
    for _ in range(blanks):
        field_list.append_entry()


class CodesForm(FlaskForm):
    count = IntegerField(
        _l("How many codes?"),
        default=50,
        validators=[InputRequired(message=_l("Write how many codes to make.")), NumberRange(min=1, max=1000)],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("XLSForm file (.xlsx)"), description=_l("The survey, choices and settings sheets are read."))
    areas = CheckboxListField(_l("Areas"), coerce=int)
    topics = CheckboxListField(_l("Topics"), coerce=int)
    theme_groups = CheckboxListField(_l("Theme groups"), coerce=int)

    def validate_areas(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one area."))

    def validate_theme_groups(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one theme group."))


class PulseForm(FlaskForm):
    """A round of trust pulses for one quarter: every neighbourhood of a district, or chosen areas."""

    year = IntegerField(
        _l("Year"), default=lambda: date.today().year, validators=[InputRequired(), NumberRange(min=2000, max=2100)]
    )
    quarter = SelectField(
        _l("Quarter"),
        coerce=int,
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4")],
        default=lambda: (date.today().month - 1) // 3 + 1,
    )
    district_id = SelectField(
        _l("Every neighbourhood of a district"),
        coerce=int,
        default=0,
        description=_l("Areas that already have a trust pulse for the quarter are skipped."),
    )
    areas = CheckboxListField(_l("Areas"), coerce=int)
    theme_groups = CheckboxListField(_l("Theme groups"), coerce=int)
    open_now = BooleanField(
        _l("Open it for answers at once"),
        default=True,
        description=_l("Answers are taken from the first to the last day of the quarter."),
    )

    def validate_areas(self, field):
        if not field.data and not self.district_id.data:
            raise ValidationError(_l("Choose a district or at least one area."))

    def validate_theme_groups(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one theme group."))


class PaperForm(FlaskForm):
    area_id = SelectField(_l("Area the answers are about"), coerce=int)
    language = SelectField(_l("Language of the paper form"), choices=list(LANGUAGES.items()))


# --- Public ---------------------------------------------------------------------------------


class StartForm(PublicForm):
    code = StringField(
        _l("Your code"),
        validators=[Optional(), Length(max=20)],
        filters=[clean_text],
        description=_l("The code is printed on the paper you got, for example K7F3-QX9M."),
    )


class AnswerPageForm(PublicForm):
    """CSRF token and honeypot; the answers themselves are read by ``answering.read_page``."""
