"""A person's data rights: the download holds everything they gave, in every domain; deleting the
account removes or anonymises all of it, checked on the stored data; and every column that refers
to a user or holds contact data is covered by a domain's holding (so a new domain must add one)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import String, Text, select, text, update

from dialog.accounts.models import User
from dialog.cafe.models import CafeProposal, CafeRegistration
from dialog.contributions import operations as contribution_ops
from dialog.contributions.models import Contribution, ContributionSupport
from dialog.core import data_rights
from dialog.extensions import db
from dialog.notifications.models import EmailOptOut
from dialog.surveys.models import SurveyAnswer, SurveyResponse

from .cafe.helpers import make_cafe_dialogue
from .surveys.helpers import make_survey, questions

EMAIL = "amina.yusuf@example.org"
PHONE = "0701234567"
NAME = "Amina Yusuf"


def test_every_column_about_a_person_is_covered():
    covered = data_rights.covered_columns()
    missing = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            refers_to_user = any(fk.target_fullname == "users.id" for fk in column.foreign_keys)
            about_a_person = refers_to_user or column.name in data_rights.CONTACT_COLUMNS
            if about_a_person and f"{table.name}.{column.name}" not in covered:
                missing.append(f"{table.name}.{column.name}")
    assert missing == [], "columns about a person that no data_rights holding covers: " + ", ".join(missing)


def test_the_check_would_see_a_new_domain(app):
    """A table added later with a user column is reported until its domain registers it."""
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    extra = Table("matchmaking_items", MetaData(), Column("id", Integer, primary_key=True), Column("owner_id", Integer))
    extra.c.owner_id.append_foreign_key(ForeignKey("users.id"))
    assert "matchmaking_items.owner_id" not in data_rights.covered_columns()


@pytest.fixture
def person(factories, login, client):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    area = factories.area("backa", parent=district, name={"sv": "Backa"})
    topic = factories.topic("safety")
    group = factories.group("trygg", areas=[district], topics=[topic], district=district)
    user = factories.user(email=EMAIL, name=NAME, language="en")
    factories.user(email="someone.else@example.org", name="Someone Else")
    login(user)

    idea = contribution_ops.create_contribution(
        source_kind="idea",
        area=area,
        topics=[topic],
        title="Lampor i parken",
        body="Det är mörkt vid gångvägen.",
        place="Backa torg",
        language="sv",
        author=user,
        contact_email=EMAIL,
        consent_publish=True,
        consent_quote=False,
        consent_contact=True,
        idempotency_key="i" * 24,
    )
    anonymous = contribution_ops.create_contribution(
        source_kind="idea",
        area=area,
        topics=[topic],
        title="Fler bänkar",
        body="Vid busshållplatsen.",
        place=None,
        language="sv",
        author=None,
        contact_email=EMAIL.upper(),
        consent_publish=False,
        consent_quote=False,
        consent_contact=True,
        idempotency_key="j" * 24,
    )
    db.session.add(ContributionSupport(contribution_id=anonymous.id, supporter_key=f"u:{user.id}"))
    dialogue = make_cafe_dialogue(db.session, group, area)
    db.session.add(
        CafeRegistration(
            dialogue_id=dialogue.id,
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            language="sv",
            user_id=user.id,
            access_needs="Rullstol",
            interpreter_language="Somaliska",
            status="registered",
        )
    )
    db.session.add(
        CafeProposal(
            dialogue_id=dialogue.id,
            body="Ett café för unga",
            language="sv",
            consent_contact=True,
            contact_email=EMAIL,
            idempotency_key="p" * 24,
        )
    )
    survey = make_survey(factories, mode="identified", groups=[group], areas=[district])
    q = questions(survey)
    response = SurveyResponse(survey_id=survey.id, state="in_progress", is_anonymous=False, user_id=user.id)
    db.session.add(response)
    db.session.flush()
    db.session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id == response.id)
        .values(state="submitted", submitted_on=date.today(), updated_at=None)
    )
    db.session.add(
        SurveyAnswer(response_id=response.id, survey_id=survey.id, question_id=q["safe"].id, language="sv", number=4)
    )
    db.session.add(
        SurveyAnswer(
            response_id=response.id,
            survey_id=survey.id,
            question_id=q["why"].id,
            language="sv",
            text="Min granne Amina",
        )
    )
    db.session.add(EmailOptOut(email=EMAIL, kind="digest"))
    db.session.commit()
    return {"user": user, "idea": idea, "anonymous": anonymous, "survey": survey, "response_id": response.id}


def test_download_holds_everything_the_person_gave(client, person):
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert data["account"]["email"] == EMAIL
    sent = {c["title"]: c for c in data["contributions"]["sent"]}
    assert set(sent) == {"Lampor i parken", "Fler bänkar"}
    assert sent["Lampor i parken"]["contact_email"] == EMAIL and sent["Lampor i parken"]["place"] == "Backa torg"
    assert data["contributions"]["supported_contribution_ids"] == [person["anonymous"].id]
    registration = data["cafe_dialogues"]["registrations"][0]
    assert (registration["name"], registration["phone"], registration["access_needs"]) == (NAME, PHONE, "Rullstol")
    assert data["cafe_dialogues"]["proposals"][0]["text"] == "Ett café för unga"
    answers = data["surveys"]["identified_responses"][0]["answers"]
    assert {a["number"] for a in answers} >= {4} and "Min granne Amina" in {a["text"] for a in answers}
    assert data["email_choices"] == [
        {"email": EMAIL, "kind": "digest", "created_at": data["email_choices"][0]["created_at"]}
    ]
    assert "Someone Else" not in json.dumps(data)


def _stored_strings() -> list[tuple[str, str, str]]:
    """Every text value in every table, read back from the database itself."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [
            c.name for c in table.columns if isinstance(c.type, String | Text) or c.type.__class__.__name__ == "JSON"
        ]
        if not columns:
            continue
        for row in db.session.execute(select(*[table.c[c] for c in columns])).all():
            for name, value in zip(columns, row, strict=True):
                if value is not None:
                    found.append(
                        (
                            table.name,
                            name,
                            json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value,
                        )
                    )
    return found


def test_deleting_the_account_removes_what_it_says(client, person, app):
    user_id = person["user"].id
    response = client.post("/account/delete", data={"password": "a-good-password-123", "confirm": "y"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "stays with the theme groups" in page and "kept without your name" in page
    db.session.expire_all()
    stored = _stored_strings()
    for needle in (EMAIL.lower(), PHONE, NAME, "Rullstol", "Somaliska", "Min granne Amina"):
        hits = [(t, c) for t, c, v in stored if needle.lower() in v.lower()]
        assert hits == [], f"{needle!r} is still stored in {hits}"
    assert f"u:{user_id}" not in {v for _t, _c, v in stored}
    # No column that refers to a user still names the account.
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.target_fullname == "users.id" for fk in column.foreign_keys):
                count = db.session.scalar(select(text("count(*)")).select_from(table).where(column == user_id))
                assert count == 0, f"{table.name}.{column.name}"
    # What it said it kept: the texts (without author), the registration row, the survey's counts.
    idea = db.session.get(Contribution, person["idea"].id)
    assert idea.body == "Det är mörkt vid gångvägen." and idea.author_id is None and idea.contact_email is None
    assert idea.support_count == 0 or idea.support_count is not None
    registration = db.session.scalars(select(CafeRegistration)).one()
    assert registration.name == "–" and registration.email is None and registration.phone is None
    kept_response = db.session.get(SurveyResponse, person["response_id"])
    assert kept_response is not None and kept_response.user_id is None
    assert db.session.get(Contribution, person["anonymous"].id).support_count == person["anonymous"].support_count


def test_other_people_are_untouched(client, person):
    other = db.session.scalars(select(User).where(User.email == "someone.else@example.org")).one()
    client.post("/account/delete", data={"password": "a-good-password-123", "confirm": "y"})
    db.session.expire_all()
    assert db.session.get(User, other.id) is not None
