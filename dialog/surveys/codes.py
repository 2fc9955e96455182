"""One-time codes handed out on paper or at a meeting: made, formatted, found by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .errors import SurveyError
from .models import (
    Survey,
    SurveyCode,
)

#: Letters and digits that cannot be mistaken for each other on paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def keyed_hash(*parts: object) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def code_hash(survey: Survey, code: str) -> str:
    return keyed_hash("code", survey.id, normalise_code(code))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def generate_codes(survey: Survey, count: int) -> list[str]:
    """Create ``count`` one-time codes; return them (formatted) — they are shown only once."""
    if not 1 <= count <= 1000:
        raise SurveyError(_("Make between 1 and 1000 codes at a time."))
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        digest = code_hash(survey, code)
        try:
            with db.session.begin_nested():
                db.session.add(SurveyCode(survey_id=survey.id, code_hash=digest))
                db.session.flush()
        except IntegrityError:
            continue
        codes.append(format_code(code))
    return codes


def find_code(survey: Survey, code: str) -> SurveyCode | None:
    return db.session.scalars(
        select(SurveyCode).where(SurveyCode.survey_id == survey.id, SurveyCode.code_hash == code_hash(survey, code))
    ).first()
