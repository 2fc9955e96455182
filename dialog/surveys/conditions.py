"""Conditions: show a question or a section only when earlier answers say so.

A condition is stored as JSON::

    {"match": "all" | "any", "rules": [{"question": "feel_safe", "op": "le", "value": 2}, ...]}

Rules refer to earlier questions by their code. Evaluation works on *canonical values* keyed
by question code: an option code for single choice and yes/no, a list of option codes for
multiple choice, a float for numbers and scales, an ISO date string for dates, the text for
text questions, "yes" for a ticked consent. Unanswered (or hidden) questions are missing.

The same rules are written and read as XLSForm ``relevant`` expressions (``to_relevant`` /
``parse_relevant``), and the answering page's script evaluates them again in the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

OPERATORS = {
    "equals": _l("is"),
    "not_equals": _l("is not"),
    "selected": _l("includes"),
    "not_selected": _l("does not include"),
    "answered": _l("is answered"),
    "not_answered": _l("is not answered"),
    "gt": _l("is more than"),
    "ge": _l("is at least"),
    "lt": _l("is less than"),
    "le": _l("is at most"),
}
VALUELESS = frozenset({"answered", "not_answered"})
COMPARISONS = frozenset({"gt", "ge", "lt", "le"})

#: Which operators each question kind supports (kinds missing here cannot be referred to).
OPERATORS_BY_KIND = {
    "single_choice": ("equals", "not_equals", "answered", "not_answered"),
    "yes_no": ("equals", "not_equals", "answered", "not_answered"),
    "multiple_choice": ("selected", "not_selected", "answered", "not_answered"),
    "integer": ("equals", "not_equals", "gt", "ge", "lt", "le", "answered", "not_answered"),
    "decimal": ("equals", "not_equals", "gt", "ge", "lt", "le", "answered", "not_answered"),
    "scale": ("equals", "not_equals", "gt", "ge", "lt", "le", "answered", "not_answered"),
    "date": ("equals", "not_equals", "gt", "ge", "lt", "le", "answered", "not_answered"),
    "short_text": ("equals", "not_equals", "answered", "not_answered"),
    "long_text": ("equals", "not_equals", "answered", "not_answered"),
    "consent": ("answered", "not_answered"),
}
OPTION_VALUED = frozenset({"single_choice", "yes_no", "multiple_choice"})
NUMBER_VALUED = frozenset({"integer", "decimal", "scale"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class QuestionRef:
    """What validation needs to know about a question a rule may point at."""

    code: str
    kind: str
    option_codes: frozenset[str] = field(default_factory=frozenset)


def is_empty(condition: Mapping | None) -> bool:
    return not condition or not condition.get("rules")


def referenced_codes(condition: Mapping | None) -> set[str]:
    if is_empty(condition):
        return set()
    return {rule.get("question") for rule in condition["rules"]}


# --- Evaluation --------------------------------------------------------------------------


def _answered(value) -> bool:
    return value not in (None, "", [], {})


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def evaluate_rule(rule: Mapping, values: Mapping[str, object]) -> bool:
    """One rule against canonical values. Follows XLSForm: an empty answer is "not equal"."""
    op = rule.get("op")
    value = values.get(rule.get("question"))
    target = rule.get("value")
    if op == "answered":
        return _answered(value)
    if op == "not_answered":
        return not _answered(value)
    if op in ("selected", "not_selected"):
        chosen = value if isinstance(value, list) else ([value] if _answered(value) else [])
        found = target in chosen
        return found if op == "selected" else not found
    if op in ("equals", "not_equals"):
        if isinstance(value, list):
            same = target in value
        elif _number(value) is not None and _number(target) is not None:
            same = _number(value) == _number(target)
        else:
            same = _answered(value) and str(value) == str(target)
        return same if op == "equals" else not same
    if op in COMPARISONS:
        if not _answered(value):
            return False
        left, right = _number(value), _number(target)
        if left is None or right is None:
            if isinstance(value, str) and isinstance(target, str):
                left, right = value, target  # ISO dates compare as strings
            else:
                return False
        return {
            "gt": left > right,
            "ge": left >= right,
            "lt": left < right,
            "le": left <= right,
        }[op]
    return False


def evaluate(condition: Mapping | None, values: Mapping[str, object]) -> bool:
    """True when there is no condition, or when its rules hold ("all" or "any")."""
    if is_empty(condition):
        return True
    results = (evaluate_rule(rule, values) for rule in condition["rules"])
    return any(results) if condition.get("match") == "any" else all(results)


@dataclass
class Visibility:
    """Which sections and questions apply, given the answers, in survey order."""

    sections: list[int]
    questions: set[int]
    #: Canonical values of the questions that are shown (hidden ones dropped).
    values: dict[str, object]


def compute_visibility(sections: Iterable, values: Mapping[str, object]) -> Visibility:
    """Walk the survey in order; a hidden question's answer never counts for later rules.

    ``sections`` yields objects with ``id``, ``condition`` and ``questions`` (each with
    ``id``, ``code`` and ``condition``) — the models, or anything shaped like them.
    """
    kept: dict[str, object] = {}
    shown_sections: list[int] = []
    shown_questions: set[int] = set()
    for section in sections:
        if not evaluate(section.condition, kept):
            continue
        shown_sections.append(section.id)
        for question in section.questions:
            if evaluate(question.condition, kept):
                shown_questions.add(question.id)
                if question.code in values:
                    kept[question.code] = values[question.code]
    return Visibility(shown_sections, shown_questions, kept)


# --- Validation --------------------------------------------------------------------------


def validate(  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    condition: Mapping | None,
    earlier: Mapping[str, QuestionRef],
    *,
    all_codes: Iterable[str] = (),
    own_code: str | None = None,
) -> list[str]:
    """Return plain-language problems with a condition (empty list: it is fine).

    ``earlier`` holds the questions that come before the thing the condition is on; a rule
    pointing anywhere else (itself, a later question, a missing one) is refused, so there
    can be no cycles.
    """
    if is_empty(condition):
        return []
    problems: list[str] = []
    if condition.get("match") not in ("all", "any"):
        problems.append(_("Choose whether all or any of the rules must hold."))
    later = set(all_codes)
    for number, rule in enumerate(condition.get("rules") or [], start=1):
        code, op, value = rule.get("question"), rule.get("op"), rule.get("value")
        ref = earlier.get(code)
        if ref is None:
            if code and code == own_code:
                problems.append(_("Rule %(n)s: a question cannot depend on itself.", n=number))
            elif code in later:
                problems.append(
                    _(
                        "Rule %(n)s: “%(code)s” comes later in the survey. A condition can only use earlier questions.",
                        n=number,
                        code=code,
                    )
                )
            else:
                problems.append(_("Rule %(n)s: there is no question “%(code)s”.", n=number, code=code or ""))
            continue
        allowed = OPERATORS_BY_KIND.get(ref.kind)
        if not allowed:
            problems.append(
                _("Rule %(n)s: the answers to “%(code)s” cannot be used in a condition.", n=number, code=code)
            )
            continue
        if op not in allowed:
            problems.append(_("Rule %(n)s: that comparison does not work for “%(code)s”.", n=number, code=code))
            continue
        if op in VALUELESS:
            continue
        if ref.kind in OPTION_VALUED:
            if value not in ref.option_codes:
                problems.append(_("Rule %(n)s: choose one of the options of “%(code)s”.", n=number, code=code))
        elif ref.kind in NUMBER_VALUED:
            if _number(value) is None:
                problems.append(_("Rule %(n)s: write a number to compare with.", n=number))
        elif ref.kind == "date":
            if not (isinstance(value, str) and _ISO_DATE.match(value)):
                problems.append(_("Rule %(n)s: write the date as year-month-day, for example 2026-05-31.", n=number))
        elif not (isinstance(value, str) and value.strip()):
            problems.append(_("Rule %(n)s: write the text to compare with.", n=number))
    return problems


def normalise(condition: Mapping | None) -> dict | None:
    """Drop empty rules; return None for "always shown"."""
    if is_empty(condition):
        return None
    rules = []
    for rule in condition["rules"]:
        clean = {"question": rule.get("question"), "op": rule.get("op")}
        if rule.get("op") not in VALUELESS:
            clean["value"] = rule.get("value")
        rules.append(clean)
    return {"match": condition.get("match") or "all", "rules": rules}


def rename_code(condition: Mapping | None, old: str, new: str) -> dict | None:
    if is_empty(condition):
        return condition
    return {
        **condition,
        "rules": [{**r, "question": new} if r.get("question") == old else dict(r) for r in condition["rules"]],
    }


# --- XLSForm ``relevant`` ------------------------------------------------------------------


class RelevantSyntaxError(ValueError):
    """A ``relevant`` expression outside the subset we can read."""


def _quote(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(int(value)) if float(value).is_integer() else repr(float(value))
    return "'" + str(value).replace("'", "") + "'"


def to_relevant(condition: Mapping | None) -> str:
    """Write a condition as an XLSForm ``relevant`` expression ('' when always shown)."""
    if is_empty(condition):
        return ""
    parts = []
    for rule in condition["rules"]:
        ref = "${" + rule["question"] + "}"
        op, value = rule["op"], rule.get("value")
        if op == "answered":
            parts.append(f"{ref} != ''")
        elif op == "not_answered":
            parts.append(f"{ref} = ''")
        elif op == "selected":
            parts.append(f"selected({ref}, {_quote(value)})")
        elif op == "not_selected":
            parts.append(f"not(selected({ref}, {_quote(value)}))")
        else:
            symbol = {"equals": "=", "not_equals": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}[op]
            parts.append(f"{ref} {symbol} {_quote(value)}")
    joiner = " or " if condition.get("match") == "any" else " and "
    return joiner.join(parts)


_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][A-Za-z0-9_.-]*\})|(?P<str>'[^']*'|\"[^\"]*\")|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<op>!=|>=|<=|=|>|<)|(?P<word>[A-Za-z_-]+)|(?P<punct>[(),]))"
)


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise RelevantSyntaxError(expression[position : position + 20])
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def parse_relevant(expression: str) -> dict | None:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """Read the XLSForm ``relevant`` subset that :func:`to_relevant` writes.

    Supported: ``${q} = 'a'``, ``!=``, ``>``, ``>=``, ``<``, ``<=`` with a quoted text or a
    number, ``selected(${q}, 'a')``, ``not(selected(${q}, 'a'))``, ``${q} != ''`` and
    ``${q} = ''``, all joined by only ``and`` or only ``or``. Anything else raises
    :class:`RelevantSyntaxError`.
    """
    expression = (expression or "").strip()
    if not expression:
        return None
    tokens = _tokens(expression)
    rules, joiners, i = [], set(), 0

    def expect(kind, text=None):
        nonlocal i
        if i >= len(tokens) or tokens[i][0] != kind or (text is not None and tokens[i][1] != text):
            raise RelevantSyntaxError(expression)
        i += 1
        return tokens[i - 1][1]

    def literal():
        nonlocal i
        if i < len(tokens) and tokens[i][0] == "str":
            i += 1
            return tokens[i - 1][1][1:-1], "str"
        if i < len(tokens) and tokens[i][0] == "num":
            i += 1
            number = float(tokens[i - 1][1])
            return (int(number) if number.is_integer() else number), "num"
        raise RelevantSyntaxError(expression)

    def selected(negated: bool):
        expect("word", "selected")
        expect("punct", "(")
        code = expect("ref")[2:-1]
        expect("punct", ",")
        value, kind = literal()
        if kind != "str":
            value = str(value)
        expect("punct", ")")
        return {"question": code, "op": "not_selected" if negated else "selected", "value": value}

    while True:
        if i < len(tokens) and tokens[i] == ("word", "not"):
            i += 1
            expect("punct", "(")
            rules.append(selected(True))
            expect("punct", ")")
        elif i < len(tokens) and tokens[i] == ("word", "selected"):
            rules.append(selected(False))
        else:
            code = expect("ref")[2:-1]
            symbol = expect("op")
            value, kind = literal()
            if kind == "str" and value == "":
                if symbol == "!=":
                    rules.append({"question": code, "op": "answered"})
                elif symbol == "=":
                    rules.append({"question": code, "op": "not_answered"})
                else:
                    raise RelevantSyntaxError(expression)
            else:
                op = {"=": "equals", "!=": "not_equals", ">": "gt", ">=": "ge", "<": "lt", "<=": "le"}[symbol]
                rules.append({"question": code, "op": op, "value": value})
        if i == len(tokens):
            break
        joiners.add(expect("word"))
        if joiners - {"and", "or"} or len(joiners) > 1:
            raise RelevantSyntaxError(expression)
    return {"match": "any" if joiners == {"or"} else "all", "rules": rules}
