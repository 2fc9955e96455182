"""Two-factor sign-in for staff and admins; fresh sessions at sign-in; answers that do not
tell known addresses from unknown ones."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from flask import g

from dialog.accounts import two_factor as tf
from dialog.extensions import db

from .factories import PASSWORD
from .two_factor_helpers import code_for, secret_from_setup_page


def english(client):
    client.set_cookie("dialog_lang", "en", domain="dialog.test")


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


def _password_step(client, user, **extra):
    english(client)  # signing in picks the account's language
    return client.post("/account/login", data={"email": user.email, "password": PASSWORD, **extra})


def _enrol(client, user) -> tuple[str, list[str]]:
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/account/two-factor/")
    assert client.get("/account/two-factor/").headers["Location"].endswith("/account/two-factor/setup")
    html = client.get("/account/two-factor/setup").get_data(as_text=True)
    secret = secret_from_setup_page(html)
    done = client.post("/account/two-factor/setup", data={"code": code_for(secret)}).get_data(as_text=True)
    codes = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", done)
    assert len(codes) == tf.RECOVERY_CODE_COUNT
    return secret, codes


def test_staff_are_not_signed_in_by_the_password_alone(client, factories):
    staff = factories.staff()
    response = _password_step(client, staff)
    assert response.status_code == 302 and "/account/two-factor/" in response.headers["Location"]
    inbox = client.get("/inbox/")
    assert inbox.status_code == 302 and "/account/login" in inbox.headers["Location"]
    assert client.get("/account/profile").status_code == 302


def test_enrolment_shows_a_qr_code_then_recovery_codes_and_signs_in(client, factories):
    admin = factories.admin()
    _password_step(client, admin)
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code is drawn on the page, no outside service
    secret = secret_from_setup_page(page)
    # The secret offered stays the same while the person fetches their phone.
    assert secret_from_setup_page(client.get("/account/two-factor/setup").get_data(as_text=True)) == secret
    wrong = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 200 and 'class="error"' in wrong.get_data(as_text=True)
    assert tf.totp_for(admin) is None
    done = client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert 'class="recovery-codes"' in done.get_data(as_text=True)
    assert tf.totp_for(admin).secret == secret
    assert client.get("/inbox/").status_code == 200
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "10" in profile and "/account/two-factor/recovery-codes" in profile


def test_a_code_is_accepted_once(client, factories):
    staff = factories.staff()
    secret, _codes = _enrol(client, staff)
    client.post("/account/logout")
    db.session.expire_all()
    used = tf.totp_for(staff).last_step
    code = pyotp.TOTP(secret).generate_otp(used)  # the code the enrolment just used
    _password_step(client, staff)
    again = client.post("/account/two-factor/", data={"code": code})
    assert again.status_code == 200 and "already used" in again.get_data(as_text=True)
    assert client.get("/inbox/").status_code == 302
    fresh = client.post("/account/two-factor/", data={"code": code_for(secret, used)})
    assert fresh.status_code == 302
    assert client.get("/inbox/").status_code == 200


def test_a_recovery_code_works_once_and_new_ones_replace_the_old(client, factories):
    staff = factories.staff()
    _secret, codes = _enrol(client, staff)
    client.post("/account/logout")
    _password_step(client, staff)
    assert client.post("/account/two-factor/", data={"code": codes[0].upper()}).status_code == 302
    client.post("/account/logout")
    _password_step(client, staff)
    assert client.post("/account/two-factor/", data={"code": codes[0]}).status_code == 200
    assert client.post("/account/two-factor/", data={"code": codes[1]}).status_code == 302
    assert tf.recovery_codes_left(staff) == tf.RECOVERY_CODE_COUNT - 2
    page = client.post("/account/two-factor/recovery-codes").get_data(as_text=True)
    new = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", page)
    assert len(new) == tf.RECOVERY_CODE_COUNT and not set(new) & set(codes)
    client.post("/account/logout")
    _password_step(client, staff)
    assert client.post("/account/two-factor/", data={"code": codes[2]}).status_code == 200


def test_wrong_codes_are_throttled_on_the_account(client, factories):
    staff = factories.staff()
    secret, _codes = _enrol(client, staff)
    client.post("/account/logout")
    _password_step(client, staff)
    for _ in range(tf.MAX_FAILURES):
        client.post("/account/two-factor/", data={"code": "123456"})
    db.session.expire_all()
    record = tf.totp_for(staff)
    locked = client.post("/account/two-factor/", data={"code": code_for(secret, record.last_step)})
    assert locked.status_code == 200 and "five minutes" in locked.get_data(as_text=True)
    assert client.get("/inbox/").status_code == 302
    # From another browser too: the count lives on the account, not in the session.
    other = client.application.test_client()
    _password_step(other, staff)
    assert other.post("/account/two-factor/", data={"code": code_for(secret, record.last_step)}).status_code == 200


def test_the_limiter_also_throttles_the_second_step(client, factories, rate_limits, app):
    staff = factories.staff()
    _enrol(client, staff)
    client.post("/account/logout")
    rate_limits.reset()
    app.config["LOGIN_LIMIT"] = "3 per minute"
    try:
        _password_step(client, staff)
        statuses = [client.post("/account/two-factor/", data={"code": "123456"}).status_code for _ in range(4)]
    finally:
        app.config["LOGIN_LIMIT"] = "5 per minute;30 per hour"
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429


def test_keep_me_logged_in_does_not_skip_the_second_step(client, factories):
    staff = factories.staff()
    _enrol(client, staff)
    client.post("/account/logout")
    _password_step(client, staff, remember="y")
    db.session.expire_all()
    record = tf.totp_for(staff)
    assert (
        client.post("/account/two-factor/", data={"code": code_for(record.secret, record.last_step)}).status_code == 302
    )
    assert client.get_cookie("remember_token", domain="dialog.test") is not None
    # A new browser session with only the long-lived cookie: asked for the code again.
    client.delete_cookie("session", domain="dialog.test")
    g.pop("_login_user", None)  # the suite keeps one app context; a real server starts each request afresh
    response = client.get("/inbox/")
    assert response.status_code == 302 and "/account/two-factor/" in response.headers["Location"]
    assert client.get("/inbox/").status_code == 302


def test_someone_made_staff_while_signed_in_must_add_the_second_step(client, factories, login):
    user = factories.user()
    login(user)
    assert client.get("/account/profile").status_code == 200
    user.roles = {"resident", "staff"}
    db.session.commit()
    response = client.get("/account/profile")
    assert response.status_code == 302 and "/account/two-factor/" in response.headers["Location"]


def test_residents_sign_in_with_the_password(client, factories):
    user = factories.user()
    response = _password_step(client, user)
    assert "/account/two-factor" not in response.headers["Location"]
    assert client.get("/account/profile").status_code == 200


def test_the_session_is_new_at_sign_in(client, factories, login):
    user = factories.user()
    client.get("/account/login")
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    old_cookie = client.get_cookie("session", domain="dialog.test").value
    login(user)
    with client.session_transaction() as after:
        assert "planted" not in after and after.get("sid")
        sid = after["sid"]
    assert client.get_cookie("session", domain="dialog.test").value != old_cookie
    client.post("/account/logout")
    staff = factories.staff()
    login(staff)
    with client.session_transaction() as again:
        assert again.get("sid") and again["sid"] != sid


def test_known_and_unknown_addresses_get_the_same_answer(client, factories, app):
    user = factories.user()

    def normalised(response):
        html = re.sub(r'name="csrf_token" value="[^"]+"', "CSRF", response.get_data(as_text=True))
        return response.status_code, html.replace(user.email, "ADDRESS").replace("nobody@example.org", "ADDRESS")

    def timed(path, data):
        start = time.perf_counter()
        response = client.post(path, data=data)
        return normalised(response), time.perf_counter() - start

    for path, data in [
        ("/account/login", {"password": "wrong-password-1"}),
        ("/account/reset", {}),
        ("/account/register", {"display_name": "X", "password": "long-enough-pw", "confirm": "long-enough-pw"}),
    ]:
        known, _ = timed(path, {**data, "email": user.email})
        unknown, _ = timed(path, {**data, "email": "nobody@example.org"})
        assert known == unknown, path


def test_demo_staff_have_the_printed_demo_key(app):
    from dialog.accounts.operations import find_user_by_email
    from dialog.demo.data import DEMO_TOTP_SECRET, load_demo_data

    load_demo_data()
    db.session.commit()
    assert tf.totp_for(find_user_by_email("lead@demo.dialog")).secret == DEMO_TOTP_SECRET
    assert tf.totp_for(find_user_by_email("resident@demo.dialog")) is None


def test_an_admin_can_reset_a_lost_second_step_from_the_command_line(app, factories):
    staff = factories.staff()
    tf.set_known_secret(staff, pyotp.random_base32())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "reset-two-factor", staff.email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert tf.totp_for(staff) is None
