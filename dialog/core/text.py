"""Text helpers: escaping resident text, sanitising the little rich text staff write."""

from __future__ import annotations

import re
from html import unescape

import bleach
from markupsafe import Markup, escape

#: The only markup staff text may carry. Kept tight on purpose.
ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitize_html(html: str | None) -> Markup:
    """Clean staff rich text with bleach. The one place to swap the sanitiser."""
    cleaned = bleach.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return Markup(bleach.linkify(cleaned, callbacks=[bleach.callbacks.nofollow]))


def nl2br(text: str | None) -> Markup:
    """Escape plain text first, then turn line breaks into ``<br>``."""
    escaped = escape(text or "")
    return Markup("<br>\n".join(escaped.split("\n")))


def strip_control_chars(text: str | None) -> str:
    """Drop control characters (keeping tab and newlines) and normalise line endings."""
    if text is None:
        return ""
    return _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def slugify(text: str) -> str:
    """Make a URL slug that keeps Swedish letters readable (å→a, ä→a, ö→o)."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    text = text.lower().translate(table)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_BLOCK_END = re.compile(r"</(p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html: str | None) -> str:
    """Staff rich text as plain text for e-mails: blocks on their own lines, tags dropped."""
    with_breaks = _BLOCK_END.sub("\n", html or "")
    with_bullets = re.sub(r"<li[^>]*>", "• ", with_breaks, flags=re.IGNORECASE)
    text = bleach.clean(with_bullets, tags=set(), strip=True)
    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()
