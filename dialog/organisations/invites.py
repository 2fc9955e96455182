"""A signed invitation for a colleague to represent an organisation too (no row stored)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

INVITE_MAX_AGE = 14 * 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def invite_token(organisation_id: int, email: str) -> str:
    return _serializer("organisation-invite").dumps([organisation_id, email.lower()])


def read_invite_token(token: str) -> tuple[int, str] | None:
    try:
        value = _serializer("organisation-invite").loads(token, max_age=INVITE_MAX_AGE)
    except BadSignature:
        return None
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str):
        return value[0], value[1]
    return None
