"""Receipt codes: short, unambiguous, easy to read aloud or copy from a phone (e.g. K7F-3QX-9M)."""

from __future__ import annotations

import re
import secrets

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
