"""During a café dialogue: the table hosts' pages (reached by a signed link, no account), their
notes per round (saved as they go, a resend stored once), the participants' proposals through the
event link, and for staff the QR posters and revoking or reissuing links."""

from __future__ import annotations

from flask import Blueprint

from ..core.security import role_required

bp = Blueprint("cafe_host", __name__)
staff_bp = Blueprint("cafe_links", __name__, url_prefix="/staff/cafe")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""
