"""Notice form fields that arrived as invalid UTF-8.

Werkzeug keeps undecodable percent-escapes as literal text ("%FF"), which would be stored
as if the person had typed it. We check the raw body once and let validators report it.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, unquote_to_bytes

from flask import g, request

MAX_CHECKED_BODY = 2_000_000


def _invalid_utf8_fields() -> set[str]:
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return set()
    if (request.content_length or 0) > MAX_CHECKED_BODY:
        return set()
    bad = set()
    for pair in request.get_data(cache=True).split(b"&"):
        name, _, value = pair.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            bad.add(unquote_plus(name.decode("latin-1")))
    return bad


def remember_invalid_utf8() -> None:
    """Run before anything parses the form (parsing consumes the raw body)."""
    g.invalid_utf8_fields = _invalid_utf8_fields()


def field_had_invalid_utf8(name: str) -> bool:
    return name in g.get("invalid_utf8_fields", ())
