"""Right-to-left text reads right: every catalogue message, rendered in Arabic and Persian with
Latin values in its placeholders (names, codes, URLs, e-mails, file names), inside an RTL page and
from Python (flash messages, e-mails), has each value isolated; ranges, dates, URLs and file
names written in the catalogue's own text are isolated left-to-right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale, gettext, ngettext

from dialog.i18n.isolation import FSI, LRI, PDI

CATALOGUES = Path(__file__).resolve().parent.parent / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
LATIN = "https://dialog.example/x.ics"
#: What must be isolated when a catalogue's own text holds it.
LATIN_IN_TEXT = re.compile(r"https?://\S+|\.(?:ics|csv|xlsx|xls|json)\b|\d+(?:[–\-:/]\d+)+")


def messages():
    with open(CATALOGUES / "sv" / "LC_MESSAGES" / "messages.po", encoding="utf-8") as po:
        catalogue = read_po(po)
    for message in catalogue:
        if message.id:
            yield message.id


def values_for(text: str) -> dict:
    found = {name: (7 if kind == "d" else f"{LATIN}?{name}") for name, kind in PLACEHOLDER.findall(text)}
    found.pop("num", None)  # ngettext's own count
    return found


@pytest.fixture
def rtl_request(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_every_message_isolates_what_is_put_into_it(rtl_request, language):
    checked = 0
    template = "<html dir=rtl><p>{{ _(msgid, **values) }}</p><p>{{ ngettext(s, p, 2, **values) }}</p></html>"
    with force_locale(language):
        for msgid in messages():
            plural = isinstance(msgid, tuple)
            text = msgid[0] + msgid[1] if plural else msgid
            values = values_for(text)
            strings = {k: v for k, v in values.items() if isinstance(v, str)}
            if not strings:
                continue
            python = ngettext(msgid[0], msgid[1], 2, **values) if plural else gettext(msgid, **values)
            page = render_template_string(
                template,
                msgid="x" if plural else msgid,
                s=msgid[0] if plural else "x",
                p=msgid[1] if plural else "x",
                values=values,
            )
            for value in strings.values():
                if value in python:
                    assert f"{FSI}{value}{PDI}" in python, (language, msgid)
                escaped = value.replace("&", "&amp;")
                if escaped in page:
                    assert f"{FSI}{escaped}{PDI}" in page, (language, msgid)
            checked += 1
    assert checked > 100  # every message with a text placeholder (144 today)


def test_left_to_right_languages_are_left_alone(rtl_request):
    with force_locale("sv"):
        assert FSI not in gettext("Table %(number)d", number=3) + gettext(
            "The name “%(name)s” becomes “%(code)s”.", name="a", code="b"
        )


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_ranges_dates_urls_and_file_names_in_the_catalogue_are_isolated(language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", encoding="utf-8") as po:
        catalogue = read_po(po)
    bare = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for text in strings:
            for match in LATIN_IN_TEXT.finditer(text or ""):
                before = text[: match.start()]
                if before.count(LRI) + before.count(FSI) <= before.count(PDI):
                    bare.append((message.id, match.group(0)))
    assert bare == [], bare[:10]
    nested = [m.id for m in catalogue if m.id and re.search(f"{LRI}[^{PDI}]*{LRI}", str(m.string))]
    assert nested == [], nested[:5]


def test_age_bands_read_left_to_right_in_a_page(client):
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    with force_locale("ar"):
        assert gettext("18–29") == f"{LRI}18–29{PDI}"
