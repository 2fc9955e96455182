"""Reading answers from a posted page, checking them, and turning them into stored rows.

Field names on the answering page: ``q<id>`` (one value, or several for multiple choice),
``q<id>-other`` (the text of "Other, namely …"), ``q<id>-r<row id>`` (a matrix row) and
``q<id>-o<option id>`` (the place given to a ranking item).

A *draft value* is what is kept while someone is answering (JSON, per question id):
single choice and yes/no ``{"option": id, "other": text}``, multiple choice
``{"options": [ids], "other": text}``, matrix ``{row id: column id}``, ranking
``{item id: place}``, numbers as numbers, dates as ``"YYYY-MM-DD"``, text as text,
consent as ``True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.encoding import field_had_invalid_utf8
from ..core.text import strip_control_chars
from . import conditions
from .models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 4000
#: Bounds for numbers without their own range, so nothing overflows a float or a report.
NUMBER_LIMIT = 1_000_000_000
_FIELD = re.compile(r"^q(\d+)(?:-(?:other|r\d+|o\d+))?$")
_PART = re.compile(r"^q(\d+)-([ro])(\d+)$")
# Arabic-Indic and Persian digits, and the Arabic decimal separator, read as plain digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.id}"


def posted_question_ids(form: Mapping) -> set[int]:
    """Ids of the questions the posted fields claim to answer."""
    ids = set()
    for name in form:
        match = _FIELD.match(name)
        if match:
            ids.add(int(match.group(1)))
    return ids


def _clean(text: str | None) -> str:
    return strip_control_chars(text or "").strip()


def _number(raw: str, *, integer: bool) -> float | None:
    text = raw.translate(_DIGITS).replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    text = text.replace(",", ".")
    if integer and not re.fullmatch(r"[-+]?\d+", text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return float(number)


def _date(raw: str) -> tuple[str | None, str | None]:
    text = raw.translate(_DIGITS).strip()
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None, _("Write the date as year-month-day, for example 2026-05-31.")
    year, month, day = (int(part) for part in text.split("-"))
    try:
        value = date(year, month, day)
    except ValueError:
        return None, _("That date does not exist. Check the day and the month.")
    if not 1900 <= value.year <= 2100:
        return None, _("Write a year between 1900 and 2100.")
    return value.isoformat(), None


def _format(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


class PageAnswers:
    """The answers read from one posted page: valid values, and a message per problem."""

    def __init__(self) -> None:
        self.values: dict[int, object] = {}
        self.errors: dict[int, str] = {}
        #: Questions answered although a condition hides them (their answers are dropped).
        self.dropped: list[SurveyQuestion] = []

    @property
    def ok(self) -> bool:
        return not self.errors


def read_page(questions: Iterable[SurveyQuestion], form, *, required_for: set[int]) -> PageAnswers:
    """Read and check every question in ``questions`` from the posted ``form``.

    ``required_for`` holds the ids of questions whose "required" applies now (shown ones).
    """
    result = PageAnswers()
    parts = _posted_parts(form)
    for question in questions:
        if not question.collects_answer:
            continue
        if _unknown_parts(question, parts.get(question.id, ())):
            result.errors[question.id] = _(
                "The form held a row or an item that is not part of this question. Choose again from the ones shown."
            )
            continue
        value, error = read_question(question, form, required=question.required and question.id in required_for)
        if error:
            result.errors[question.id] = error
        elif value is not None:
            result.values[question.id] = value
    return result


def _posted_parts(form) -> dict[int, list[tuple[str, int]]]:
    """{question id: [("r", row id) or ("o", item id)]} from the posted field names."""
    parts: dict[int, list[tuple[str, int]]] = {}
    for name in form:
        match = _PART.match(name)
        if match:
            parts.setdefault(int(match.group(1)), []).append((match.group(2), int(match.group(3))))
    return parts


def _unknown_parts(question: SurveyQuestion, parts) -> bool:
    """A matrix row or ranking item field that the question does not have (a tampered form)."""
    rows = {o.id for o in question.rows} if question.kind == "matrix" else set()
    items = {o.id for o in question.choices} if question.kind == "ranking" else set()
    return any((role == "r" and ident not in rows) or (role == "o" and ident not in items) for role, ident in parts)


def read_question(question: SurveyQuestion, form, *, required: bool) -> tuple[object, str | None]:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """Return (draft value or None, error message or None) for one question."""
    name = field_name(question)
    kind = question.kind
    if kind in ("short_text", "long_text"):
        raw = form.get(name, "")
        if field_had_invalid_utf8(name) or "\ufffd" in raw:
            return None, _("Some characters could not be read. Please write the text again.")
        text = _clean(raw)
        limit = SHORT_TEXT_MAX if kind == "short_text" else LONG_TEXT_MAX
        if len(text) > limit:
            return None, ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", limit)
        if not text:
            return None, (_("Answer this question.") if required else None)
        return text, None
    if kind in ("integer", "decimal"):
        raw = _clean(form.get(name))
        if not raw:
            return None, (_("Answer this question.") if required else None)
        number = _number(raw, integer=kind == "integer")
        if number is None:
            if kind == "integer":
                return None, _("Write a whole number, for example 12.")
            return None, _("Write a number, for example 3.5.")
        low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
        high = question.max_value if question.max_value is not None else NUMBER_LIMIT
        if not low <= number <= high:
            return None, _("Write a number from %(min)s to %(max)s.", min=_format(low), max=_format(high))
        return (int(number) if kind == "integer" else number), None
    if kind == "date":
        raw = _clean(form.get(name))
        if not raw:
            return None, (_("Answer this question.") if required else None)
        value, error = _date(raw)
        return value, error
    if kind == "consent":
        if form.get(name) == "1":
            return True, None
        return None, (_("Tick the box to go on.") if required else None)
    if kind == "scale":
        raw = form.get(name, "")
        if not raw:
            return None, (_("Choose an answer.") if required else None)
        number = _number(raw, integer=True)
        if number is None or int(number) not in question.scale_points():
            return None, _("Choose one of the options shown.")
        return int(number), None
    if kind in ("single_choice", "yes_no"):
        raw = form.get(name, "")
        if not raw:
            return None, (_("Choose an answer.") if required else None)
        option = _option(question, raw)
        if option is None:
            return None, _("Choose one of the options shown.")
        value = {"option": option.id}
        if option.is_other:
            other, error = _other_text(question, form, required=True)
            if error:
                return None, error
            value["other"] = other
        return value, None
    if kind == "multiple_choice":
        raws = [r for r in form.getlist(name) if r]
        if not raws:
            return None, (_("Choose at least one answer.") if required else None)
        chosen = []
        for raw in raws:
            option = _option(question, raw)
            if option is None:
                return None, _("Choose one of the options shown.")
            if option.id not in chosen:
                chosen.append(option.id)
        if question.min_choices and len(chosen) < question.min_choices:
            return None, ngettext(
                "Choose at least %(num)d answer.", "Choose at least %(num)d answers.", question.min_choices
            )
        if question.max_choices and len(chosen) > question.max_choices:
            return None, ngettext(
                "Choose at most %(num)d answer.", "Choose at most %(num)d answers.", question.max_choices
            )
        value = {"options": chosen}
        other_option = next((o for o in question.choices if o.is_other), None)
        if other_option is not None and other_option.id in chosen:
            other, error = _other_text(question, form, required=True)
            if error:
                return None, error
            value["other"] = other
        return value, None
    if kind == "matrix":
        columns = {str(o.id) for o in question.choices}
        value = {}
        for row in question.rows:
            raw = form.get(f"{name}-r{row.id}", "")
            if not raw:
                continue
            if raw not in columns:
                return None, _("Choose one of the options shown.")
            value[str(row.id)] = int(raw)
        if required and len(value) < len(question.rows):
            return None, _("Choose an answer on every row.")
        return (value or None), None
    if kind == "ranking":
        items = question.choices
        value = {}
        for item in items:
            raw = form.get(f"{name}-o{item.id}", "")
            if not raw:
                continue
            place = _number(raw, integer=True)
            if place is None or not 1 <= place <= len(items):
                return None, _("Use the places 1 to %(n)s.", n=len(items))
            value[str(item.id)] = int(place)
        if value and len(set(value.values())) < len(value):
            return None, _("Give each item a different place.")
        if value and sorted(value.values()) != list(range(1, len(value) + 1)):
            return None, _("Use the places in order, starting from 1, without gaps.")
        if required and len(value) < len(items):
            return None, _("Give every item a place.")
        return (value or None), None
    return None, None


def _option(question: SurveyQuestion, raw: str):
    if not raw.isdigit():
        return None
    wanted = int(raw)
    return next((o for o in question.choices if o.id == wanted), None)


def _other_text(question, form, *, required: bool) -> tuple[str | None, str | None]:
    name = f"{field_name(question)}-other"
    raw = form.get(name, "")
    if field_had_invalid_utf8(name) or "\ufffd" in raw:
        return None, _("Some characters could not be read. Please write the text again.")
    text = _clean(raw)
    if len(text) > SHORT_TEXT_MAX:
        return None, ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", SHORT_TEXT_MAX)
    if required and not text:
        return None, _("Write what you mean by “Other”.")
    return text, None


# --- Conversions --------------------------------------------------------------------------


def canonical(question: SurveyQuestion, value) -> object:
    """The value conditions see (option codes instead of ids)."""
    if value is None:
        return None
    codes = {o.id: o.code for o in question.options}
    kind = question.kind
    if kind in ("single_choice", "yes_no"):
        return codes.get(value.get("option"))
    if kind == "multiple_choice":
        return [codes[i] for i in value.get("options", []) if i in codes]
    if kind in ("integer", "decimal", "scale"):
        return float(value)
    if kind == "consent":
        return "yes" if value else None
    if kind in ("matrix", "ranking"):
        return None
    return value


def canonical_values(questions: Iterable[SurveyQuestion], draft: Mapping[str, object]) -> dict[str, object]:
    values = {}
    for question in questions:
        value = draft.get(str(question.id))
        if value is not None:
            converted = canonical(question, value)
            if converted not in (None, "", []):
                values[question.code] = converted
    return values


def form_state(question: SurveyQuestion, value) -> dict[str, list[str]]:
    """The posted fields that would produce ``value`` (to fill the page from a draft)."""
    name = field_name(question)
    if value is None:
        return {}
    kind = question.kind
    if kind in ("single_choice", "yes_no"):
        state = {name: [str(value.get("option"))]}
        if value.get("other"):
            state[f"{name}-other"] = [value["other"]]
        return state
    if kind == "multiple_choice":
        state = {name: [str(i) for i in value.get("options", [])]}
        if value.get("other"):
            state[f"{name}-other"] = [value["other"]]
        return state
    if kind == "matrix":
        return {f"{name}-r{row}": [str(column)] for row, column in value.items()}
    if kind == "ranking":
        return {f"{name}-o{item}": [str(place)] for item, place in value.items()}
    if kind == "consent":
        return {name: ["1"]} if value else {}
    if kind in ("integer", "decimal", "scale"):
        return {name: [_format(value)]}
    return {name: [str(value)]}


def answer_rows(
    question: SurveyQuestion, value, *, response_id: int, survey_id: int, area_id: int | None, language: str
) -> list[dict]:
    """The ``survey_answers`` rows (as dicts) that store one answer."""
    base = {
        "response_id": response_id,
        "survey_id": survey_id,
        "question_id": question.id,
        "area_id": area_id,
        "language": language,
        "option_id": None,
        "row_option_id": None,
        "number": None,
        "text": None,
        "date_value": None,
    }
    kind = question.kind
    rows: list[dict] = []
    if value is None:
        return rows
    if kind in ("single_choice", "yes_no"):
        rows.append({**base, "option_id": value["option"], "text": value.get("other") or None})
    elif kind == "multiple_choice":
        other_ids = {o.id for o in question.choices if o.is_other}
        for option_id in value.get("options", []):
            text = value.get("other") if option_id in other_ids else None
            rows.append({**base, "option_id": option_id, "text": text or None})
    elif kind == "matrix":
        for row_id, column_id in value.items():
            rows.append({**base, "row_option_id": int(row_id), "option_id": int(column_id)})
    elif kind == "ranking":
        for item_id, place in value.items():
            rows.append({**base, "option_id": int(item_id), "number": float(place)})
    elif kind in ("integer", "decimal", "scale"):
        rows.append({**base, "number": float(value)})
    elif kind == "date":
        rows.append({**base, "date_value": date.fromisoformat(value)})
    elif kind == "consent":
        rows.append({**base, "number": 1.0})
    elif kind in ("short_text", "long_text"):
        rows.append({**base, "text": value})
    return rows


def new_answer_objects(rows: list[dict]) -> list[SurveyAnswer]:
    return [SurveyAnswer(**row) for row in rows]


def visibility(survey: Survey, draft: Mapping[str, object]) -> conditions.Visibility:
    return conditions.compute_visibility(survey.sections, canonical_values(survey.questions, draft))


def drop_hidden(survey: Survey, draft: dict) -> list[SurveyQuestion]:
    shown = visibility(survey, draft).questions
    dropped = []
    for question in survey.questions:
        if str(question.id) in draft and question.id not in shown:
            draft.pop(str(question.id))
            dropped.append(question)
    return dropped


def first_incomplete_section(survey: Survey, draft: Mapping[str, object]) -> int | None:
    seen = visibility(survey, draft)
    for section in survey.sections:
        if section.id not in seen.sections:
            continue
        for question in section.questions:
            if question.id in seen.questions and question.required and str(question.id) not in draft:
                return section.id
    return None
