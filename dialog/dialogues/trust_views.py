"""Trust dialogues (tillitsdialoger): the public pages (prompts, share a story, what we heard)
and the staff pages (set-up, prompts, theme vocabulary, stories heard in person, tagging)."""

from __future__ import annotations

from flask import Blueprint

from ..core.security import role_required

bp = Blueprint("trust", __name__)
staff_bp = Blueprint("trust_admin", __name__, url_prefix="/staff/trust")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""
