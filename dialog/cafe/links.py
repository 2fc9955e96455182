"""Secret links: a table host's link, the participants' link (the event QR code) and a
registrant's own link (to see or cancel the registration).

Table and event links are an id, a version and an HMAC of both under the app's secret key:
nothing secret is stored, staff can print a poster again at any time, and bumping the
version (or revoking a table's link) makes every older copy useless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _signature(kind: str, ident: int, version: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"dialogues:{kind}:{ident}:{version}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def make_token(kind: str, ident: int, version: int) -> str:
    return f"{ident}.{version}.{_signature(kind, ident, version)}"


def read_token(kind: str, token: str) -> tuple[int, int] | None:
    """Return (id, version) when ``token`` was made by :func:`make_token` for ``kind``."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(token) > 100:
        return None
    ident, version = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(kind, ident, version)):
        return None
    return ident, version


def table_token(table) -> str:
    return make_token("table", table.id, table.link_version)


def event_token(dialogue) -> str:
    return make_token("event", dialogue.id, dialogue.link_version)


def _registration_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="cafe-registration")


def registration_token(registration) -> str:
    return _registration_serializer().dumps(registration.id)


def read_registration_token(token: str) -> int | None:
    try:
        value = _registration_serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None
