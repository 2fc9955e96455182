"""Production mode: one trusted proxy, request ids passed on, JSON-lines logs without personal data."""

from __future__ import annotations

import json
import logging

from dialog import create_app
from dialog.config import TestConfig
from dialog.core.production import JsonFormatter, RequestIdFilter
from dialog.extensions import limiter


def _app(**overrides):
    saved = dict(limiter.__dict__)
    try:
        return create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", **overrides)
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


def test_exactly_one_proxy_is_trusted():
    app = _app(PROXY_COUNT=1, HEALTH_ALLOWED_NETWORKS="198.51.100.7")
    client = app.test_client()
    # nginx appends the address it saw; anything before it was written by the client.
    forwarded = {"X-Forwarded-For": "192.0.2.1, 198.51.100.7", "X-Forwarded-Proto": "https"}
    assert client.get("/healthz", headers=forwarded).status_code == 200
    spoofed = {"X-Forwarded-For": "198.51.100.7, 192.0.2.1"}
    assert client.get("/healthz", headers=spoofed).status_code == 404
    # Without ProxyFix the header is ignored: the address is the proxy's own.
    plain = _app(PROXY_COUNT=0, HEALTH_ALLOWED_NETWORKS="198.51.100.7").test_client()
    assert plain.get("/healthz", headers=forwarded).status_code == 404


def test_production_config_trusts_one_proxy_and_logs_json(monkeypatch):
    from dialog.config import ProductionConfig

    assert ProductionConfig.PROXY_COUNT == 1 and ProductionConfig.LOG_FORMAT == "json"


def test_the_request_id_from_nginx_is_kept_and_returned(client):
    response = client.get("/healthz", headers={"X-Request-ID": "3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7"})
    assert response.headers["X-Request-ID"] == "3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7"
    made = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert made != "<script>" and len(made) == 32


def test_log_lines_are_json_with_the_request_id_and_the_route_not_the_path(app):
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("dialog.access")
    access.addHandler(handler)
    app.config["ACCESS_LOG"] = True
    try:
        client = app.test_client()
        client.get("/account/reset/secret-token-value", headers={"X-Request-ID": "abcdef0123456789"})
    finally:
        app.config["ACCESS_LOG"] = False
        access.removeHandler(handler)
    [line] = lines
    entry = json.loads(line)
    assert entry["request_id"] == "abcdef0123456789"
    assert entry["path"] == "/account/reset/<token>" and entry["status"] == 400
    assert "secret-token-value" not in line


def test_a_retried_email_job_writes_one_message(app):
    """A job retried after its worker died sends the same message again: one file, one Message-ID."""
    from pathlib import Path

    from dialog.core.mail import outbox_messages, send_email

    for _ in range(3):
        send_email("amina@example.org", "Du är anmäld", "Välkommen", key="cafe_registration:7:registered")
    send_email("amina@example.org", "Du är anmäld", "Välkommen", key="cafe_registration:8:registered")
    messages = outbox_messages()
    assert len(messages) == 2
    assert len({m["Message-ID"] for m in messages}) == 2
    assert not list(Path(app.config["MAIL_OUTBOX_DIR"]).glob(".*.tmp"))  # written whole, then renamed
