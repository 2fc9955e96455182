"""Security baseline: headers, CSRF, safe redirects, honeypot, rate limits, production config."""

import pytest

from dialog.core.security import safe_next_url

from .conftest import csrf_token_from


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_error_pages_have_headers_too(client):
    assert "Content-Security-Policy" in client.get("/no-such-page").headers


def test_post_without_csrf_token_is_rejected(client, csrf_enabled):
    response = client.post("/account/login", data={"email": "a@b.se", "password": "x"})
    assert response.status_code == 400
    assert "Formuläret" in response.get_data(as_text=True)


def test_post_with_csrf_token_passes(client, factories, csrf_enabled):
    user = factories.user()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(
        "/account/login",
        data={"email": user.email, "password": "a-good-password-123", "csrf_token": token},
    )
    assert response.status_code == 302


def test_language_switch_needs_csrf(client, csrf_enabled):
    assert client.post("/language", data={"language": "ar"}).status_code == 400


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/areas/backa", "/areas/backa"),
        ("/admin/?x=1", "/admin/?x=1"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_next_url(app, target, expected):
    with app.test_request_context():
        result = safe_next_url(target)
        assert result == (expected or "/")


def test_login_ignores_external_next(client, factories):
    user = factories.user()
    response = client.post(
        "/account/login?next=https://evil.example/",
        data={"email": user.email, "password": "a-good-password-123"},
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


def test_honeypot_rejects_bots(client):
    response = client.post(
        "/account/register",
        data={
            "display_name": "Bot",
            "email": "bot@example.org",
            "password": "long-enough-pw",
            "confirm": "long-enough-pw",
            "language": "sv",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 400
    from dialog.accounts.models import User
    from dialog.extensions import db

    assert db.session.query(User).count() == 0


def test_public_posts_are_rate_limited(client, rate_limits, app):
    app.config["PUBLIC_POST_LIMIT"] = "3 per minute"
    try:
        codes = [client.post("/account/reset", data={"email": "x@example.org"}).status_code for _ in range(5)]
    finally:
        app.config["PUBLIC_POST_LIMIT"] = "20 per minute"
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]


def test_rate_limit_page_is_translated(client, rate_limits, app):
    app.config["PUBLIC_POST_LIMIT"] = "1 per minute"
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    try:
        client.post("/account/reset", data={"email": "x@example.org"})
        response = client.post("/account/reset", data={"email": "x@example.org"})
    finally:
        app.config["PUBLIC_POST_LIMIT"] = "20 per minute"
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_login_is_throttled_per_address(client, factories, rate_limits):
    user = factories.user()
    codes = [
        client.post("/account/login", data={"email": user.email, "password": "wrong"}).status_code for _ in range(6)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    from dialog import create_app
    from dialog.config import ConfigError, ProductionConfig

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app(ProductionConfig)


def test_production_cookies_are_secure(monkeypatch):
    from dialog.config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY is True
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_resident_text_is_escaped(client, factories, login):
    user = factories.user(name="<script>alert(1)</script>")
    login(user)
    html = client.get("/account/profile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_sanitize_html_keeps_only_allowed_tags():
    from dialog.core.text import sanitize_html

    cleaned = str(sanitize_html('<p>Hej <strong>du</strong><script>x()</script><a href="javascript:x">l</a></p>'))
    assert "<script>" not in cleaned
    assert "javascript:" not in cleaned
    assert "<strong>du</strong>" in cleaned
