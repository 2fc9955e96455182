"""Reading an XLSForm that pyxform has parsed: row by row, what becomes a question, what is
changed and what is left out (the RowNote of each row), for the import preview in xlsform_import."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..i18n import LANGUAGES
from . import conditions
from .xlsform import OTHER_LABEL

#: File endings pyxform reads.
FILE_TYPES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")
#: How a language is named in column headers, besides "Name (code)": lower-case words.
LANGUAGE_WORDS = {
    "sv": ("swedish", "svenska"),
    "en": ("english",),
    "ar": ("arabic", "العربية"),
    "so": ("somali", "soomaali"),
    "fa": ("persian", "farsi", "dari", "فارسی"),
}
#: Types that collect nothing from the person (metadata in ODK and KoboToolbox).
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
    "uri:deviceid",
}
#: Keys of a pyxform element that this reader uses; any other one with a value is said to be left out.
USED_KEYS = {
    "type",
    "name",
    "label",
    "hint",
    "bind",
    "control",
    "choices",
    "itemset",
    "list_name",
    "parameters",
    "children",
    "min_label",
    "max_label",
    "dialog_to_inbox",
}
USED_BIND = {"required", "relevant", "constraint"}
#: pyxform's keys → the column people know.
COLUMN_NAMES = {
    "calculate": "calculation",
    "readonly": "read_only",
    "jr:constraintMsg": "constraint_message",
    "jr:requiredMsg": "required_message",
    "media": "media (image, audio, video)",
}
MAX_RETRIES = 200
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
_COUNT = re.compile(r"^count-selected\(\s*\.\s*\)\s*(>=|<=)\s*(\d+)$")
_RANGE = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")
_ROW = re.compile(r"\[row\s*:\s*(\d+)\]", re.I)
_MEDIA = re.compile(r"^\s*(media\s*::|image|big-image|audio|video)", re.I)
_GENERATED = ("generated_table_list_label_", "reserved_name_for_field_list_labels_")


@dataclass
class RowNote:
    """One line of the preview."""

    sheet: str
    row: int | None
    name: str
    type: str
    outcome: str  #: "imported", "changed" or "dropped"
    messages: list[str] = field(default_factory=list)


@dataclass
class Preview:
    definition: dict | None
    meta: dict
    rows: list[RowNote]
    notes: list[str]  #: about the whole file (languages left out, texts taken as Swedish …)
    refusal: str | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def question_count(self) -> int:
        return sum(len(s["questions"]) for s in (self.definition or {}).get("sections", []))


class _Reader:
    def __init__(self, default_code: str):
        self.default_code = default_code
        self.rows: list[RowNote] = []
        self.notes: list[str] = []
        self.left_out_languages: set[str] = set()
        self.untagged = False
        self.row_of: dict[str, int] = {}
        self.raw_rows: dict[str, dict] = {}
        self.renamed: dict[str, str] = {}
        self.taken: set[str] = set()

    # --- texts -----------------------------------------------------------------------------

    def code_of(self, language: str) -> str | None:
        if language == "default":
            self.untagged = True
            return self.default_code
        match = re.search(r"\(([A-Za-z-]+)\)\s*$", language)
        if match and match.group(1).lower() in LANGUAGES:
            return match.group(1).lower()
        word = re.sub(r"\s*\(.*\)\s*$", "", language).strip().lower()
        if word in LANGUAGES:
            return word
        return next((code for code, words in LANGUAGE_WORDS.items() if word in words), None)

    def texts(self, value, note: RowNote | None = None) -> dict[str, str]:
        if value is None or value == "":
            return {}
        if isinstance(value, str):
            self.untagged = True
            return {self.default_code: value.strip()}
        out: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(text, str) or not text.strip():
                continue
            code = self.code_of(language)
            if code is None:
                message = _("The text in “%(language)s” is left out.", language=language)
                if note is not None and message not in note.messages:
                    note.messages.append(message)
                    note.outcome = "changed" if note.outcome == "imported" else note.outcome
                self.left_out_languages.add(language)
                continue
            out.setdefault(code, text.strip())
        return out

    # --- names -----------------------------------------------------------------------------

    def code_for(self, name: str, note: RowNote) -> str:
        code = name
        if not _NAME.match(code):
            code = re.sub(r"[^A-Za-z0-9_]", "_", name)[:40] or "q"
            if not re.match(r"[A-Za-z_]", code):
                code = ("q_" + code)[:40]
        base, n = code, 2
        while code in self.taken:
            code = f"{base[:36]}_{n}"
            n += 1
        if code != name:
            note.outcome = "changed"
            note.messages.append(_("The name “%(name)s” becomes “%(code)s”.", name=name, code=code))
            self.renamed[name] = code
        self.taken.add(code)
        return code

    def note(self, element: Mapping, *, sheet: str = "survey") -> RowNote:
        name = str(element.get("name") or "")
        row = RowNote(sheet, self.row_of.get(name), name, str(element.get("type") or ""), "imported")
        self.rows.append(row)
        return row

    def left_out_columns(self, element: Mapping, note: RowNote, extra_used: set[str] = frozenset()) -> None:
        raw = self.raw_rows.get(str(element.get("name") or ""), {})
        for key, value in element.items():
            if key in USED_KEYS or key in extra_used or value in (None, "", {}, []):
                continue
            if key.split(":", 1)[0] in ("label", "hint", "min_label", "max_label"):
                continue
            if key == "media":  # say the columns as the file names them ("media::image::English (en)")
                written = [h for h, v in raw.items() if v and _MEDIA.match(str(h))]
                for header in written or [COLUMN_NAMES[key]]:
                    self._left_out(note, header)
                continue
            self._left_out(note, COLUMN_NAMES.get(key, key))
        for key, value in (element.get("bind") or {}).items():
            if key not in USED_BIND and value not in (None, ""):
                self._left_out(note, COLUMN_NAMES.get(key, key))

    def _left_out(self, note: RowNote, column: str) -> None:
        message = _("The column “%(column)s” is left out.", column=column)
        if message not in note.messages:
            note.messages.append(message)
        if note.outcome == "imported":
            note.outcome = "changed"

    # --- elements --------------------------------------------------------------------------

    def read(self, children: list[Mapping]) -> list[dict]:
        sections: list[dict] = []
        run: list[Mapping] = []  # questions outside any group, one page for each run of them

        def flush():
            if run:
                page = {"code": self.free_code("page"), "title": {}, "intro": {}, "condition": None, "questions": []}
                sections.append(page)
                self.fill(page, list(run))
                run.clear()

        for element in children:
            kind = str(element.get("type") or "")
            if kind == "group" and element.get("name") == "meta" and (element.get("control") or {}).get("bodyless"):
                continue  # pyxform's own instanceID
            appearance = str((element.get("control") or {}).get("appearance") or "")
            if kind == "group" and not _is_table_list(element, appearance):
                flush()
                note = self.note(element)
                section = {
                    "code": self.code_for(str(element.get("name") or "page"), note),
                    "title": self.texts(_field(element, "label"), note),
                    "intro": self.texts(_field(element, "hint"), note),
                    "condition": self.relevant(element, note),
                    "questions": [],
                }
                self.left_out_columns(element, note)
                sections.append(section)
                self.fill(section, element.get("children") or [])
                continue
            run.append(element)
        flush()
        return sections

    def free_code(self, base: str) -> str:
        n = 1
        while f"{base}{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}{n}")
        return f"{base}{n}"

    def fill(self, section: dict, children: list[Mapping]) -> None:
        previous: dict | None = None
        for element in children:
            kind = str(element.get("type") or "")
            name = str(element.get("name") or "")
            if kind == "group":
                appearance = str((element.get("control") or {}).get("appearance") or "")
                matrix = self.matrix(element) if _is_table_list(element, appearance) else None
                if matrix is not None:
                    section["questions"].append(matrix)
                    previous = None
                    continue
                note = self.note(element)
                note.outcome = "changed"
                note.messages.append(_("A group inside a page: its questions are placed on the page."))
                self.fill(section, element.get("children") or [])
                previous = None
                continue
            if kind in ("repeat", "loop"):
                note = self.note(element)
                note.outcome = "dropped"
                note.messages.append(_("Repeats are not supported: this row and the questions inside it are left out."))
                for child in _descendants(element):
                    inner = self.note(child)
                    inner.outcome = "dropped"
                    inner.messages.append(_("Inside a repeat, which is left out."))
                previous = None
                continue
            is_other = previous is not None and kind == "text" and name == f"{previous['_name']}_other"
            if is_other and self.mark_other(previous, element):
                continue
            question = self.question(element)
            if question is not None:
                section["questions"].append(question)
                previous = question if question["kind"] in ("single_choice", "multiple_choice") else None
            else:
                previous = None
        for question in section["questions"]:
            question.pop("_name", None)

    def mark_other(self, choice_question: dict, element: Mapping) -> bool:
        """ "Other, namely": the text question <choice>_other shown for one option of the choice."""
        relevant = str((element.get("bind") or {}).get("relevant") or "")
        match = re.search(r"'([^']+)'", relevant)
        refers = choice_question["_name"] in relevant
        option = next((c for c in choice_question["choices"] if match and c["code"] == match.group(1)), None)
        if not (refers and option is not None):
            return False
        option["is_other"] = True
        if not option.get("label"):
            option["label"] = dict(OTHER_LABEL)
        note = self.note(element)
        note.messages.append(_("Imported as the “Other, namely …” field of “%(name)s”.", name=choice_question["code"]))
        return True

    def matrix(self, group: Mapping) -> dict | None:
        rows_, list_name, label, hint = [], None, _field(group, "label"), _field(group, "hint")
        members = []
        for child in group.get("children") or []:
            name = str(child.get("name") or "")
            if name.startswith(_GENERATED[0]):
                label, hint = label or _field(child, "label"), hint or _field(child, "hint")
                continue
            if name.startswith(_GENERATED[1]) or (child.get("control") or {}).get("appearance") == "label":
                continue
            if child.get("type") != "select one" or (list_name and child.get("list_name") != list_name):
                return None
            list_name = child.get("list_name")
            members.append(child)
        if not members:
            return None
        note = self.note(group)
        code = self.code_for(str(group.get("name") or "matrix"), note)
        prefix = str(group.get("name") or "") + "_"
        for child in members:
            child_note = self.note(child)
            child_note.messages.append(_("A row of the matrix “%(name)s”.", name=code))
            name = str(child.get("name") or "")
            row_code = name[len(prefix) :] if name.startswith(prefix) and len(name) > len(prefix) else name
            rows_.append({"code": row_code, "label": self.texts(_field(child, "label"), child_note)})
        required = any(_yes((c.get("bind") or {}).get("required")) for c in members)
        return {
            "code": code,
            "kind": "matrix",
            "text": self.texts(label, note),
            "help": self.texts(hint, note),
            "required": required,
            "condition": self.relevant(group, note),
            "choices": self.choices(members[0], note),
            "rows": rows_,
            "_name": str(group.get("name") or ""),
        }

    def choices(self, element: Mapping, note: RowNote) -> list[dict]:
        out, seen = [], set()
        for choice in element.get("choices") or []:
            code = str(choice.get("name") or "")
            if not code or code in seen:
                continue
            seen.add(code)
            for key, value in choice.items():
                if key.split(":", 1)[0] not in ("name", "label") and value not in (None, "", {}, []):
                    self._left_out(note, "choices: " + COLUMN_NAMES.get(key, key))
            out.append({"code": code, "label": self.texts(_field(choice, "label"), note), "is_other": False})
        return out

    def relevant(self, element: Mapping, note: RowNote) -> dict | None:
        text = str((element.get("bind") or {}).get("relevant") or "").strip()
        if not text:
            return None
        try:
            return conditions.parse_relevant(text)
        except conditions.RelevantSyntaxError:
            note.outcome = "changed" if note.outcome == "imported" else note.outcome
            note.messages.append(
                _(
                    "The condition “%(relevant)s” cannot be read here, so it is left out: this is always shown.",
                    relevant=text,
                )
            )
            return None

    def question(self, element: Mapping) -> dict | None:  # noqa: C901  (one branch per type)
        kind_in = str(element.get("type") or "")
        note = self.note(element)
        if kind_in in METADATA_TYPES:
            note.outcome = "dropped"
            note.messages.append(_("Collects nothing from the person (metadata); left out."))
            return None
        bind = element.get("bind") or {}
        appearance = str((element.get("control") or {}).get("appearance") or "")
        question = {
            "code": "",
            "text": self.texts(_field(element, "label"), note),
            "help": self.texts(_field(element, "hint"), note),
            "required": _yes(bind.get("required")),
            "condition": None,
            "display": "radio",
            "to_contribution": _yes(element.get("dialog_to_inbox")),
            "_name": str(element.get("name") or ""),
        }
        constraint = str(bind.get("constraint") or "").strip()
        used_constraint = False
        if kind_in == "note":
            kind = "note"
            question["required"] = False
        elif kind_in in ("text", "string", "phone number"):
            kind = "long_text" if "multiline" in appearance else "short_text"
            if kind_in == "phone number":
                note.outcome = "changed"
                note.messages.append(_("A phone number question becomes a short text question."))
        elif kind_in in ("integer", "decimal", "int"):
            kind = "decimal" if kind_in == "decimal" else "integer"
            used_constraint = self.number_limits(constraint, question)
        elif kind_in == "date":
            kind = "date"
        elif kind_in in ("acknowledge", "trigger"):
            kind = "consent"
        elif kind_in == "range":
            kind = self.range(element, question, note)
        elif kind_in in ("select one", "select all that apply", "rank"):
            question["choices"] = self.choices(element, note)
            question["rows"] = []
            if not question["choices"]:
                note.outcome = "dropped"
                note.messages.append(_("The list of choices is empty or missing; left out."))
                return None
            codes = {c["code"] for c in question["choices"]}
            if kind_in == "select one":
                kind = "yes_no" if element.get("list_name") == "yes_no" and codes == {"yes", "no"} else "single_choice"
                if "minimal" in appearance:
                    question["display"] = "dropdown"
            elif kind_in == "select all that apply":
                kind = "multiple_choice"
                used_constraint = self.choice_limits(constraint, question)
            else:
                kind = "ranking"
        else:
            note.outcome = "dropped"
            note.messages.append(
                _("The question type “%(type)s” is not supported here; left out.", type=kind_in or "?")
            )
            return None
        if constraint and not used_constraint:
            note.outcome = "changed"
            note.messages.append(_("The constraint “%(constraint)s” is left out.", constraint=constraint))
        if kind != "note" and not question["text"]:
            question["text"] = {self.default_code: str(element.get("name") or "")}
            note.outcome = "changed"
            note.messages.append(_("The question has no label: its name is used as its text."))
        self.left_out_columns(element, note)
        question["kind"] = kind
        question["code"] = self.code_for(question["_name"] or kind, note)
        question["condition"] = self.relevant(element, note)
        return question

    def number_limits(self, constraint: str, question: dict) -> bool:
        parts = [p.strip() for p in re.split(r"\band\b", constraint) if p.strip()] if constraint else []
        found = {}
        for part in parts:
            match = _RANGE.match(part)
            if not match:
                return False
            found["min_value" if match.group(1) == ">=" else "max_value"] = float(match.group(2))
        question.update(found)
        return bool(parts)

    def choice_limits(self, constraint: str, question: dict) -> bool:
        parts = [p.strip() for p in re.split(r"\band\b", constraint) if p.strip()] if constraint else []
        found = {}
        for part in parts:
            match = _COUNT.match(part)
            if not match:
                return False
            found["min_choices" if match.group(1) == ">=" else "max_choices"] = int(match.group(2))
        question.update(found)
        return bool(parts)

    def range(self, element: Mapping, question: dict, note: RowNote) -> str:
        params = element.get("parameters") or {}
        try:
            start, end, step = (float(params.get(k, d)) for k, d in (("start", 1), ("end", 10), ("step", 1)))
        except (TypeError, ValueError):
            start, end, step = 1.0, 10.0, 0.0
        if step == 1 and start.is_integer() and end.is_integer() and 0 <= start < end <= 10:
            question.update(
                min_value=start,
                max_value=end,
                min_label=self.texts(_field(element, "min_label"), note),
                max_label=self.texts(_field(element, "max_label"), note),
            )
            return "scale"
        note.outcome = "changed"
        note.messages.append(
            _("This range does not fit a scale (steps of 1, from 0 to at most 10): it becomes a number question.")
        )
        question.update(min_value=min(start, end), max_value=max(start, end))
        return "decimal" if not (start.is_integer() and end.is_integer() and float(step).is_integer()) else "integer"


def _field(element: Mapping, base: str):
    """A text column as pyxform gives it: a string, a map per language, or, where a file mixes
    "label:English" with "label::Arabic", separate "label:English" keys (merged here)."""
    value = element.get(base)
    extra = {k.split(":", 1)[1].lstrip(":"): v for k, v in element.items() if k.startswith(base + ":")}
    if not extra:
        return value
    merged = dict(value) if isinstance(value, Mapping) else ({"default": value} if value else {})
    merged.update(extra)
    return merged


def _yes(value) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "true()", "1", "y")


def _is_table_list(group: Mapping, appearance: str) -> bool:
    if "table-list" in appearance:
        return True
    names = [str(c.get("name") or "") for c in group.get("children") or []]
    return any(n.startswith(_GENERATED[0]) for n in names)


def _descendants(element: Mapping):
    for child in element.get("children") or []:
        yield child
        yield from _descendants(child)
