"""Running behind a proxy: ProxyFix for the configured number of proxies, JSON-lines logs, request ids.

nginx passes its ``$request_id`` as ``X-Request-ID``; the app keeps it (or makes one), returns it
on the response, and puts it on every log line written while handling the request, so one id
follows a request through the proxy's access log and the app's log. Log lines hold no client
addresses, e-mail addresses or form contents.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

access_log = logging.getLogger("dialog.access")
access_log.setLevel(logging.INFO)


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and extras."""

    EXTRAS = ("method", "path", "status", "ms", "endpoint")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id
        for key in self.EXTRAS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(fmt: str) -> None:
    """Root logging: plain text (development) or JSON lines (production), with request ids."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_dialog", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler._dialog = True
        handler.addFilter(RequestIdFilter())
        for old in list(root.handlers):
            if isinstance(old, logging.StreamHandler) and not getattr(old, "_dialog", False):
                root.removeHandler(old)
        root.addHandler(handler)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root.setLevel(logging.INFO)


def init_production(app: Flask) -> None:
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    if not app.testing:
        configure_logging(app.config.get("LOG_FORMAT", "text"))

    @app.before_request
    def _request_id():
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        response.headers.setdefault(REQUEST_ID_HEADER, g.get("request_id", ""))
        if app.config.get("ACCESS_LOG", True) and request.endpoint != "static":
            started = g.get("request_started")
            # The route, not the path: paths hold receipt codes and sign-in tokens.
            route = request.url_rule.rule if request.url_rule is not None else "-"
            access_log.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": route,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                    "endpoint": request.endpoint,
                },
            )
        return response
