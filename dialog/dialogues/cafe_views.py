"""Café dialogues (kafédialoger): public event pages, registration, the table hosts' pages,
participants' proposals; staff set-up, check-in, harvest and summary."""

from __future__ import annotations

from flask import Blueprint

from ..core.security import role_required

bp = Blueprint("cafe", __name__)
staff_bp = Blueprint("cafe_admin", __name__, url_prefix="/staff/cafe")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""
