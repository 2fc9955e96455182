"""Key terms read the same everywhere: every msgid that uses a term of translations/glossary.csv
has the glossary's rendering (or an inflected form of it) in each language, the rendering of
another term does not stand in for it (Somali "maamule" is the administrator, not the
moderator), and renderings the glossary forbids ("qarsoodi", secret, for anonymous) are gone."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dialog.i18n import LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
GLOSSARY = TRANSLATIONS / "glossary.csv"
KEY_TERMS = (
    "theme group",
    "contribution",
    "café dialogue",
    "trust dialogue",
    "survey",
    "receipt code",
    "matchmaking round",
    "collaboration",
    "moderator",
    "administrator",
    "anonymous",
    "link",
    "theme",
    "topic",
    "district",
    "neighbourhood",
    "area",
    "rule",
    "condition",
    "present",
)


@cache
def glossary() -> dict[str, dict]:
    """{term: {"msgids": regex, "languages": {code: row}}}"""
    with GLOSSARY.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    terms: dict[str, dict] = {}
    for row in rows:
        term = terms.setdefault(row["term"], {"msgids": re.compile(row["msgids"], re.I), "languages": {}})
        term["languages"][row["language"]] = {
            "rendering": row["rendering"],
            "stems": re.compile(row["stems"], re.I),
            "not": [name for name in row["not"].split("|") if name],
            "forbidden": re.compile(row["forbidden"], re.I) if row["forbidden"] else None,
        }
    return terms


@cache
def catalogue(code: str):
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=code)


#: Messages where the English word is not the key term, with why.
NOT_THE_TERM = {
    ("link", "Send it without my name: do not link the story to my account"): "the verb",
    ("survey", "The survey, choices and settings sheets are read."): "XLSForm's sheet names",
}
PLACEHOLDER_OR_QUOTED = re.compile(r"%\(\w+\)[sd]|“[^”]*”")


def english(msgid) -> str:
    """The msgid's own words: placeholders ("%(area)s") and quoted names (the sheet “survey”)
    are not uses of a term."""
    text = " ".join(msgid) if isinstance(msgid, tuple) else msgid
    return PLACEHOLDER_OR_QUOTED.sub(" ", text)


def english_id(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def test_the_glossary_names_every_key_term_in_every_language():
    terms = glossary()
    assert set(KEY_TERMS) <= set(terms)
    for name, term in terms.items():
        assert set(term["languages"]) == set(LANGUAGES), name
        for row in term["languages"].values():
            assert row["rendering"] and row["stems"].search(row["rendering"]), (name, row["rendering"])
            assert set(row["not"]) <= set(terms), (name, row["not"])


def glossary_faults(code: str, messages) -> list[tuple[str, str, str]]:
    """(term, msgid, what is wrong) for every message that does not follow the glossary."""
    terms = glossary()
    faults = []
    for message in messages:
        if not message.id:
            continue
        msgid = english_id(message.id)
        words = english(message.id)
        used = {
            name for name, term in terms.items() if term["msgids"].search(words) and (name, msgid) not in NOT_THE_TERM
        }
        for name in used:
            row = terms[name]["languages"][code]
            for text in forms(message):
                if not row["stems"].search(text):
                    faults.append((name, msgid, f"no {row['rendering']!r} in {text!r}"))
                if row["forbidden"] and row["forbidden"].search(text):
                    faults.append((name, msgid, f"forbidden {row['forbidden'].pattern!r} in {text!r}"))
                # What the message's own terms account for is set aside first ("koox mawduuc",
                # theme group, holds the topic's word mawduuc).
                rest = text
                for own in used:
                    rest = terms[own]["languages"][code]["stems"].sub(" ", rest)
                for other in row["not"]:
                    if other in used:
                        continue
                    found = terms[other]["languages"][code]["stems"].search(rest)
                    if found:
                        faults.append((name, msgid, f"{other}'s {found.group(0)!r} in {text!r}"))
    return faults


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalogue_uses_the_glossary(code):
    faults = glossary_faults(code, catalogue(code))
    assert faults == [], f"{len(faults)} faults, e.g. {faults[:8]}"


def test_the_check_catches_a_wrong_term():
    """Somali's old renderings fail: "qarsoodi" (secret) for anonymous, "maamule" for moderator."""
    from babel.messages.catalog import Message

    old = [
        Message("Anonymous", "Qarsoodi"),
        Message("Hidden by a moderator: %(reason)s", "Waxaa qariyay maamule: %(reason)s"),
        Message("A recurring theme", "Mawduuc soo noqnoqda"),
    ]
    found = {(term, msgid) for term, msgid, _what in glossary_faults("so", old)}
    assert found == {
        ("anonymous", "Anonymous"),
        ("moderator", "Hidden by a moderator: %(reason)s"),
        ("theme", "A recurring theme"),
    }


@pytest.mark.parametrize(
    "code,column",
    [("sv", "Närvarande"), ("en", "Present"), ("ar", "حاضر"), ("so", "Goobjoog"), ("fa", "حاضر")],
)
def test_the_check_in_column_says_present(code, column):
    assert catalogue(code).get("Present").string == column
    assert catalogue(code).get("Here") is None  # the old msgid ("Här", "اینجا") is gone


def test_somali_writes_each_loanword_one_way():
    """kood (not koodh), kafee (kafeega), link (link-ga), taleefan (not telefoon): one spelling in the
    whole catalogue."""
    other_spellings = re.compile(r"\bkoodh|\bkafe(?:y|eyga)\b|\blinkig|\bIdéslussen\b|\btelefoon", re.I)
    found = [
        (message.id, text)
        for message in catalogue("so")
        if message.id
        for text in forms(message)
        if other_spellings.search(text)
    ]
    assert found == [], found[:5]
