"""A small LibreTranslate-compatible server for the tests and the benchmark (a real HTTP server).

It speaks LibreTranslate's API: ``GET /languages`` → ``[{"code", "name", "targets"}]``;
``POST /translate`` with JSON or form fields ``q`` (a text or a list), ``source`` (a code or
``auto``), ``target``, ``format``, ``api_key`` → ``{"translatedText": …}`` (plus
``detectedLanguage`` for ``auto``), or ``{"error": …}`` with 400 (bad request, unknown
language, text over the limit), 429 or 500. Output is deterministic: known sentences and
words from a small glossary, anything else marked with the target language. It has no
Somali, like many LibreTranslate installations, so "no machine translation" is exercised.

Run it alone with ``python -m tests.libretranslate_stub [port]``.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = {"sv": "Swedish", "en": "English", "ar": "Arabic", "fa": "Persian"}

#: Whole sentences the browser test and the demo use, translated by a person.
SENTENCES = {
    ("ar", "sv"): {
        "ملعب أفضل للأطفال في باكا": "En bättre lekplats för barnen i Backa",
        "نحتاج إلى إضاءة في الطريق إلى المدرسة، فالأطفال يخافون في الشتاء.": (
            "Vi behöver belysning på vägen till skolan, barnen är rädda på vintern."
        ),
    },
    ("sv", "ar"): {
        "Tack för idén. Vi sätter upp belysning på skolvägen i vår.": (
            "شكراً على الفكرة. سنركّب إضاءة على طريق المدرسة هذا الربيع."
        ),
    },
}
#: Words, for text the sentences do not cover (and for the search tests).
WORDS = {
    ("ar", "sv"): {"حديقة": "park", "ملعب": "lekplats", "مدرسة": "skola", "إضاءة": "belysning", "أطفال": "barn"},
    ("fa", "sv"): {"پارک": "park", "مدرسه": "skola", "امنیت": "trygghet"},
    ("sv", "ar"): {"tack": "شكراً", "park": "حديقة"},
    ("en", "sv"): {"park": "park", "school": "skola", "light": "ljus"},
}


def translate_text(text: str, source: str, target: str) -> str:
    if source == target:
        return text
    known = SENTENCES.get((source, target), {}).get(text.strip())
    if known:
        return known
    words = WORDS.get((source, target), {})
    if words and any(w in words for w in re.findall(r"\w+", text.lower())):
        return re.sub(r"\w+", lambda m: words.get(m.group(0).lower(), m.group(0)), text)
    return f"[{target}] {text}"


class Stub(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0):
        super().__init__(("127.0.0.1", port), Handler)
        #: Seconds every answer waits (a slow server).
        self.latency = 0.0
        #: Answer this many /translate calls with 500 before working again.
        self.fail_next = 0
        #: Answer every call with 503 (a server that is there but broken).
        self.down = False
        #: Characters per request, as LibreTranslate's --char-limit (-1: none).
        self.char_limit = -1
        #: Every text received by /translate, in order (to check what left the app).
        self.received: list[str] = []
        self.translate_calls = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        self.latency, self.fail_next, self.down, self.char_limit = 0.0, 0, False, -1
        with self._lock:
            self.received.clear()
            self.translate_calls = 0

    def start(self) -> Stub:
        threading.Thread(target=self.serve_forever, name="libretranslate-stub", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: Stub
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet in test output
        pass

    def _answer(self, status: int, body) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        if self.server.latency:
            time.sleep(self.server.latency)
        if self.server.down:
            return self._answer(503, {"error": "Service unavailable"})
        if self.path.split("?")[0] != "/languages":
            return self._answer(404, {"error": "Not found"})
        self._answer(
            200,
            [
                {"code": code, "name": name, "targets": [t for t in LANGUAGES if t != code]}
                for code, name in LANGUAGES.items()
            ],
        )

    def _params(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            return json.loads(raw or "{}")
        form = urllib.parse.parse_qs(raw)
        return {k: v[0] for k, v in form.items()}

    def do_POST(self):  # noqa: N802
        try:
            params = self._params()
        except ValueError:
            return self._answer(400, {"error": "Invalid request"})
        server = self.server
        if server.latency:
            time.sleep(server.latency)
        if self.path != "/translate":
            return self._answer(404, {"error": "Not found"})
        if server.down:
            return self._answer(503, {"error": "Service unavailable"})
        with server._lock:
            server.translate_calls += 1
            if server.fail_next > 0:
                server.fail_next -= 1
                return self._answer(500, {"error": "Cannot translate text: model crashed"})
        q, source, target = params.get("q"), params.get("source"), params.get("target")
        if q is None or q == "":
            return self._answer(400, {"error": "Invalid request: missing q parameter"})
        if not source:
            return self._answer(400, {"error": "Invalid request: missing source parameter"})
        if not target:
            return self._answer(400, {"error": "Invalid request: missing target parameter"})
        texts = q if isinstance(q, list) else [q]
        size = sum(len(t) for t in texts)
        if 0 <= server.char_limit < size:
            return self._answer(
                400, {"error": f"Invalid request: request ({size}) exceeds text limit ({server.char_limit})"}
            )
        detected = None
        if source == "auto":
            source = "ar" if re.search(r"[\u0600-\u06ff]", " ".join(texts)) else "en"
            detected = {"confidence": 90.0, "language": source}
        if source not in LANGUAGES:
            return self._answer(400, {"error": f"{source} is not supported"})
        if target not in LANGUAGES:
            return self._answer(400, {"error": f"{target} is not supported"})
        with server._lock:
            server.received.extend(texts)
        out = [translate_text(t, source, target) for t in texts]
        body = {"translatedText": out if isinstance(q, list) else out[0]}
        if detected:
            body["detectedLanguage"] = [detected] * len(texts) if isinstance(q, list) else detected
        self._answer(200, body)


if __name__ == "__main__":
    stub = Stub(int(sys.argv[1]) if len(sys.argv) > 1 else 5001)
    print(f"LibreTranslate stub on {stub.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        stub.serve_forever()
