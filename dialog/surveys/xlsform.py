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

Import reads the same, reports every unsupported feature with its sheet and row, and
creates nothing unless the whole file is understood.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from ..core.participation import PARTICIPATION_LEVELS
from ..i18n import LANGUAGES
from . import conditions
from .models import MODES, Survey

LANGUAGE_NAMES = {"sv": "Swedish", "en": "English", "ar": "Arabic", "so": "Somali", "fa": "Persian"}
SURVEY_TEXTS = ("description", "promise", "end_message")
#: Metadata types that collect nothing from the person; skipped on import.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "audit",
    "subscriberid",
    "simserial",
    "start-geopoint",
    "background-audio",
}
UNSUPPORTED_COLUMNS = (
    "choice_filter",
    "repeat_count",
    "calculation",
    "default",
    "read_only",
    "trigger",
    "choice_from_file",
    "body",
    "media",
    "image",
    "big-image",
    "audio",
    "video",
)
#: Columns of the choices sheet that are read; any other one with a value is reported.
CHOICE_COLUMNS = ("list_name", "name", "label")


def _column_base(column: str) -> str:
    """The column name before any "::" part: "media::image::English (en)" → "media"."""
    return column.split("::", 1)[0].strip().lower()


def _unsupported_columns(record: Mapping[str, str], unsupported) -> list[str]:
    """Columns of one row that hold a value and name a feature not supported here, in any
    form: "image", "image::English (en)", "media::image", "media::audio::Swedish (sv)" …"""
    return [column for column, value in record.items() if value and _column_base(column) in unsupported]


MAX_ROWS = 2000
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

    settings_headers = (
        ["form_title", "form_id", "version", "default_language", "style", "participation_level", "mode", "languages"]
        + [lang_column("title", c) for c in langs]
        + [lang_column(name, c) for name in SURVEY_TEXTS for c in langs]
    )
    settings_row = (
        [
            survey.title.get("sv", ""),
            f"dialog_survey_{survey.id}",
            survey.updated_at.strftime("%Y%m%d%H%M") if survey.updated_at else "1",
            f"{LANGUAGE_NAMES['sv']} (sv)",
            "pages",
            survey.participation_level,
            survey.mode,
            " ".join(survey.languages or []),
        ]
        + texts(survey.title)
        + [t for name in SURVEY_TEXTS for t in texts(getattr(survey, name))]
    )
    return survey_headers, rows, choice_headers, choices, settings_headers, settings_row


def export_workbook(survey: Survey) -> bytes:
    from openpyxl import Workbook

    survey_headers, rows, choice_headers, choices, settings_headers, settings_row = export_rows(survey)
    workbook = Workbook(write_only=True)
    for title, headers, data in (
        ("survey", survey_headers, rows),
        ("choices", choice_headers, choices),
        ("settings", settings_headers, [settings_row]),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for line in data:
            sheet.append(["" if v is None else v for v in line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Import ------------------------------------------------------------------------------------


@dataclass
class Problem:
    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row:
            return _(
                "Sheet “%(sheet)s”, row %(row)s: %(message)s", sheet=self.sheet, row=self.row, message=self.message
            )
        return _("Sheet “%(sheet)s”: %(message)s", sheet=self.sheet, message=self.message)


class ImportFailed(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _read_sheets(data: bytes) -> dict[str, list[tuple[int, dict]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a bad file
        raise ImportFailed([Problem("–", None, _("This is not an Excel file (.xlsx) that can be read."))]) from exc
    sheets = {}
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip().lower()
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                sheets[name] = []
                continue
            keys = [str(h).strip() if h is not None else "" for h in header]
            parsed = []
            for number, values in enumerate(rows, start=2):
                if number > MAX_ROWS + 1:
                    raise ImportFailed([Problem(name, number, _("The sheet has more than %(n)s rows.", n=MAX_ROWS))])
                record = {k: ("" if v is None else str(v).strip()) for k, v in zip(keys, values, strict=False) if k}
                if any(record.values()):
                    parsed.append((number, record))
            sheets[name] = parsed
    finally:
        workbook.close()
    return sheets


_LANG_COLUMN = re.compile(
    r"^(?P<prefix>[a-z_]+)::(?:(?P<name>[^()]*?)\s*\((?P<code>[A-Za-z-]+)\)|(?P<bare>[A-Za-z-]+))$"
)


def _texts(
    record: Mapping[str, str], prefix: str, default_language: str, problems: list[Problem], sheet: str, number: int
) -> dict[str, str]:
    """{code: text} from ``prefix`` and ``prefix::Name (code)`` columns."""
    out: dict[str, str] = {}
    for key, value in record.items():
        if not value:
            continue
        if key == prefix:
            out.setdefault(default_language, value)
            continue
        match = _LANG_COLUMN.match(key)
        if not match or match.group("prefix") != prefix:
            continue
        code = (match.group("code") or "").lower()
        if not code:
            bare = match.group("bare")
            code = next((c for c, n in LANGUAGE_NAMES.items() if n.lower() == bare.lower()), bare.lower())
        if code not in LANGUAGES:
            problems.append(
                Problem(
                    sheet,
                    number,
                    _(
                        "The language “%(language)s” is not one of the five languages here (sv, en, ar, so, fa).",
                        language=key.split("::", 1)[1],
                    ),
                )
            )
            continue
        out[code] = value
    return out


def _yes(value: str) -> bool:
    return (value or "").strip().lower() in ("yes", "true", "1", "true()")


_COUNT = re.compile(r"^count-selected\(\s*\.\s*\)\s*(>=|<=)\s*(\d+)$")
_RANGE = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")


def _constraint_parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s+and\s+", text.strip()) if p.strip()] if text.strip() else []


def parse_workbook(data: bytes) -> tuple[dict, dict]:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """Read an XLSForm into (definition, settings); raise :class:`ImportFailed` with every problem."""
    sheets = _read_sheets(data)
    problems: list[Problem] = []
    if "survey" not in sheets:
        raise ImportFailed([Problem("survey", None, _("The file has no sheet called “survey”."))])

    settings_rows = sheets.get("settings", [])
    settings = settings_rows[0][1] if settings_rows else {}
    default_language = "sv"
    raw_default = settings.get("default_language", "")
    if raw_default:
        match = re.search(r"\(([A-Za-z-]+)\)\s*$", raw_default)
        code = (match.group(1) if match else raw_default).lower()
        code = next((c for c, n in LANGUAGE_NAMES.items() if n.lower() == code), code)
        if code in LANGUAGES:
            default_language = code
        else:
            problems.append(
                Problem(
                    "settings",
                    2,
                    _(
                        "The language “%(language)s” is not one of the five languages here (sv, en, ar, so, fa).",
                        language=raw_default,
                    ),
                )
            )

    # Choices, per list.
    lists: dict[str, list[dict]] = {}
    for number, record in sheets.get("choices", []):
        unknown = _unsupported_columns(record, {_column_base(c) for c in record} - set(CHOICE_COLUMNS))
        for column in unknown:
            problems.append(Problem("choices", number, _("The column “%(column)s” is not supported.", column=column)))
        if unknown:
            continue
        list_name, name = record.get("list_name", ""), record.get("name", "")
        if not list_name or not name:
            problems.append(Problem("choices", number, _("Every choice needs a list_name and a name.")))
            continue
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", name):
            problems.append(
                Problem(
                    "choices",
                    number,
                    _("The choice name “%(name)s” may only use letters, digits, _, - and . (at most 40).", name=name),
                )
            )
            continue
        label = _texts(record, "label", default_language, problems, "choices", number)
        if not label:
            problems.append(Problem("choices", number, _("The choice “%(name)s” has no label.", name=name)))
        lists.setdefault(list_name, []).append({"code": name, "label": label, "is_other": False})
    for list_name, items in lists.items():
        codes = [c["code"] for c in items]
        if len(set(codes)) != len(codes):
            problems.append(
                Problem("choices", None, _("The list “%(list)s” has the same choice name twice.", list=list_name))
            )

    sections: list[dict] = []
    current: dict | None = None
    matrix: dict | None = None
    depth = 0
    seen_codes: set[str] = set()
    question_rows: dict[str, int] = {}
    previous_choice: dict | None = None

    def need_section(number: int) -> dict:
        nonlocal current
        if current is None:
            current = {"code": f"page{len(sections) + 1}", "title": {}, "intro": {}, "condition": None, "questions": []}
            while current["code"] in seen_codes:
                current["code"] += "_"
            sections.append(current)
        return current

    def relevant_of(record, number):
        text = record.get("relevant", "")
        if not text:
            return None
        try:
            return conditions.parse_relevant(text)
        except conditions.RelevantSyntaxError:
            problems.append(
                Problem(
                    "survey",
                    number,
                    _(
                        "The condition “%(relevant)s” uses something that cannot be read here. Use =, !=, >, <, "
                        "selected() and not(), joined by only “and” or only “or”.",
                        relevant=text,
                    ),
                )
            )
            return None

    for number, record in sheets["survey"]:
        raw_type = " ".join(record.get("type", "").split())
        name = record.get("name", "")
        if not raw_type:
            problems.append(Problem("survey", number, _("The row has no type.")))
            continue
        for column in _unsupported_columns(record, UNSUPPORTED_COLUMNS):
            problems.append(Problem("survey", number, _("The column “%(column)s” is not supported.", column=column)))
        base, _sep, rest = raw_type.partition(" ")
        base = base.lower().replace("begin group", "begin_group")
        if raw_type.lower() in ("begin group", "end group"):
            base = raw_type.lower().replace(" ", "_")
        if base in METADATA_TYPES:
            continue
        label = _texts(record, "label", default_language, problems, "survey", number)
        hint = _texts(record, "hint", default_language, problems, "survey", number)
        appearance = record.get("appearance", "").strip().lower()

        if base == "begin_group":
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,39}", name or ""):
                problems.append(
                    Problem(
                        "survey",
                        number,
                        _(
                            "The name “%(name)s” must start with a letter and use only letters, digits and _ (at most "
                            "40).",
                            name=name,
                        ),
                    )
                )
            if depth == 0:
                current = {
                    "code": name,
                    "title": label,
                    "intro": hint,
                    "condition": relevant_of(record, number),
                    "questions": [],
                }
                if name in seen_codes:
                    problems.append(Problem("survey", number, _("The name “%(name)s” is used twice.", name=name)))
                seen_codes.add(name)
                sections.append(current)
                depth = 1
            elif depth == 1 and "table-list" in appearance:
                matrix = {
                    "code": name,
                    "kind": "matrix",
                    "text": label,
                    "help": hint,
                    "required": False,
                    "condition": relevant_of(record, number),
                    "choices": None,
                    "rows": [],
                    "list": None,
                    "_row": number,
                }
                depth = 2
            else:
                problems.append(
                    Problem(
                        "survey",
                        number,
                        _("Groups inside groups are not supported (except a table-list group for a matrix)."),
                    )
                )
                depth += 1
            continue
        if base == "end_group":
            if depth == 2 and matrix is not None:
                if not matrix["rows"]:
                    problems.append(
                        Problem("survey", number, _("The matrix “%(name)s” has no rows.", name=matrix["code"]))
                    )
                else:
                    need_section(number)["questions"].append(
                        {k: v for k, v in matrix.items() if not k.startswith("_") and k != "list"}
                    )
                    question_rows[matrix["code"]] = matrix["_row"]
                    seen_codes.add(matrix["code"])
                matrix = None
            elif depth == 1:
                current = None
            elif depth == 0:
                problems.append(Problem("survey", number, _("“end_group” without a matching “begin_group”.")))
                continue
            depth -= 1
            continue
        if base in ("begin_repeat", "end_repeat", "begin", "end"):
            problems.append(Problem("survey", number, _("Repeats are not supported.")))
            continue

        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,39}", name or ""):
            problems.append(
                Problem(
                    "survey",
                    number,
                    _(
                        "The name “%(name)s” must start with a letter and use only letters, digits and _ (at most 40).",
                        name=name,
                    ),
                )
            )
            continue
        if name in seen_codes:
            problems.append(Problem("survey", number, _("The name “%(name)s” is used twice.", name=name)))
            continue

        if matrix is not None:
            if base != "select_one" or (matrix["list"] and rest != matrix["list"]):
                problems.append(
                    Problem(
                        "survey", number, _("Every row of a table-list group must be a select_one from the same list.")
                    )
                )
                continue
            if appearance == "label":
                continue
            matrix["list"] = rest
            if rest not in lists:
                problems.append(
                    Problem("survey", number, _("The list “%(list)s” is not in the choices sheet.", list=rest))
                )
                continue
            matrix["choices"] = [dict(c) for c in lists[rest]]
            prefix = matrix["code"] + "_"
            row_code = name[len(prefix) :] if name.startswith(prefix) and len(name) > len(prefix) else name
            matrix["rows"].append({"code": row_code, "label": label})
            matrix["required"] = matrix["required"] or _yes(record.get("required", ""))
            continue

        # "Other, namely": a text question <choice>_other right after the choice, shown for one option.
        if base == "text" and previous_choice is not None and name == f"{previous_choice['code']}_other":
            condition = relevant_of(record, number)
            rules = (condition or {}).get("rules", [])
            if (
                len(rules) == 1
                and rules[0].get("question") == previous_choice["code"]
                and rules[0].get("op") in ("equals", "selected")
            ):
                target = str(rules[0].get("value"))
                option = next((c for c in previous_choice["choices"] or [] if c["code"] == target), None)
                if option is not None:
                    option["is_other"] = True
                    previous_choice = None
                    continue

        question = {
            "code": name,
            "text": label,
            "help": hint,
            "required": _yes(record.get("required", "")),
            "condition": relevant_of(record, number),
            "display": "radio",
            "to_contribution": _yes(record.get("dialog_to_inbox", "")),
        }
        constraint = record.get("constraint", "")
        kind = None
        if base == "note":
            kind = "note"
            question["required"] = False
        elif base == "text":
            kind = "long_text" if "multiline" in appearance else "short_text"
        elif base in ("integer", "decimal"):
            kind = base
            for part in _constraint_parts(constraint):
                match = _RANGE.match(part)
                if not match:
                    problems.append(
                        Problem(
                            "survey",
                            number,
                            _(
                                "The constraint “%(constraint)s” is not supported; only “. >= number and . <= number”.",
                                constraint=constraint,
                            ),
                        )
                    )
                    break
                value = float(match.group(2))
                question["min_value" if match.group(1) == ">=" else "max_value"] = value
            constraint = ""
        elif base == "date":
            kind = "date"
        elif base == "acknowledge":
            kind = "consent"
        elif base == "range":
            kind = "scale"
            params = dict(re.findall(r"(\w+)\s*=\s*(-?\d+(?:\.\d+)?)", record.get("parameters", "")))
            try:
                start, end, step = (
                    float(params.get("start", 1)),
                    float(params.get("end", 10)),
                    float(params.get("step", 1)),
                )
            except ValueError:
                start, end, step = 0, 0, 0
            if step != 1 or not start.is_integer() or not end.is_integer() or not 0 <= start < end <= 10:
                problems.append(
                    Problem("survey", number, _("A range must count in steps of 1 between whole numbers from 0 to 10."))
                )
            question.update(
                min_value=start,
                max_value=end,
                min_label=_texts(record, "min_label", default_language, problems, "survey", number),
                max_label=_texts(record, "max_label", default_language, problems, "survey", number),
            )
        elif base in ("select_one", "select_multiple", "rank"):
            parts = rest.split()
            or_other = len(parts) == 2 and parts[1] == "or_other"
            if not parts or len(parts) > 2 or (len(parts) == 2 and not or_other):
                problems.append(Problem("survey", number, _("The type “%(type)s” is not supported.", type=raw_type)))
                continue
            list_name = parts[0]
            if list_name not in lists:
                problems.append(
                    Problem("survey", number, _("The list “%(list)s” is not in the choices sheet.", list=list_name))
                )
                continue
            items = [dict(c) for c in lists[list_name]]
            if or_other:
                items.append({"code": "other", "label": dict(OTHER_LABEL), "is_other": True})
            codes = {c["code"] for c in items}
            if base == "select_one":
                kind = "yes_no" if list_name == "yes_no" and codes == {"yes", "no"} else "single_choice"
                if "minimal" in appearance:
                    question["display"] = "dropdown"
            elif base == "select_multiple":
                kind = "multiple_choice"
                for part in _constraint_parts(constraint):
                    match = _COUNT.match(part)
                    if not match:
                        problems.append(
                            Problem(
                                "survey",
                                number,
                                _(
                                    "The constraint “%(constraint)s” is not supported; only count-selected(.) >= n "
                                    "and <= n.",
                                    constraint=constraint,
                                ),
                            )
                        )
                        break
                    question["min_choices" if match.group(1) == ">=" else "max_choices"] = int(match.group(2))
                constraint = ""
            else:
                kind = "ranking"
            question["choices"] = items
            question["rows"] = []
        else:
            problems.append(
                Problem("survey", number, _("The question type “%(type)s” is not supported.", type=raw_type))
            )
            continue
        if constraint:
            problems.append(
                Problem(
                    "survey",
                    number,
                    _("The constraint “%(constraint)s” is not supported for this type.", constraint=constraint),
                )
            )
        if kind != "note" and not label:
            problems.append(Problem("survey", number, _("The question “%(name)s” has no label.", name=name)))
        question["kind"] = kind
        need_section(number)["questions"].append(question)
        seen_codes.add(name)
        question_rows[name] = number
        previous_choice = question if kind in ("single_choice", "multiple_choice") else None

    if depth != 0:
        problems.append(Problem("survey", None, _("A “begin_group” has no matching “end_group”.")))
    if not any(s["questions"] for s in sections):
        problems.append(Problem("survey", None, _("The survey has no questions.")))

    check_conditions(sections, question_rows, problems)

    title = _texts(settings, "title", default_language, problems, "settings", 2)
    if settings.get("form_title"):
        title.setdefault(default_language, settings["form_title"])
    if not title.get("sv"):
        title["sv"] = title.get(default_language) or next(iter(title.values()), "") or _("Imported survey")
    meta = {"title": title}
    for name in SURVEY_TEXTS:
        meta[name] = _texts(settings, name, default_language, problems, "settings", 2)
    level = settings.get("participation_level", "")
    meta["participation_level"] = level if level in PARTICIPATION_LEVELS else "consultation"
    mode = settings.get("mode", "")
    meta["mode"] = mode if mode in MODES else "anonymous"
    languages = [c for c in settings.get("languages", "").split() if c in LANGUAGES]
    meta["languages"] = languages or list(LANGUAGES)
    if problems:
        raise ImportFailed(problems)
    return {"sections": sections}, meta


def check_conditions(sections: list[dict], question_rows: dict[str, int], problems: list[Problem]) -> None:
    """Conditions may only use earlier questions; option values are compared as codes."""
    earlier: dict[str, conditions.QuestionRef] = {}
    all_codes = set(question_rows)
    for section in sections:
        _coerce(section.get("condition"), earlier)
        for problem in conditions.validate(section.get("condition"), earlier, all_codes=all_codes):
            problems.append(Problem("survey", None, f"{section['code']}: {problem}"))
        for q in section["questions"]:
            _coerce(q.get("condition"), earlier)
            for problem in conditions.validate(q.get("condition"), earlier, all_codes=all_codes, own_code=q["code"]):
                problems.append(Problem("survey", question_rows.get(q["code"]), problem))
            earlier[q["code"]] = conditions.QuestionRef(
                q["code"], q["kind"], frozenset(c["code"] for c in q.get("choices") or [])
            )


def _coerce(condition: dict | None, earlier: Mapping[str, conditions.QuestionRef]) -> None:
    """``${q} = 1`` on a choice question means the choice named "1"."""
    for rule in (condition or {}).get("rules", []):
        ref = earlier.get(rule.get("question"))
        if ref is not None and ref.kind in conditions.OPTION_VALUED and "value" in rule:
            rule["value"] = str(rule["value"])
