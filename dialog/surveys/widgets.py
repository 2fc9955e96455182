"""Small helpers for the question macros (``templates/surveys/_questions.html``).

They used to be Jinja macros; a page of questions called them some seventy times, and a macro
call costs far more than a function call. The output is the same as the macros gave.
Registered as template globals by ``views.py`` (``survey_*``).
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Mapping
from weakref import WeakKeyDictionary

from markupsafe import Markup, escape

from ..i18n import text_direction, translated, translated_language

CHECKED = Markup(" checked")
SELECTED = Markup(" selected")
EMPTY = Markup("")


def text_attrs(value, lang=None) -> Markup:
    """``lang`` and ``dir`` of a per-language text in ``lang`` (None: the page language),
    which may have fallen back to another language."""
    code = translated_language(value, lang or None)
    return Markup('lang="%s" dir="%s"') % (code, text_direction(code))


def checked(state: Mapping, name: str, value) -> Markup:
    if state is PLACEHOLDERS:
        return _placeholder("c", name, value)
    return CHECKED if str(value) in state.get(name, ()) else EMPTY


def selected(state: Mapping, name: str, value) -> Markup:
    if state is PLACEHOLDERS:
        return _placeholder("s", name, value)
    return SELECTED if str(value) in state.get(name, ()) else EMPTY


def first(state: Mapping, name: str) -> Markup:
    """The first posted value of a field, escaped ("" when none)."""
    if state is PLACEHOLDERS:
        return _placeholder("f", name, "")
    return escape((state.get(name) or [""])[0])


def described(question, error, lang=None, extra=None) -> Markup:
    """``aria-describedby`` (help, ``extra``, error) and ``aria-invalid`` of a question's input."""
    ids = []
    if translated(question.help, lang or None):
        ids.append(f"q{question.id}-help")
    if extra:
        ids.append(extra)
    if error:
        ids.append(f"q{question.id}-error")
    html = Markup(' aria-describedby="%s"') % " ".join(ids) if ids else EMPTY
    if error:
        html += Markup(' aria-invalid="true"')
    return html


# --- The questions of a page, rendered once and filled in per request -------------------------
#
# What the questions look like depends only on the survey (the in-memory copy, replaced when
# the survey changes), the language, the page, which of its questions are shown and whether the
# area is asked; what differs per respondent is only which boxes are ticked and what is typed.
# So the page's questions are rendered once with markers where ``checked``, ``selected`` and
# ``first`` would look at the answers, and each request swaps the markers for its own answers.
# Pages with messages at questions are always rendered in full.


class _Placeholders(dict):
    """The ``state`` given to the macros when rendering with markers (always empty)."""


PLACEHOLDERS = _Placeholders()
#: Random per process, so no text written by staff or respondents can look like a marker.
_MARK = "\x00" + secrets.token_hex(6)
_MARKER = re.compile(re.escape(_MARK) + "([csf])([^\x00\x01]*)\x01([^\x00]*)\x00")
_ON = {"c": " checked", "s": " selected"}
MAX_PAGES_PER_SURVEY = 200

_pages: WeakKeyDictionary = WeakKeyDictionary()
_pages_lock = threading.Lock()


def _placeholder(kind: str, name: str, value) -> Markup:
    return Markup(f"{_MARK}{kind}{name}\x01{value}\x00")


def fill(template_html: str, state: Mapping) -> Markup:
    """The rendered questions with the markers replaced by this respondent's answers."""

    def replace(match: re.Match) -> str:
        kind, name, value = match.groups()
        if kind == "f":
            return str(escape((state.get(name) or [""])[0]))
        return _ON[kind] if value in state.get(name, ()) else ""

    return Markup(_MARKER.sub(replace, template_html))


def cached_page(survey, key: tuple, render: Callable[[], str]) -> str:
    """The questions of a page rendered with markers, kept with the survey's in-memory copy
    (so a changed survey, which is a new copy, starts afresh)."""
    with _pages_lock:
        pages = _pages.get(survey)
        if pages is None:
            pages = _pages[survey] = {}
        html = pages.get(key)
    if html is None:
        html = str(render())
        with _pages_lock:
            if len(pages) >= MAX_PAGES_PER_SURVEY:
                pages.clear()
            pages[key] = html
    return html


GLOBALS = {
    "survey_text_attrs": text_attrs,
    "survey_checked": checked,
    "survey_selected": selected,
    "survey_first": first,
    "survey_described": described,
}
