"""Find text that looks like personal data or abuse, so it is held for a moderator.

Each finding carries its span, so the moderator sees the match highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Finding:
    kind: str  # "personnummer", "samordningsnummer", "phone", "email", "abuse"
    start: int
    end: int
    text: str


# 6 or 8 date digits, optional - or + separator, 4 digits; not part of a longer number.
_PERSONNUMMER = re.compile(r"(?<![\d-])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{4})(?![\d])")
# Swedish numbers: +46 / 0046 / 0 then 7–9 more digits, spaces or dashes between groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[\s\-]?(?:\(0\))?(?:\d[\s\-]?){6,9}\d(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _valid_date(yy: str, mm: str, dd: str, century: str | None) -> tuple[bool, bool]:
    """Return (is a valid date, is a samordningsnummer day (day + 60))."""
    day = int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    year = int((century or "19") + yy)
    try:
        date(year if century else 2000, int(mm), day)  # leap years: 2000 accepts 29 Feb
    except ValueError:
        return False, False
    return True, coordination


def find_personal_numbers(text: str) -> list[Finding]:
    findings = []
    for match in _PERSONNUMMER.finditer(text):
        century, yy, mm, dd, _sep, tail = match.groups()
        if century and century not in ("18", "19", "20"):
            continue
        valid, coordination = _valid_date(yy, mm, dd, century)
        if not valid or not luhn_ok(yy + mm + dd + tail):
            continue
        kind = "samordningsnummer" if coordination else "personnummer"
        findings.append(Finding(kind, match.start(), match.end(), match.group(0)))
    return findings


def find_phone_numbers(text: str) -> list[Finding]:
    findings = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        national = digits[2:] if digits.startswith("46") else digits.lstrip("0")
        if digits.startswith("0046"):
            national = digits[4:]
        if 7 <= len(national) <= 9:
            findings.append(Finding("phone", match.start(), match.end(), match.group(0)))
    return findings


def find_emails(text: str) -> list[Finding]:
    return [Finding("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]


#: A small list per language of words that send a text for review (not a blocklist:
#: a person reads it before anything is decided).
ABUSIVE_WORDS = {
    "sv": ["idiot", "idioter", "jävla", "fitta", "hora", "knulla", "neger", "blatte", "blattar", "cp"],
    "en": ["idiot", "fuck", "fucking", "bitch", "cunt", "retard", "nigger"],
    "ar": ["حمار", "كلب", "غبي", "عاهرة", "حقير"],
    "so": ["doqon", "nacas", "dameer", "eey"],
    "fa": ["احمق", "کثافت", "حرومزاده", "جنده", "الاغ"],
}
_ABUSE = {
    lang: re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
    for lang, words in ABUSIVE_WORDS.items()
}


def find_abuse(text: str) -> list[Finding]:
    findings = []
    for pattern in _ABUSE.values():
        findings += [Finding("abuse", m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    return findings


def find_personal_data(text: str) -> list[Finding]:
    """Personnummer/samordningsnummer (valid check digit), phone numbers, e-mail addresses."""
    found = find_personal_numbers(text)
    taken = [(f.start, f.end) for f in found]
    for finding in find_phone_numbers(text) + find_emails(text):
        if not any(s < finding.end and finding.start < e for s, e in taken):
            found.append(finding)
            taken.append((finding.start, finding.end))
    return sorted(found, key=lambda f: f.start)


def scan(text: str) -> tuple[list[Finding], list[Finding]]:
    """Return (personal data findings, abuse findings) for a text."""
    return find_personal_data(text), find_abuse(text)
