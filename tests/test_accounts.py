"""Accounts: register and verify, log in and out, reset, profile, my data, delete."""

import json
import re

from dialog.accounts.models import User
from dialog.core.mail import outbox_messages
from dialog.extensions import db


def _link(message, path):
    body = message.get_content()
    match = re.search(r"https?://\S+" + re.escape(path) + r"\S+", body)
    assert match, body
    return match.group(0).split("dialog.test", 1)[1]


def register(client, **overrides):
    data = {
        "display_name": "Amina",
        "email": "Amina@Example.org",
        "password": "en lång mening",
        "confirm": "en lång mening",
        "language": "ar",
    }
    data.update(overrides)
    return client.post("/account/register", data=data)


def test_register_sends_verification_and_link_verifies(client, app):
    response = register(client)
    assert response.status_code == 200
    user = db.session.query(User).one()
    assert user.email == "amina@example.org"
    assert user.roles == {"resident"}
    assert not user.is_verified
    [message] = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    assert message["To"] == "amina@example.org"
    # Mail is in the person's chosen language (Arabic).
    assert any("\u0600" <= ch <= "\u06ff" for ch in message["Subject"])
    response = client.get(_link(message, "/account/verify/"))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_verified


def test_register_errors_keep_what_was_typed(client):
    response = register(client, confirm="something else", email="not-an-email")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Amina"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="email-error"' in html and 'aria-describedby="email-error"' in html
    assert db.session.query(User).count() == 0


def test_register_existing_address_does_not_reveal_it(client, factories, app):
    factories.user(email="taken@example.org")
    response = register(client, email="taken@example.org")
    assert response.status_code == 200
    assert db.session.query(User).count() == 1
    [message] = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    assert "/account/reset/" in message.get_content()


def test_bad_verification_link(client):
    assert client.get("/account/verify/garbage").status_code == 400


def test_login_wrong_password_and_blocked(client, factories):
    user = factories.user()
    response = client.post("/account/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "fel" in response.get_data(as_text=True)
    blocked = factories.user(blocked=True)
    response = client.post("/account/login", data={"email": blocked.email, "password": "a-good-password-123"})
    assert response.status_code == 200
    assert "/account/profile" not in response.headers.get("Location", "")


def test_login_logout(client, factories, login):
    login(factories.user())
    assert client.get("/account/profile").status_code == 200
    assert client.post("/account/logout").status_code == 302
    assert client.get("/account/profile").status_code == 302


def test_password_reset_flow_is_single_use(client, factories, app):
    user = factories.user()
    client.post("/account/reset", data={"email": user.email})
    [message] = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    link = _link(message, "/account/reset/")
    response = client.post(link, data={"password": "a brand new password", "confirm": "a brand new password"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("a brand new password")
    # Used once: the link no longer works.
    assert client.get(link).status_code == 400


def test_reset_for_unknown_address_looks_the_same(client, app):
    response = client.post("/account/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 200
    assert outbox_messages(app.config["MAIL_OUTBOX_DIR"]) == []


def test_profile_update_sets_language(client, factories, login):
    user = login(factories.user())
    response = client.post("/account/profile", data={"display_name": "Nytt namn", "language": "so"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.language) == ("Nytt namn", "so")


def test_download_my_data(client, factories, login):
    area = factories.area()
    staff = factories.staff(email="me@example.org")
    factories.group(areas=[area], members=[(staff, "lead")])
    login(staff)
    response = client.get("/account/my-data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "me@example.org"
    assert data["theme_groups"][0]["role"] == "lead"
    assert "password_hash" not in response.get_data(as_text=True)


def test_delete_account(client, factories, login):
    user = login(factories.user())
    user_id = user.id
    response = client.post("/account/delete", data={"password": "wrong", "confirm": "y"})
    assert response.status_code == 200
    response = client.post("/account/delete", data={"password": "a-good-password-123", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert client.get("/account/profile").status_code == 302
