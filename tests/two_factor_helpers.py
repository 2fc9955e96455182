"""Completing the second sign-in step in tests, the way a person does: with the app's code."""

from __future__ import annotations

import re
import time

import pyotp

STEP = 30


def next_step(last_step: int = 0) -> int:
    """The time step to send a code for: now's, or the next one when now's was already used.

    The site refuses a step it accepted before and takes one step ahead (clock drift); when
    even that is used, wait for the clock like a person would."""
    while True:
        now = int(time.time() // STEP)
        step = max(now, last_step + 1)
        if step <= now + 1:
            return step
        time.sleep(STEP - time.time() % STEP + 0.05)


def code_for(secret: str, last_step: int = 0) -> str:
    """The code an authenticator app shows (see :func:`next_step`)."""
    return pyotp.TOTP(secret).generate_otp(next_step(last_step))


def secret_from_setup_page(html: str) -> str:
    match = re.search(r'<code class="secret"[^>]*>([A-Z2-7 ]+)</code>', html)
    assert match, "no secret on the set-up page"
    return match.group(1).replace(" ", "")


def complete_second_factor(client, response, user_id: int):
    """After the password step: enrol if needed, then send the code. Returns the final response."""
    from dialog.accounts.two_factor import UserTotp
    from dialog.extensions import db

    location = response.headers.get("Location", "")
    if "/account/two-factor" not in location:
        return response
    page = client.get(location)
    if page.status_code == 302:  # not enrolled yet: the verify page sends to set-up
        page = client.get(page.headers["Location"])
    html = page.get_data(as_text=True)
    db.session.expire_all()
    record = db.session.get(UserTotp, user_id)
    if record is None:
        secret = secret_from_setup_page(html)
        done = client.post("/account/two-factor/setup", data={"code": code_for(secret)})
        assert 'class="recovery-codes"' in done.get_data(as_text=True), done.get_data(as_text=True)[:500]
        return done
    done = client.post("/account/two-factor/", data={"code": code_for(record.secret, record.last_step)})
    assert done.status_code == 302, done.get_data(as_text=True)[:500]
    return done
