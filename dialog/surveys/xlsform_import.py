"""XLSForm import through pyxform, the XLSForm reference implementation: every spelling it
accepts (``list name`` and ``list_name``, ``label:English``, ``label::English (en)``, language
names without codes, ``select one x or specify other``, ``begin group``, type aliases) works.

:func:`preview_workbook` reads a file and says, row by row, what will be imported, what is
changed on the way (a column, a language or a condition left out, a name made valid, a group
inside a group placed on its page) and what is dropped (types there is no question for here:
repeats, locations, photos, calculations …). It refuses only when the file cannot be read or
nothing usable remains, and says why. The definition it builds is what
``definitions.create_from_definition`` takes; Dialog's own settings come from the ``dialog``
sheet that our export writes (XLSForm tools skip it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from flask_babel import gettext as _
from openpyxl import load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from ..core.participation import PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from . import conditions
from .models import MODES
from .xlsform import DIALOG_SHEET, SURVEY_TEXTS
from .xlsform_reading import _ROW, FILE_TYPES, MAX_RETRIES, Preview, RowNote, _Reader


def _file_type(filename: str) -> str:
    lower = (filename or "").lower()
    return next((t for t in FILE_TYPES if lower.endswith(t)), ".xlsx")


def _dialog_settings(data: bytes, file_type: str) -> dict[str, dict]:
    """The ``dialog`` sheet of our own export (only in .xlsx files): setting → value and texts."""
    if file_type not in (".xlsx", ".xlsm"):
        return {}

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — pyxform has said whether the file can be read
        return {}
    if DIALOG_SHEET not in book.sheetnames:
        return {}
    rows = list(book[DIALOG_SHEET].iter_rows(values_only=True))
    if not rows:
        return {}
    header = [str(h or "") for h in rows[0]]
    out = {}
    for values in rows[1:]:
        record = {h: ("" if v is None else str(v)) for h, v in zip(header, values, strict=False)}
        if record.get("setting"):
            texts = {}
            for column, text in record.items():
                match = re.fullmatch(r"text::.*\(([a-z]{2})\)", column)
                if match and text and match.group(1) in LANGUAGES:
                    texts[match.group(1)] = text
            out[record["setting"]] = {"value": record.get("value", ""), "texts": texts}
    return out


def _row_numbers(workbook) -> dict[str, int]:
    numbers = {}
    for number, row in enumerate(workbook.survey or [], start=2):
        name = next((str(v) for k, v in row.items() if str(k).strip().lower() == "name" and v), None)
        if name and name not in numbers:
            numbers[name] = number
    return numbers


def _read_with_pyxform(workbook, dropped: list[RowNote]) -> dict:
    """pyxform's reading of the workbook; a row it refuses is taken out and said, then it reads again."""
    survey = list(workbook.survey or [])
    for _attempt in range(MAX_RETRIES):
        try:
            workbook.survey = survey
            return workbook_to_json(
                workbook_dict=workbook, form_name="data", fallback_form_name=workbook.fallback_form_name, warnings=[]
            )
        except PyXFormError as error:
            message = str(error)
            match = _ROW.search(message)
            number = int(match.group(1)) if match else None
            if number is None or not 2 <= number < len(survey) + 2 or not survey[number - 2]:
                raise
            row = survey[number - 2]
            name = next((str(v) for k, v in row.items() if str(k).strip().lower() == "name" and v), "")
            kind = next((str(v) for k, v in row.items() if str(k).strip().lower() == "type" and v), "")
            dropped.append(RowNote("survey", number, name, kind, "dropped", [_ROW.sub("", message).strip()]))
            survey = survey[: number - 2] + [{}] + survey[number - 1 :]
    raise PyXFormError(_("Too many rows could not be read."))


def preview_workbook(data: bytes, filename: str = "form.xlsx") -> Preview:
    """Read an XLSForm and say row by row what an import makes of it (nothing is stored)."""
    file_type = _file_type(filename)
    try:
        workbook = get_xlsform(data, file_type=file_type)
    except Exception as error:  # noqa: BLE001 — pyxform raises many kinds for a file it cannot open
        return _refused(_("The file cannot be read as an XLSForm (%(detail)s).", detail=_short(error)))
    if not workbook.survey:
        return _refused(_("The file has no sheet called “survey”, or the sheet is empty."))
    dropped_early: list[RowNote] = []
    try:
        form = _read_with_pyxform(workbook, dropped_early)
    except PyXFormError as error:
        return _refused(_("The XLSForm cannot be read: %(detail)s", detail=_short(error)))

    default_code = _language_default(str(form.get("default_language") or "default"))
    reader = _Reader(default_code or "sv")
    reader.row_of = _row_numbers(workbook)
    reader.raw_rows = {
        name: workbook.survey[number - 2] for name, number in reader.row_of.items() if number - 2 < len(workbook.survey)
    }
    sections = reader.read(form.get("children") or [])
    rows = sorted(dropped_early + reader.rows, key=lambda r: (r.row is None, r.row or 0))
    _check_conditions(sections, reader)
    sections = [s for s in sections if s["questions"] or s["title"]]

    dialog = _dialog_settings(data, file_type)
    meta = _meta(form, dialog, reader)
    notes = list(reader.notes)
    if reader.untagged and not default_code:
        notes.append(_("Texts without a language in their column name are taken as Swedish."))
    for language in sorted(reader.left_out_languages):
        notes.append(
            _("Texts in “%(language)s” are left out: the languages here are sv, en, ar, so and fa.", language=language)
        )
    preview = Preview({"sections": sections}, meta, rows, notes)
    if not preview.question_count:
        preview.refusal = _("Nothing in the file can be imported: none of its rows is a question that works here.")
    return preview


def _check_conditions(sections: list[dict], reader: _Reader) -> None:
    """A condition may only use earlier questions; one that cannot is left out and said."""
    earlier: dict[str, conditions.QuestionRef] = {}
    all_codes = {q["code"] for s in sections for q in s["questions"]}
    notes_by_code = {}
    for note in reader.rows:
        notes_by_code.setdefault(reader.renamed.get(note.name, note.name), note)

    def settle(holder: dict, own_code: str | None) -> None:
        condition = holder.get("condition")
        if not condition:
            return
        for rule in condition.get("rules", []):
            rule["question"] = reader.renamed.get(rule.get("question"), rule.get("question"))
            ref = earlier.get(rule.get("question"))
            if ref is not None and ref.kind in conditions.OPTION_VALUED and "value" in rule:
                rule["value"] = str(rule["value"])
        problems = conditions.validate(condition, earlier, all_codes=all_codes, own_code=own_code)
        if problems:
            holder["condition"] = None
            note = notes_by_code.get(holder["code"])
            if note is not None:
                note.outcome = "changed" if note.outcome == "imported" else note.outcome
                note.messages.append(
                    _("Its condition is left out (%(problem)s): this is always shown.", problem=" ".join(problems))
                )

    for section in sections:
        settle(section, None)
        for question in section["questions"]:
            settle(question, question["code"])
            earlier[question["code"]] = conditions.QuestionRef(
                question["code"], question["kind"], frozenset(c["code"] for c in question.get("choices") or [])
            )


def _language_default(name: str) -> str | None:
    if name == "default":
        return None
    return _Reader("sv").code_of(name)


def _meta(form: Mapping, dialog: Mapping[str, dict], reader: _Reader) -> dict:
    title = dict((dialog.get("title") or {}).get("texts") or {})
    form_title = str(form.get("title") or "").strip()
    if form_title and form_title != "data":
        title.setdefault(reader.default_code, form_title)
    if not title:
        title = {"sv": _("Imported survey")}
    meta = {"title": title}
    for name in SURVEY_TEXTS:
        meta[name] = dict((dialog.get(name) or {}).get("texts") or {})
    level = (dialog.get("participation_level") or {}).get("value", "")
    meta["participation_level"] = level if level in PARTICIPATION_LEVELS else "consultation"
    mode = (dialog.get("mode") or {}).get("value", "")
    meta["mode"] = mode if mode in MODES else "anonymous"
    languages = [c for c in (dialog.get("languages") or {}).get("value", "").split() if c in LANGUAGES]
    meta["languages"] = languages or list(LANGUAGES)
    return meta


def _refused(reason: str) -> Preview:
    return Preview(None, {}, [], [], refusal=reason)


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:300] + ("…" if len(text) > 300 else "")
