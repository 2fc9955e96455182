"""Split long text at sentence boundaries so each piece fits what a back end accepts."""

from __future__ import annotations

import hashlib
import re

#: After ., !, ?, the Arabic question mark, the Persian/Urdu full stop, or a line break.
_BOUNDARY = re.compile(r"(?<=[.!?\u061f\u06d4\u3002])\s+|\n+")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after sentences (words, if one is longer)."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _BOUNDARY.split(text) if s and s.strip()):
        for part in _words(sentence, limit):
            candidate = f"{current} {part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def _words(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts, current = [], ""
    for word in sentence.split():
        while len(word) > limit:  # one "word" longer than the limit: cut it hard
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = word
    if current:
        parts.append(current)
    return parts


def text_hash(*parts: str | None) -> str:
    """A stable hash of the text to translate; a changed text gets a new hash."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
