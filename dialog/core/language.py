"""The language a text is written in, among our five, detected offline with lingua.

One detector serves every layer: the summaries detect the language of contributions whose source
let the author choose none, and translation the language of what staff wrote (a note, a reason;
staff write in whatever language they like). It lives here, below both.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

#: Below this confidence the detection is a guess and the writer's language is taken instead.
CONFIDENT = 0.6


@lru_cache(maxsize=1)
def _detector():
    """The detector over our languages, with its models loaded once (the summaries detect in bulk)."""
    languages = {code: Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in LANGUAGES}
    detector = LanguageDetectorBuilder.from_languages(*languages.values()).with_preloaded_language_models().build()
    return detector, {language: code for code, language in languages.items()}


def detect_languages(texts: list[str]) -> list[str | None]:
    """The language of each text among the five, or None when it cannot tell."""
    if not texts:
        return []
    detector, codes = _detector()
    found = detector.detect_languages_in_parallel_of(texts)
    return [codes.get(language) if language is not None else None for language in found]


def written_language(text: str, writer_language: str | None = None) -> str:
    """The language ``text`` is written in, one of ours; ``writer_language`` when unsure.

    A short text ("OK", "klart") is uncertain: then the writer's own language decides."""
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
