"""XLSForm exchange: take a survey out to KoboToolbox/ODK and bring one in.

Sheets: ``survey`` (type, name, ``label::Swedish (sv)`` …, ``hint::…``, required, relevant,
appearance, constraint, parameters), ``choices`` (list_name, name, ``label::…``) and
``settings`` (form_title, form_id, default_language, and our texts per language).

How our question types are written:

- pages are ``begin_group`` … ``end_group`` with ``appearance`` ``field-list``;
- long text is ``text`` with ``appearance`` ``multiline``; a drop-down is ``minimal``;
- a scale is ``range`` with ``parameters`` ``start=1 end=5 step=1`` (its end words in
  ``min_label::…`` / ``max_label::…`` columns, which other tools ignore);
- a matrix is a ``table-list`` group of ``select_one`` rows sharing one list;
- ranking is ``rank``, consent is ``acknowledge``, yes/no is ``select_one yes_no``;
- "Other, namely …" is a ``text`` question ``<name>_other`` right after the choice, shown
  when the other option is chosen (the usual XLSForm pattern);
- conditions are ``relevant`` expressions (see ``conditions.to_relevant``).

Dialog's own settings (the title and texts per language, participation level, mode,
languages) go in a ``dialog`` sheet, which XLSForm tools skip, so pyxform's ``xls2xform``
converts every export. Import is ``xlsform_import`` (through pyxform).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import Workbook

from ..i18n import LANGUAGES
from . import conditions
from .models import Survey

LANGUAGE_NAMES = {"sv": "Swedish", "en": "English", "ar": "Arabic", "so": "Somali", "fa": "Persian"}
SURVEY_TEXTS = ("description", "promise", "end_message")
OTHER_LABEL = {"sv": "Annat", "en": "Other", "ar": "أخرى", "so": "Kale", "fa": "سایر"}


def lang_column(prefix: str, code: str) -> str:
    return f"{prefix}::{LANGUAGE_NAMES[code]} ({code})"


# --- Export ------------------------------------------------------------------------------------


def _number(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def export_rows(survey: Survey) -> tuple[list[str], list[list], list[str], list[list], list[str], list]:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """The three sheets as (headers, rows) pairs."""
    langs = list(LANGUAGES)
    survey_headers = (
        ["type", "name"]
        + [lang_column("label", c) for c in langs]
        + [lang_column("hint", c) for c in langs]
        + ["required", "relevant", "appearance", "constraint", "parameters"]
        + [lang_column("min_label", c) for c in langs]
        + [lang_column("max_label", c) for c in langs]
        + ["dialog_to_inbox"]
    )
    choice_headers = ["list_name", "name"] + [lang_column("label", c) for c in langs]
    rows: list[list] = []
    choices: list[list] = []

    def texts(value: Mapping | None) -> list[str]:
        value = value or {}
        return [value.get(c, "") for c in langs]

    def row(
        type_,
        name,
        label=None,
        hint=None,
        required=False,
        relevant="",
        appearance="",
        constraint="",
        parameters="",
        min_label=None,
        max_label=None,
        to_inbox=False,
    ):
        rows.append(
            [
                type_,
                name,
                *texts(label),
                *texts(hint),
                "yes" if required else "",
                relevant,
                appearance,
                constraint,
                parameters,
                *texts(min_label),
                *texts(max_label),
                "yes" if to_inbox else "",
            ]
        )

    for section in survey.sections:
        row(
            "begin_group",
            section.code,
            section.title,
            section.intro,
            relevant=conditions.to_relevant(section.condition),
            appearance="field-list",
        )
        for q in section.questions:
            relevant = conditions.to_relevant(q.condition)
            kind = q.kind
            if kind == "matrix":
                list_name = f"{q.code}_scale"
                row("begin_group", q.code, q.text, q.help, relevant=relevant, appearance="table-list")
                for r in q.rows:
                    row(f"select_one {list_name}", f"{q.code}_{r.code}", r.label, required=q.required)
                row("end_group", "")
                for o in q.choices:
                    choices.append([list_name, o.code, *texts(o.label)])
                continue
            common = {"label": q.text, "hint": q.help, "required": q.required, "relevant": relevant}
            if kind == "note":
                row("note", q.code, q.text, q.help, relevant=relevant)
            elif kind in ("short_text", "long_text"):
                row(
                    "text",
                    q.code,
                    **common,
                    appearance="multiline" if kind == "long_text" else "",
                    to_inbox=q.to_contribution,
                )
            elif kind in ("integer", "decimal"):
                parts = []
                if q.min_value is not None:
                    parts.append(f". >= {_number(q.min_value)}")
                if q.max_value is not None:
                    parts.append(f". <= {_number(q.max_value)}")
                row(kind, q.code, **common, constraint=" and ".join(parts))
            elif kind == "date":
                row("date", q.code, **common)
            elif kind == "consent":
                row("acknowledge", q.code, **common)
            elif kind == "scale":
                row(
                    "range",
                    q.code,
                    **common,
                    parameters=f"start={_number(q.min_value)} end={_number(q.max_value)} step=1",
                    min_label=q.min_label,
                    max_label=q.max_label,
                )
            elif kind in ("single_choice", "yes_no", "multiple_choice", "ranking"):
                list_name = "yes_no" if kind == "yes_no" else q.code
                type_ = {
                    "single_choice": "select_one",
                    "yes_no": "select_one",
                    "multiple_choice": "select_multiple",
                    "ranking": "rank",
                }[kind]
                constraint = ""
                if kind == "multiple_choice":
                    parts = []
                    if q.min_choices:
                        parts.append(f"count-selected(.) >= {q.min_choices}")
                    if q.max_choices:
                        parts.append(f"count-selected(.) <= {q.max_choices}")
                    constraint = " and ".join(parts)
                row(
                    f"{type_} {list_name}",
                    q.code,
                    **common,
                    constraint=constraint,
                    appearance="minimal" if q.display == "dropdown" else "",
                )
                if kind != "yes_no" or not any(c[0] == "yes_no" for c in choices):
                    for o in q.choices:
                        choices.append([list_name, o.code, *texts(o.label)])
                other = next((o for o in q.choices if o.is_other), None)
                if other is not None:
                    test = (
                        f"selected(${{{q.code}}}, '{other.code}')"
                        if kind == "multiple_choice"
                        else f"${{{q.code}}} = '{other.code}'"
                    )
                    row("text", f"{q.code}_other", other.label, required=True, relevant=test)
        row("end_group", "")

    # Only the columns XLSForm defines: every tool reads this sheet, and pyxform refuses unknown ones.
    settings_headers = ["form_title", "form_id", "version", "default_language", "style"]
    settings_row = [
        survey.title.get("sv", ""),
        f"dialog_survey_{survey.id}",
        survey.updated_at.strftime("%Y%m%d%H%M") if survey.updated_at else "1",
        f"{LANGUAGE_NAMES['sv']} (sv)",
        "pages",
    ]
    return survey_headers, rows, choice_headers, choices, settings_headers, settings_row


#: The sheet for what only Dialog reads (XLSForm tools skip sheets they do not know).
DIALOG_SHEET = "dialog"


def dialog_sheet_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """Dialog's own settings: one row per setting, the texts per language in their columns."""
    headers = ["setting", "value"] + [lang_column("text", c) for c in LANGUAGES]
    rows: list[list] = [
        ["participation_level", survey.participation_level] + [""] * len(LANGUAGES),
        ["mode", survey.mode] + [""] * len(LANGUAGES),
        ["languages", " ".join(survey.languages or [])] + [""] * len(LANGUAGES),
    ]
    for name in ("title", *SURVEY_TEXTS):
        value = getattr(survey, name) or {}
        rows.append([name, ""] + [value.get(c, "") for c in LANGUAGES])
    return headers, rows


def export_workbook(survey: Survey) -> bytes:
    survey_headers, rows, choice_headers, choices, settings_headers, settings_row = export_rows(survey)
    dialog_headers, dialog_rows = dialog_sheet_rows(survey)
    workbook = Workbook(write_only=True)
    for title, headers, data in (
        ("survey", survey_headers, rows),
        ("choices", choice_headers, choices),
        ("settings", settings_headers, [settings_row]),
        (DIALOG_SHEET, dialog_headers, dialog_rows),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for line in data:
            sheet.append(["" if v is None else v for v in line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
