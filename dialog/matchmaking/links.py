"""Signed links that need no login: a follow-up's outcome.

Nothing secret is stored: the link is the id and what it may do, signed with the app's key,
and it stops working after its age limit.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

#: A follow-up can be answered for this long after it was sent.
FOLLOW_UP_MAX_AGE = 90 * 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def follow_up_token(follow_up_id: int) -> str:
    return _serializer("match-follow-up").dumps(follow_up_id)


def read_follow_up_token(token: str) -> tuple[int | None, bool]:
    """(follow-up id, expired): the id is None when the link was not made here."""
    try:
        value = _serializer("match-follow-up").loads(token, max_age=FOLLOW_UP_MAX_AGE)
    except SignatureExpired:
        return None, True
    except BadSignature:
        return None, False
    return (value if isinstance(value, int) else None), False
