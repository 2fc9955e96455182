"""Security headers, safe redirects, rate limits and role checks."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from flask_login import current_user

from ..extensions import limiter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    # Pages for a signed-in person can hold personal data: never keep them in shared caches.
    if current_user and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    app.after_request(set_security_headers)


def safe_next_url(target: str | None, fallback: str = "public.home") -> str:
    """Return ``target`` if it is a path on this site, otherwise the fallback page.

    Rejects absolute URLs, scheme-relative ``//host`` and backslash tricks.
    """
    if target:
        target = target.strip()
        parts = urlsplit(target)
        if (
            target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not parts.scheme
            and not parts.netloc
            and not any(ord(ch) < 32 for ch in target)
        ):
            return target
    return url_for(fallback)


def public_post_limit():
    """Rate-limit the POSTs of a public view (limit from ``PUBLIC_POST_LIMIT``)."""
    return limiter.limit(lambda: current_app.config["PUBLIC_POST_LIMIT"], methods=["POST"], scope="public-post")


def role_required(*roles: str):
    """Allow the view only to signed-in users holding one of ``roles`` (admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not (current_user.is_admin or any(current_user.has_role(r) for r in roles)):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
