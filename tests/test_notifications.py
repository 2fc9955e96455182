"""Notifications: author e-mails in their language, consent and opt-out, digest, unsubscribe,
retries that never break the page, and the RQ queue when Redis is configured."""

import pytest

from dialog.contributions import operations as ops
from dialog.core.mail import outbox_messages
from dialog.extensions import db
from dialog.notifications import jobs
from dialog.notifications.models import EmailOptOut
from dialog.notifications.operations import (
    send_author_notification,
    send_daily_digest,
    unsubscribe_token,
)


@pytest.fixture
def setup(factories):
    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    safety = factories.topic("safety")
    member = factories.staff(email="member@example.org", language="so")
    other = factories.staff(email="other@example.org")
    group = factories.group(
        "trygg",
        areas=[district],
        topics=[safety],
        district=district,
        members=[(member, "lead"), (other, "member")],
        name={"sv": "Trygg", "so": "Nabadgelyo"},
    )
    return locals()


def make(setup, **kw):
    defaults = dict(
        source_kind="idea",
        area=setup["backa"],
        topics=[setup["safety"]],
        title="Lampor",
        body="Fler lampor",
        language="ar",
        consent_contact=True,
        contact_email="amina@example.org",
    )
    defaults.update(kw)
    c = ops.create_contribution(**defaults)
    db.session.commit()
    return c


def messages(app):
    return outbox_messages(app.config["MAIL_OUTBOX_DIR"])


def test_answer_mail_in_authors_language_with_links(client, app, setup, login):
    c = make(setup)
    login(setup["member"])
    client.post(
        f"/inbox/contributions/{c.id}/answer",
        data={
            "answer-status": "planned",
            "answer-body-sv": "Vi ordnar det.",
            "answer-body-ar": "سنقوم بذلك.",
        },
    )
    [message] = messages(app)
    body = message.get_content()
    assert message["To"] == "amina@example.org"
    assert "سنقوم بذلك." in body and "Vi ordnar det." not in body
    assert f"/follow/{c.display_receipt_code}" in body
    assert "/unsubscribe/" in body
    assert message["List-Unsubscribe"].startswith("<http")


def test_status_change_mail(client, app, setup, login):
    c = make(setup)
    login(setup["member"])
    client.post(f"/inbox/contributions/{c.id}/status", data={"status-status": "looking"})
    assert len(messages(app)) == 1


def test_no_mail_without_consent_or_after_opt_out(app, setup):
    c = make(setup, consent_contact=False)
    assert send_author_notification(c.id, "status") is False
    c2 = make(setup, contact_email="optout@example.org")
    db.session.add(EmailOptOut(email="optout@example.org", kind="status"))
    db.session.commit()
    assert send_author_notification(c2.id, "status") is False
    assert messages(app) == []


def test_account_author_gets_mail_at_account_address(app, setup, factories):
    author = factories.user(email="acct@example.org", language="fa")
    c = make(setup, author=author, contact_email=None)
    assert send_author_notification(c.id, "status") is True
    assert messages(app)[0]["To"] == "acct@example.org"


def test_unsubscribe_needs_the_button(client, app, setup):
    token = unsubscribe_token("amina@example.org", "status")
    assert client.get(f"/unsubscribe/{token}").status_code == 200
    assert db.session.query(EmailOptOut).count() == 0
    assert client.post(f"/unsubscribe/{token}").status_code == 200
    assert db.session.get(EmailOptOut, ("amina@example.org", "status")) is not None
    assert client.get("/unsubscribe/forged-token").status_code == 400


def test_daily_digest_one_mail_per_member_in_their_language(app, setup):
    make(setup, title="Första")
    make(setup, title="Andra")
    assert send_daily_digest() == 2
    mails = {m["To"]: m for m in messages(app)}
    assert set(mails) == {"member@example.org", "other@example.org"}
    assert "Nabadgelyo" in mails["member@example.org"]["Subject"]
    body = mails["other@example.org"].get_content()
    assert "Första" in body and "Andra" in body and "/inbox/contributions/" in body


def test_digest_respects_opt_out_and_window(app, setup):
    from datetime import timedelta

    from dialog.core.models import utcnow

    make(setup)
    db.session.add(EmailOptOut(email="other@example.org", kind="digest"))
    db.session.commit()
    assert send_daily_digest() == 1
    assert send_daily_digest(now=utcnow() + timedelta(days=2)) == 0


def test_failed_send_is_retried_and_never_raises(app, setup, monkeypatch):
    c = make(setup)
    calls = {"n": 0}
    from dialog.notifications import operations

    real = operations.send_email

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 3:
            raise OSError("SMTP down")
        return real(*args, **kwargs)

    monkeypatch.setattr(operations, "send_email", flaky)
    with app.test_request_context():
        jobs.enqueue("notify_author", c.id, "status")
    assert calls["n"] == 3
    assert len(messages(app)) == 1


def test_permanent_failure_does_not_break_the_page(client, app, setup, login, monkeypatch):
    c = make(setup)
    from dialog.notifications import operations

    monkeypatch.setattr(operations, "send_email", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    login(setup["member"])
    response = client.post(f"/inbox/contributions/{c.id}/status", data={"status-status": "looking"})
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.status == "looking"


def test_jobs_go_to_rq_when_redis_is_configured(app, setup):
    redis = pytest.importorskip("redis")
    from rq import Queue, SimpleWorker

    url = "redis://127.0.0.1:6379/15"
    try:
        connection = redis.Redis.from_url(url)
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    connection.flushdb()
    c = make(setup)
    app.config["REDIS_URL"] = url
    try:
        with app.test_request_context():
            jobs.enqueue("notify_author", c.id, "answered")
        queue = Queue(jobs.QUEUE_NAME, connection=connection)
        assert queue.count == 1
        assert messages(app) == []  # queued, not sent inline

        import dialog.notifications.worker as worker

        worker._app = app  # the worker process would build its own app from the environment
        SimpleWorker([queue], connection=connection).work(burst=True)
        assert len(messages(app)) == 1
    finally:
        app.config["REDIS_URL"] = None
        connection.flushdb()
