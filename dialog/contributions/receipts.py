"""Receipt codes: short, unambiguous, easy to read aloud or copy from a phone (e.g. K7F-3QX-9M)."""

from __future__ import annotations

import re
import secrets

from flask import current_app, request, session

from ..extensions import limiter

#: No 0/O, 1/I/L, 5/S, 2/Z, 8/B: letters and digits people confuse are left out.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8
_GROUPS = (3, 3, 2)


def new_receipt_code() -> str:
    """A random 8-character code from a 25-letter alphabet (about 1.5e11 codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_receipt_code(code: str) -> str:
    parts, start = [], 0
    for size in _GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(p for p in parts if p)


def normalise_receipt_code(typed: str) -> str | None:
    """Turn what a person typed (any case, spaces, dashes) into a stored code, or None."""
    code = re.sub(r"[\s\-–—_.]", "", typed or "").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


#: Session key of the receipt codes this browser was just given.
RECEIVED_KEY = "received_receipts"
#: How many of them are kept (a person who sends several ideas in a row sees every code).
RECEIVED_KEPT = 5


def remember_received(code: str) -> None:
    """Note in the session that this browser was just given ``code`` (after sending)."""
    normal = normalise_receipt_code(code)
    if normal:
        kept = [c for c in session.get(RECEIVED_KEY, []) if isinstance(c, str) and c != normal]
        session[RECEIVED_KEY] = (kept + [normal])[-RECEIVED_KEPT:]


def just_received(code: str | None) -> bool:
    """Whether this browser was given ``code`` itself: showing it again is no guess."""
    normal = normalise_receipt_code(code or "")
    return bool(normal) and normal in session.get(RECEIVED_KEY, [])


def receipt_lookup_limit():
    """Guessing protection on the pages that look a contribution up by its code (one count per
    address across them, ``RECEIPT_LOOKUP_LIMIT``), except for the codes this browser was just given."""
    return limiter.shared_limit(
        lambda: current_app.config["RECEIPT_LOOKUP_LIMIT"],
        "receipt-lookup",
        exempt_when=lambda: just_received((request.view_args or {}).get("code")),
    )
