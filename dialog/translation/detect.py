"""The language of a text staff wrote (a note, a reason): staff write in whatever language they like.

Detected offline with lingua among our five languages, as the summaries detect the language of
contributions whose source let the author choose none (``dialog.summaries.themes``; that layer sits
above this one, so the detector is built here too). A short text ("OK", "klart") is uncertain: then
the writer's own language decides.
"""

from __future__ import annotations

from functools import lru_cache

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

#: Below this confidence the detection is a guess and the writer's language is taken instead.
CONFIDENT = 0.6


@lru_cache(maxsize=1)
def _detector():
    # Imported here: lingua loads its models on first use, which only translation jobs need.
    from lingua import Language, LanguageDetectorBuilder

    languages = {
        "sv": Language.SWEDISH,
        "en": Language.ENGLISH,
        "ar": Language.ARABIC,
        "so": Language.SOMALI,
        "fa": Language.PERSIAN,
    }
    detector = LanguageDetectorBuilder.from_languages(*languages.values()).build()
    return detector, {v: k for k, v in languages.items()}


def written_language(text: str, writer_language: str | None = None) -> str:
    """The language ``text`` is written in, one of ours; ``writer_language`` when unsure."""
    fallback = writer_language if writer_language in LANGUAGES else DEFAULT_LANGUAGE
    detector, codes = _detector()
    values = detector.compute_language_confidence_values(text)
    if not values:
        return fallback
    best = values[0]
    code = codes.get(best.language)
    if code is None or best.value < CONFIDENT:
        return fallback
    return code
