"""Retention: one mechanism, configurable rules, a record of counts without personal data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialog.contributions.models import Contribution, ContributionAnswer
from dialog.core.models import utcnow
from dialog.extensions import db
from dialog.retention import operations as retention
from dialog.retention.models import AnonymisationRequest, RetentionRecord
from dialog.trust.models import TrustStory

from .trust.test_dialogues import add_story, make_dialogue, place  # noqa: F401  (fixture)


def _contribution(where, email, answered_days_ago=None):
    from dialog.contributions import operations as contribution_ops

    c = contribution_ops.create_contribution(
        source_kind="idea",
        area=where["backa"],
        topics=[where["trust_topic"]],
        body="Fler bänkar vid torget",
        language="sv",
        consent_contact=True,
        contact_email=email,
    )
    if answered_days_ago is not None:
        db.session.add(
            ContributionAnswer(
                contribution_id=c.id,
                theme_group_id=where["group"].id,
                body={"sv": "Vi ställer ut bänkar."},
                answered_at=utcnow() - timedelta(days=answered_days_ago),
            )
        )
    db.session.commit()
    return c


def test_contact_addresses_go_some_months_after_the_answer(app, place):  # noqa: F811
    old = _contribution(place, "old@example.org", answered_days_ago=200)
    recent = _contribution(place, "recent@example.org", answered_days_ago=30)
    open_one = _contribution(place, "waiting@example.org")
    removed = retention.run()
    assert removed["contact_emails_after_answer"] == 1
    db.session.expire_all()
    assert db.session.get(Contribution, old.id).contact_email is None
    assert db.session.get(Contribution, old.id).body == "Fler bänkar vid torget"  # what was said stays
    assert db.session.get(Contribution, recent.id).contact_email == "recent@example.org"
    assert db.session.get(Contribution, open_one.id).contact_email == "waiting@example.org"
    app.config["RETAIN_CONTACT_MONTHS"] = 0
    try:
        assert retention.run()["contact_emails_after_answer"] == 1
    finally:
        app.config["RETAIN_CONTACT_MONTHS"] = 6


def test_a_run_is_recorded_as_counts_without_personal_data(app, place):  # noqa: F811
    _contribution(place, "old@example.org", answered_days_ago=400)
    retention.run()
    records = db.session.scalars(select(RetentionRecord)).all()
    assert {r.rule for r in records} == {
        "contact_emails_after_answer",
        "cafe_registrants_after_meeting",
        "stories_anonymised_on_request",
    }
    assert all("@" not in r.rule for r in records)
    assert {r.rule: r.removed for r in records}["contact_emails_after_answer"] == 1
    output = app.test_cli_runner().invoke(args=["retention", "log"]).output
    assert "contact_emails_after_answer: 1" in output and "old@example.org" not in output


def test_a_teller_asks_and_the_next_run_anonymises_the_story(client, app, place, factories, login):  # noqa: F811
    teller = factories.user()
    dialogue = make_dialogue(place)
    with app.test_request_context():
        story = add_story(dialogue, "Min berättelse om Backa", author=teller, age_band="30_44", area=place["backa"])
    other = factories.user()
    login(other)
    assert client.post(f"/account/contributions/{story.contribution_id}/anonymise").status_code == 404
    client.post("/account/logout")
    login(teller)
    mine = client.get("/account/contributions").get_data(as_text=True)
    assert f"/account/contributions/{story.contribution_id}/anonymise" in mine
    response = client.post(f"/account/contributions/{story.contribution_id}/anonymise")
    assert response.status_code == 302
    assert client.post(f"/account/contributions/{story.contribution_id}/anonymise").status_code == 302
    assert db.session.scalar(select(AnonymisationRequest.id)) is not None
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "stories_anonymised_on_request: 1" in result.output
    db.session.expire_all()
    contribution = db.session.get(Contribution, story.contribution_id)
    row = db.session.get(TrustStory, story.id)
    assert contribution.author_id is None and contribution.contact_email is None
    assert row.age_band is None and row.area_id is None
    assert contribution.body == "Min berättelse om Backa"
    assert "stories_anonymised_on_request: 0" in app.test_cli_runner().invoke(args=["retention", "run"]).output


def test_retention_is_also_a_background_job(app, place):  # noqa: F811
    from dialog.notifications import jobs

    _contribution(place, "old@example.org", answered_days_ago=400)
    jobs.enqueue("retention")
    assert db.session.scalars(select(RetentionRecord)).all()
