"""A client for a self-hosted LibreTranslate server (``TRANSLATE_URL``), over its HTTP API.

``GET /languages`` answers ``[{"code": "ar", "name": "Arabic", "targets": ["en", "sv", …]}, …]``;
``POST /translate`` takes ``{"q": text or [texts], "source": "ar", "target": "sv",
"format": "text", "api_key": …}`` and answers ``{"translatedText": text or [texts]}``, or an
error status with ``{"error": "…"}`` (400 for a bad request or a language it lacks, 403 for a
wrong key, 429 when it is busy, 500 when translating failed).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

from .backend import TranslationError, Unavailable, Unsupported

#: Seconds a fetched list of languages is trusted before it is asked for again.
LANGUAGES_TTL = 300


class LibreTranslateClient:
    name = "libretranslate"

    def __init__(self, url: str, *, api_key: str | None = None, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._pairs: set[tuple[str, str]] | None = None
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    # --- the API --------------------------------------------------------------------------

    def languages(self) -> list[dict]:
        """The server's languages and, for each, the languages it translates into."""
        answer = self._call("GET", "/languages")
        if not isinstance(answer, list):
            raise Unavailable("unexpected /languages answer")
        return answer

    def pairs(self) -> set[tuple[str, str]]:
        with self._lock:
            if self._pairs is None or time.monotonic() - self._fetched_at > LANGUAGES_TTL:
                pairs = set()
                for language in self.languages():
                    code = language.get("code")
                    for target in language.get("targets") or []:
                        pairs.add((code, target))
                self._pairs, self._fetched_at = pairs, time.monotonic()
            return self._pairs

    def supports(self, source: str, target: str) -> bool:
        return (source, target) in self.pairs()

    def known_support(self, source: str, target: str) -> bool | None:
        pairs = self._pairs
        return None if pairs is None else (source, target) in pairs

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        if not self.supports(source, target):
            raise Unsupported(f"{source}->{target}")
        payload = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        try:
            answer = self._call("POST", "/translate", payload)
        except _BadRequest as error:
            # A 400 names the language it lacks ("sv is not supported"); our check above
            # used a list up to LANGUAGES_TTL old, so forget it.
            self._pairs = None
            raise Unsupported(str(error)) from error
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise Unavailable("unexpected /translate answer")
        return [str(t) for t in translated]

    # --- HTTP -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, payload: dict | None = None):
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — our own server
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            message = _error_text(error)
            if error.code == 400:
                raise _BadRequest(message) from error
            if error.code == 403:
                raise TranslationError(f"refused: {message}") from error
            raise Unavailable(f"HTTP {error.code}: {message}") from error
        except (OSError, ValueError) as error:  # refused, reset, timed out, not JSON
            raise Unavailable(str(error)) from error


class _BadRequest(TranslationError):
    pass


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode("utf-8")).get("error", ""))[:200]
    except (OSError, ValueError, AttributeError):
        return ""
