"""Argos Translate in process, used when ``argostranslate`` and its language models are installed.

Models are installed on the machine beforehand (``argospm install translate-ar_en`` …); this
back end never downloads anything. Argos translates through English where a direct model is
missing, as LibreTranslate (which runs on Argos) does.
"""

from __future__ import annotations

import importlib.util

from .backend import Unavailable, Unsupported


def argos_available() -> bool:
    return importlib.util.find_spec("argostranslate") is not None


class ArgosTranslator:
    name = "argos"

    def _languages(self) -> dict:
        # local: argostranslate is optional (argos_available) and slow to load
        from argostranslate import translate as argos_translate

        return {language.code: language for language in argos_translate.get_installed_languages()}

    def _translation(self, source: str, target: str):
        languages = self._languages()
        if source not in languages or target not in languages:
            return None
        return languages[source].get_translation(languages[target])

    def supports(self, source: str, target: str) -> bool:
        return self._translation(source, target) is not None

    def known_support(self, source: str, target: str) -> bool | None:
        return None  # reading the installed models is left to the jobs

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        translation = self._translation(source, target)
        if translation is None:
            raise Unsupported(f"{source}->{target}")
        try:
            return [translation.translate(text) for text in texts]
        except Exception as error:  # noqa: BLE001 — a model failure must not lose the contribution
            raise Unavailable(str(error)) from error
