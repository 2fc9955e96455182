"""Languages: which one a request gets, its direction, and staff text stored per language.

Locale order: an explicit choice (cookie set by the language switcher) → the signed-in
user's profile → the browser's Accept-Language → Swedish.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.dates import get_datetime_format
from flask import has_request_context, request
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

#: UI languages in the order the switcher shows them, with their own names (autonyms).
LANGUAGES: dict[str, str] = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "fa": "فارسی",
}
#: The languages' names in the reader's language, for sentences ("the original in Arabic").
LANGUAGE_NAMES = {
    "sv": _l("Swedish"),
    "en": _l("English"),
    "ar": _l("Arabic"),
    "so": _l("Somali"),
    "fa": _l("Persian"),
}
DEFAULT_LANGUAGE = "sv"
RTL_LANGUAGES = frozenset({"ar", "fa"})
LANGUAGE_COOKIE = "dialog_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    """Return the language code for the current request (Swedish outside one: a job, a command)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def remember_language(response, code: str):
    """Keep the chosen language in a cookie (the switcher, the profile and login all use it)."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )
    return response


def language_name(code: str | None) -> str:
    """A language's name in the current UI language ("arabiska" on a Swedish page)."""
    return str(LANGUAGE_NAMES.get(code or "", code or ""))


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def text_direction(language: str | None = None) -> str:
    """Return ``rtl`` or ``ltr`` for a language (the current one by default)."""
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def date_and_time(value) -> str:
    """A meeting's date and clock time as the reader's language writes them ("4 nov. 2026 19:00",
    "2026/11/04، 7:00 م"): Babel's medium date-time shows the seconds, which nobody needs."""
    if value is None:
        return ""
    glue = get_datetime_format("medium", locale=get_locale())
    return glue.replace("{1}", format_date(value, "medium")).replace("{0}", format_time(value, "short"))


def list_comma() -> str:
    """What separates the items of a list on the page: Arabic and Persian have a comma of their own."""
    return "\u060c " if current_language() in RTL_LANGUAGES else ", "


def translated(value: Mapping[str, str] | None, language: str | None = None) -> str:
    """Read a per-language text map: requested language → Swedish → first non-empty.

    Staff-written text (titles, descriptions, questions) is stored as ``{"sv": ..., "ar": ...}``.
    """
    if not value:
        return ""
    language = language or current_language()
    for code in (language, DEFAULT_LANGUAGE):
        text = value.get(code)
        if text:
            return text
    for code in LANGUAGES:
        if value.get(code):
            return value[code]
    return next((text for text in value.values() if text), "")


def translated_language(value: Mapping[str, str] | None, language: str | None = None) -> str:
    """Return the language code that :func:`translated` actually used (for ``lang`` attributes)."""
    if not value:
        return language or current_language()
    language = language or current_language()
    for code in (language, DEFAULT_LANGUAGE, *LANGUAGES):
        if value.get(code):
            return code
    return language
