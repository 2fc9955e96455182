"""Counts read right: every message that counts something goes through ``ngettext``, and every
plural form in Arabic (6 forms), Somali (2) and Persian (1) reads with the number in it.

Two checks: the compiled catalogues render every plural message for n = 0, 1, 2, 5, 11 and 100;
and a static check over ``messages.pot`` flags a plain (non-plural) message that puts a number
before a word, which is how a count ends up without its plural forms ("%(n)s answers")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"
COUNTS = (0, 1, 2, 5, 11, 100)
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def _catalogue(language: str):
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def _compiled(language: str) -> Translations:
    """The catalogue compiled as ``pybabel compile`` does, in memory (so a stale .mo file on
    disk cannot hide or fake a fault)."""
    mo = io.BytesIO()
    write_mo(mo, _catalogue(language))
    mo.seek(0)
    return Translations(mo)


def _plural_messages():
    with (CATALOGUES / "messages.pot").open("rb") as pot:
        return [m.id for m in read_po(pot) if isinstance(m.id, tuple)]


def _single_value_forms(translations: Translations) -> set[int]:
    """Plural forms that only ever stand for one number (Arabic's forms for 0, 1 and 2): there
    the word itself says the number ("مكانان", two places), so the digit may be left out."""
    numbers_by_form: dict[int, set[int]] = {}
    for n in range(0, 1000):
        numbers_by_form.setdefault(translations.plural(n), set()).add(n)
    return {form for form, numbers in numbers_by_form.items() if len(numbers) == 1}


def test_there_are_plural_messages_to_check():
    assert len(_plural_messages()) >= 60


@pytest.mark.parametrize("language", ["ar", "so", "fa"])
def test_every_plural_form_reads_with_its_number(language):
    translations = _compiled(language)
    may_leave_out_the_digit = _single_value_forms(translations)
    faults = []
    for singular, plural in _plural_messages():
        kinds = dict(PLACEHOLDER.findall(singular + plural))
        # The count is ``num`` (ngettext's own), or the one %d of WTForms' messages (``max``).
        numeric = [name for name, kind in kinds.items() if kind == "d"]
        count = "num" if "num" in kinds else (numeric[0] if len(numeric) == 1 else None)
        others = {name: (4321 if kind == "d" else f"«{name}»") for name, kind in kinds.items() if name != count}
        for n in COUNTS:
            values = {**others, **({count: n} if count else {}), "num": n}
            template = translations.ungettext(singular, plural, n)
            if template in (singular, plural):
                faults.append((n, singular, "not translated"))
                continue
            try:
                text = template % values
            except (KeyError, ValueError, TypeError) as error:
                faults.append((n, singular, f"does not format: {error!r}"))
                continue
            if not text.strip():
                faults.append((n, singular, "empty"))
            if count and str(n) not in text and translations.plural(n) not in may_leave_out_the_digit:
                faults.append((n, singular, f"no {n} in {text!r}"))
            for name, value in others.items():
                if str(value).strip("«»") not in text.replace("«", "").replace("»", ""):
                    faults.append((n, singular, f"%({name}) is lost"))
    assert faults == [], faults[:10]


def test_arabic_uses_all_six_forms():
    """n = 0, 1, 2, 5, 11 and 100 fall in Arabic's six plural forms, one each."""
    assert _catalogue("ar").num_plurals == 6
    translations = _compiled("ar")
    assert sorted(translations.plural(n) for n in COUNTS) == [0, 1, 2, 3, 4, 5]


def test_the_app_renders_a_count_in_arabic(app):
    """Through Flask-Babel in a request, as a page does: eleven answers, not the plural for 100."""
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("ar"):
        eleven = render_template_string("{{ ngettext('%(num)s answer', '%(num)s answers', 11) }}")
        hundred = render_template_string("{{ ngettext('%(num)s answer', '%(num)s answers', 100) }}")
    assert "11" in eleven and "100" in hundred
    assert eleven.replace("11", "") != hundred.replace("100", "")  # different forms of the noun


# --- the static check: no count outside ngettext ----------------------------------------------

#: A placeholder that holds a number: any ``%(…)d``, and ``%(…)s`` / ``{…}`` with a count's name.
COUNT_NAMES = (
    "n|num|count|number|total|min|max|months|minutes|seconds|days|hours|used|unused|placed|left|done|"
    "kept|due|position|items|people|answers"
)
NUMBER = re.compile(rf"%\(\w+\)d|%\((?:{COUNT_NAMES})\)s|\{{(?:{COUNT_NAMES})\}}")
#: A number followed by a word: "%(n)s answers", "%(months)d months ago".
NUMBER_THEN_WORD = re.compile(rf"({NUMBER.pattern})\s+([^\W\d_]+)")
#: Words after a number that count nothing (ranges: "from %(min)s to %(max)s", "between … and …").
NOT_A_NOUN = {"to", "and"}
#: A noun before the number makes it a label, not a count: "Table %(number)d has a new link".
LABEL = re.compile(
    r"(?:page|table|round|meeting|rule|step|sentence|time|number|story|contribution|question|q)\s*$", re.I
)

#: Plain messages with a number before a word, each with why it needs no plural forms.
ALLOWED = {
    # The SI symbol for seconds does not inflect in any of our languages.
    "Score %(score)s of at most %(bound)s (%(percent)s of the bound of the linear relaxation), "
    "found in %(seconds)s s.": "unit symbol",
    # "3 of 5": a ratio of two numbers, no noun is counted.
    "%(kept)s of %(due)s": "ratio",
    # WTForms' own message id, looked up by WTForms itself (dialog.core.form_messages); our forms
    # give their own plural messages for a range.
    "Field must be between %(min)d and %(max)d characters long.": "WTForms' own message",
    # A threshold: "groups smaller than 5 are hidden" counts no noun.
    "Anonymous answers: %(n)s. Groups smaller than %(min)s are hidden.": "threshold",
    "Anonymous answers: not shown, so that a small group cannot be worked out from the total. "
    "Groups smaller than %(min)s are hidden.": "threshold",
}


def counts_outside_ngettext(msgids) -> list[tuple[str, str]]:
    flagged = []
    for msgid in msgids:
        if isinstance(msgid, tuple) or msgid in ALLOWED:
            continue
        for match in NUMBER_THEN_WORD.finditer(msgid):
            if match.group(2).lower() in NOT_A_NOUN or LABEL.search(msgid[: match.start()]):
                continue
            flagged.append((msgid, match.group(0)))
    return flagged


def test_the_static_check_finds_a_count_outside_ngettext():
    assert counts_outside_ngettext(["%(n)s answers", "About %(minutes)d minutes", "{count} organisations"]) == [
        ("%(n)s answers", "%(n)s answers"),
        ("About %(minutes)d minutes", "%(minutes)d minutes"),
        ("{count} organisations", "{count} organisations"),
    ]
    assert counts_outside_ngettext(["Table %(number)d has a new link", "Page %(n)s of %(total)s"]) == []
    assert counts_outside_ngettext([("%(num)d answer", "%(num)d answers")]) == []


def test_no_message_counts_outside_ngettext():
    with (CATALOGUES / "messages.pot").open("rb") as pot:
        msgids = [m.id for m in read_po(pot) if m.id]
    assert counts_outside_ngettext(msgids) == []


def test_every_allowed_message_still_exists():
    """The allow-list only holds messages that are there, so it cannot hide a new one by name."""
    with (CATALOGUES / "messages.pot").open("rb") as pot:
        msgids = {m.id for m in read_po(pot) if m.id}
    assert set(ALLOWED) <= msgids
