"""Moderation: held personal data highlighted, approve, hide with a public reason, restore,
edit out personal data (original kept for moderators), reports queue, block an account."""

import pytest

from dialog.contributions import operations as ops
from dialog.contributions.models import ContributionReport
from dialog.extensions import db


@pytest.fixture
def setup(factories):
    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    safety = factories.topic("safety")
    moderator = factories.staff(email="mod@example.org")
    outsider = factories.staff(email="out@example.org")
    group = factories.group(
        "trygg", areas=[district], topics=[safety], district=district, members=[(moderator, "member")]
    )
    return locals()


def make(setup, body="Fler lampor", author=None, publish=True):
    c = ops.create_contribution(
        source_kind="idea",
        area=setup["backa"],
        topics=[setup["safety"]],
        title="Lampor",
        body=body,
        language="sv",
        author=author,
        consent_publish=publish,
    )
    db.session.commit()
    return c


def test_personal_data_is_held_and_highlighted(client, setup, login):
    c = make(setup, body="Ring mig på 070-123 45 67 eller 811218-9876")
    assert c.moderation == "held"
    login(setup["moderator"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert '<mark class="finding finding-phone"' in html
    assert '<mark class="finding finding-personnummer"' in html


def test_approve_makes_public_and_hide_shows_reason(client, setup, login):
    c = make(setup)
    login(setup["moderator"])
    assert client.get(f"/contributions/{c.id}").status_code == 200  # staff may look
    client.post("/account/logout")
    assert client.get(f"/contributions/{c.id}").status_code == 404
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/approve")
    client.post("/account/logout")
    assert "Fler lampor" in client.get(f"/contributions/{c.id}").get_data(as_text=True)
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/hide", data={"hide-reason": "Namngav en person"})
    client.post("/account/logout")
    html = client.get(f"/contributions/{c.id}").get_data(as_text=True)
    assert "Namngav en person" in html and "Fler lampor" not in html
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/restore")
    db.session.refresh(c)
    assert c.moderation == "approved"


def test_approved_without_consent_stays_private(client, setup, login):
    c = make(setup, publish=False)
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/approve")
    client.post("/account/logout")
    assert client.get(f"/contributions/{c.id}").status_code == 404
    assert "Fler lampor" not in client.get("/areas/backa/ideas").get_data(as_text=True)


def test_edit_out_personal_data_keeps_original_for_moderators(client, setup, login):
    c = make(setup, body="Ring Anna på 070-123 45 67")
    login(setup["moderator"])
    response = client.post(
        f"/moderation/contributions/{c.id}/edit",
        data={
            "edit-title": "Lampor",
            "edit-body": "Ring [borttaget]",
            "edit-reason": "telefonnummer",
        },
    )
    assert response.status_code == 302
    client.post(f"/moderation/contributions/{c.id}/approve")
    db.session.refresh(c)
    assert c.body == "Ring [borttaget]"
    staff_html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "070-123 45 67" in staff_html  # original in the moderators' history
    client.post("/account/logout")
    public = client.get(f"/contributions/{c.id}").get_data(as_text=True)
    assert "070-123 45 67" not in public and "Ring [borttaget]" in public


def test_report_queue_and_resolution(client, setup, login):
    c = make(setup)
    c.moderation = "approved"
    db.session.commit()
    client.post(f"/contributions/{c.id}/report", data={"reason": "offensive"})
    login(setup["outsider"])
    assert "Lampor" not in client.get("/moderation/reports").get_data(as_text=True)
    client.post("/account/logout")
    login(setup["moderator"])
    assert "Lampor" in client.get("/moderation/reports").get_data(as_text=True)
    client.post(f"/moderation/contributions/{c.id}/hide", data={"hide-reason": "Kränkande"})
    assert db.session.query(ContributionReport).one().resolved_at is not None
    assert "Lampor" not in client.get("/moderation/reports").get_data(as_text=True)


def test_block_author(client, setup, factories, login):
    author = factories.user(email="troll@example.org")
    c = make(setup, author=author)
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/block-author")
    db.session.refresh(author)
    assert author.is_blocked
    assert any(e.kind == "blocked" for e in c.events)
    client.post("/account/logout")
    response = client.post("/account/login", data={"email": "troll@example.org", "password": "a-good-password-123"})
    assert response.status_code == 200  # refused


def test_outsider_cannot_moderate(client, setup, login):
    c = make(setup)
    login(setup["outsider"])
    assert client.post(f"/moderation/contributions/{c.id}/approve").status_code == 403
    db.session.refresh(c)
    assert c.moderation == "pending"


def test_every_moderation_action_is_logged(client, setup, login):
    c = make(setup)
    login(setup["moderator"])
    client.post(f"/moderation/contributions/{c.id}/approve")
    client.post(f"/moderation/contributions/{c.id}/hide", data={"hide-reason": "x"})
    db.session.refresh(c)
    moderation_events = [e for e in c.events if e.kind == "moderation" and e.actor_id == setup["moderator"].id]
    assert [e.data["new"] for e in moderation_events] == ["approved", "hidden"]
