"""The translation interface every back end speaks, and the choice of back end from config."""

from __future__ import annotations

from typing import Protocol

from flask import Flask, current_app


class TranslationError(Exception):
    """Base for back-end failures."""


class Unsupported(TranslationError):
    """The back end has no model for this language pair: show "no machine translation"."""


class Unavailable(TranslationError):
    """The back end is down, slow or answered badly: keep the original, retry the job later."""


class Translator(Protocol):
    #: Short name stored with every translation ("libretranslate", "argos").
    name: str

    def supports(self, source: str, target: str) -> bool:
        """Whether the back end has a model from ``source`` to ``target``."""

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text; raise :class:`Unsupported` or :class:`Unavailable`."""

    def known_support(self, source: str, target: str) -> bool | None:
        """What is known without asking the server (pages never wait for it); None: unknown."""


_CACHE_KEY = "dialog.translator"


def get_translator(app: Flask | None = None) -> Translator | None:
    """The configured back end for this app, or None when machine translation is off."""
    app = app or current_app._get_current_object()
    if _CACHE_KEY not in app.extensions:
        app.extensions[_CACHE_KEY] = _build(app)
    return app.extensions[_CACHE_KEY]


def reset_translator(app: Flask) -> None:
    """Forget the built back end (tests change the configuration)."""
    app.extensions.pop(_CACHE_KEY, None)


def _build(app: Flask) -> Translator | None:
    choice = (app.config.get("TRANSLATE_BACKEND") or "").strip().lower()
    url = (app.config.get("TRANSLATE_URL") or "").strip()
    if choice == "argos":
        # local: argos imports the errors from this module (a cycle at import time)
        from .argos import ArgosTranslator, argos_available

        return ArgosTranslator() if argos_available() else None
    if url and choice in ("", "libretranslate"):
        # local: libretranslate imports the errors from this module (a cycle at import time)
        from .libretranslate import LibreTranslateClient

        return LibreTranslateClient(
            url,
            api_key=app.config.get("TRANSLATE_API_KEY") or None,
            timeout=float(app.config.get("TRANSLATE_TIMEOUT", 10)),
        )
    return None


def translation_enabled() -> bool:
    return get_translator() is not None
