"""Café dialogues: staff set-up, registration with waiting list and cancellation, calendar file,
e-mails in the registrant's language, check-in and exit questionnaire, harvest into routed
contributions, the published summary and the feedback e-mail, the area page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialog.cafe import exit_answers, links
from dialog.cafe import harvest as harvesting
from dialog.cafe import registration as seats
from dialog.cafe.models import (
    CafeDialogue,
    CafeExitAnswer,
    CafeNote,
    CafeProposal,
    CafeRegistration,
    CafeRound,
    CafeTable,
)
from dialog.contributions.models import Contribution
from dialog.core import cache
from dialog.core.mail import outbox_messages
from dialog.core.models import utcnow
from dialog.core.participation import AGE_BANDS
from dialog.extensions import db


@pytest.fixture(autouse=True)
def english(client):
    """Messages are asserted in English; a test may switch (``register(..., language=)``)."""
    client.set_cookie("dialog_lang", "en", domain="dialog.test")


@pytest.fixture
def place(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa", "fa": "باکا"})
    safety = factories.topic("safety", name={"sv": "Trygghet", "en": "Safety"})
    lead = factories.staff(email="lead@example.org", name="Lena Lead", language="en")
    group = factories.group(
        "trygg",
        areas=[district],
        topics=[safety],
        district=district,
        members=[(lead, "lead")],
        name={"sv": "Trygg i Norra Hisingen"},
    )
    factories.group("fallback", areas=[district], district=district, fallback=True)
    return {"district": district, "backa": backa, "safety": safety, "group": group, "lead": lead}


def make_dialogue(place, *, capacity=2, starts_in=timedelta(days=3), state="published", **kw):
    start = utcnow() + starts_in
    dialogue = CafeDialogue(
        theme_group=place["group"],
        area=place["backa"],
        topics=[place["safety"]],
        title={"sv": "Kafédialog om trygghet", "fa": "گفتگوی کافه درباره امنیت"},
        purpose={"sv": "Vi vill höra hur det känns att bo i Backa."},
        influence={"sv": "Var nya lampor sätts upp."},
        feedback_promise={"sv": "Inom en månad."},
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Backa bibliotek",
        address="Backavägen 1",
        languages=["sv", "fa"],
        interpretation=["fa"],
        capacity=capacity,
        state=state,
        **kw,
    )
    dialogue.rounds = [
        CafeRound(position=1, question={"sv": "Var känns det otryggt?"}),
        CafeRound(position=2, question={"sv": "Vad kan vi göra tillsammans?"}),
    ]
    dialogue.tables = [
        CafeTable(number=1, theme={"sv": "Ljus"}, host_name="Sara"),
        CafeTable(number=2, theme={"sv": "Parker"}, host_user=place["lead"]),
    ]
    db.session.add(dialogue)
    db.session.commit()
    return dialogue


def register(client, dialogue, name="Mina", email=None, key=None, language=None, **extra):
    if language:
        client.set_cookie("dialog_lang", language, domain="dialog.test")
    data = {"name": name, "email": email or "", "idempotency_key": key or f"key-{name}-{email}", **extra}
    return client.post(f"/cafe/{dialogue.id}/register", data=data)


def registration_of(name):
    return db.session.scalars(select(CafeRegistration).where(CafeRegistration.name == name)).one()


# --- Staff set-up ------------------------------------------------------------------------------


def test_staff_set_up_through_the_forms(client, login, place):
    login(place["lead"])
    data = {
        "title-sv": "Kafédialog i Backa",
        "title-ar": "مقهى الحوار في باكا",
        "purpose-sv": "Prata om trygghet",
        "influence-sv": "Platsen för nya lampor",
        "feedback_promise-sv": "Vi återkommer i januari",
        "participation_level": "dialogue",
        "theme_group_id": place["group"].id,
        "area_id": place["backa"].id,
        "topic_ids": [place["safety"].id],
        "starts_at": "2026-12-03T17:30",
        "ends_at": "2026-12-03T19:30",
        "place": "Backa bibliotek",
        "address": "Backavägen 1",
        "languages": ["sv", "ar"],
        "interpretation": ["ar"],
        "capacity": "30",
    }
    response = client.post("/staff/cafe/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    dialogue = db.session.scalars(select(CafeDialogue)).one()
    assert dialogue.title["ar"] == "مقهى الحوار في باكا" and dialogue.state == "draft"
    # 17:30 in Stockholm in winter is 16:30 UTC.
    assert dialogue.starts_at.hour == 16 and dialogue.starts_at.minute == 30
    assert client.post(f"/staff/cafe/{dialogue.id}/state", data={"state": "published"}).status_code == 302
    assert db.session.get(CafeDialogue, dialogue.id).state == "draft"  # no rounds or tables yet
    client.post(f"/staff/cafe/{dialogue.id}/rounds", data={"question-sv": "Hur mår Backa?", "minutes": "20"})
    client.post(
        f"/staff/cafe/{dialogue.id}/tables", data={"theme-sv": "Ljus", "host_user_id": "0", "host_name": "Sara"}
    )
    client.post(f"/staff/cafe/{dialogue.id}/state", data={"state": "published"})
    db.session.expire_all()
    dialogue = db.session.get(CafeDialogue, dialogue.id)
    assert dialogue.state == "published" and len(dialogue.rounds) == 1 and dialogue.tables[0].host_name == "Sara"
    page = client.get(f"/cafe/{dialogue.id}").get_data(as_text=True)
    assert "Kafédialog i Backa" in page and "Hur mår Backa?" in page and "Backavägen 1" in page


def test_set_up_errors_are_shown_and_input_kept(client, login, place):
    login(place["lead"])
    response = client.post(
        "/staff/cafe/new",
        data={
            "title-sv": "Min titel",
            "theme_group_id": place["group"].id,
            "area_id": place["backa"].id,
            "starts_at": "2026-12-03T19:30",
            "ends_at": "2026-12-03T17:30",
            "place": "",
            "address": "x",
            "capacity": "0",
            "participation_level": "dialogue",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end must be after the start." in page and "Min titel" in page
    assert db.session.scalar(select(func.count()).select_from(CafeDialogue)) == 0


def test_table_without_host_is_refused(client, login, place):
    dialogue = make_dialogue(place)
    login(place["lead"])
    page = client.post(f"/staff/cafe/{dialogue.id}/tables", data={"theme-sv": "Ljus", "host_user_id": "0"}).get_data(
        as_text=True
    )
    assert "Choose a staff member or write the volunteer" in page


def test_staff_list_shows_only_their_groups_dialogues(client, login, factories, place):
    mine = make_dialogue(place)
    other_group = factories.group("other", areas=[place["district"]], district=place["district"])
    theirs = make_dialogue({**place, "group": other_group})
    theirs.title = {"sv": "Någon annans dialog"}
    db.session.commit()
    login(place["lead"])
    page = client.get("/staff/cafe/").get_data(as_text=True)
    assert f"/staff/cafe/{mine.id}" in page and "Någon annans dialog" not in page


def test_staff_outside_the_group_get_403(client, login, factories, place):
    dialogue = make_dialogue(place)
    login(factories.staff(email="other@example.org"))
    for url in (
        f"/staff/cafe/{dialogue.id}",
        f"/staff/cafe/{dialogue.id}/edit",
        f"/staff/cafe/{dialogue.id}/harvest",
        f"/staff/cafe/{dialogue.id}/summary",
        f"/staff/cafe/{dialogue.id}/registrations",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/cafe/{dialogue.id}/state", data={"state": "cancelled"}).status_code == 403


def test_draft_is_hidden_from_the_public(client, place):
    dialogue = make_dialogue(place, state="draft")
    assert client.get(f"/cafe/{dialogue.id}").status_code == 404
    assert register(client, dialogue).status_code == 404


# --- Registration, waiting list, cancellation ------------------------------------------------------


def test_register_waitlist_and_promotion_on_cancel(client, app, place):
    dialogue = make_dialogue(place, capacity=2)
    assert register(client, dialogue, "Ali", "ali@example.org", language="fa").status_code == 302
    register(client, dialogue, "Bo", "bo@example.org", language="sv")
    response = register(client, dialogue, "Cy", "cy@example.org", language="en")
    assert [registration_of(n).status for n in ("Ali", "Bo", "Cy")] == ["registered", "registered", "waitlisted"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "waiting list, number 1" in page
    mails = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    persian = next(m for m in mails if m["To"] == "ali@example.org")
    assert "گفتگوی کافه درباره امنیت" in persian["Subject"]
    assert any(part.get_content_type() == "text/calendar" for part in persian.iter_attachments())
    # Ali cancels through the link: Cy gets the seat and an e-mail.
    token = links.registration_token(registration_of("Ali"))
    assert client.post(f"/cafe/registration/{token}", data={}).status_code == 302
    db.session.expire_all()
    assert [registration_of(n).status for n in ("Ali", "Bo", "Cy")] == ["cancelled", "registered", "registered"]
    mails = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    assert any(m["To"] == "cy@example.org" and "A place is free for you" in m["Subject"] for m in mails)


def settings_data(dialogue, **changes) -> dict:
    """The settings form as it stands for ``dialogue`` (times in Stockholm), with changes."""
    from dialog.cafe.forms import to_local

    data = {
        "title-sv": dialogue.title["sv"],
        "purpose-sv": dialogue.purpose["sv"],
        "influence-sv": dialogue.influence["sv"],
        "feedback_promise-sv": dialogue.feedback_promise["sv"],
        "participation_level": dialogue.participation_level,
        "theme_group_id": dialogue.theme_group_id,
        "area_id": dialogue.area_id,
        "topic_ids": [t.id for t in dialogue.topics],
        "starts_at": to_local(dialogue.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": to_local(dialogue.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": dialogue.place,
        "address": dialogue.address,
        "languages": dialogue.languages,
        "capacity": str(dialogue.capacity),
    }
    data.update(changes)
    return data


def test_raising_capacity_promotes_the_waiting_list_in_order(client, app, login, place):
    dialogue = make_dialogue(place, capacity=1)
    for name in ("Ali", "Bo", "Cy", "Di"):
        register(client, dialogue, name, f"{name.lower()}@example.org", language="en")
    assert [registration_of(n).status for n in ("Ali", "Bo", "Cy", "Di")] == [
        "registered",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    before = len(outbox_messages(app.config["MAIL_OUTBOX_DIR"]))
    login(place["lead"])
    response = client.post(f"/staff/cafe/{dialogue.id}/edit", data=settings_data(dialogue, capacity="3"))
    assert response.status_code == 302, re.findall(r"class=\"error[^>]*>([^<]*)", response.get_data(as_text=True))
    db.session.expire_all()
    assert [registration_of(n).status for n in ("Ali", "Bo", "Cy", "Di")] == [
        "registered",
        "registered",
        "registered",
        "waitlisted",
    ]
    mails = outbox_messages(app.config["MAIL_OUTBOX_DIR"])[before:]
    assert sorted(m["To"] for m in mails) == ["bo@example.org", "cy@example.org"]
    assert all("A place is free for you" in m["Subject"] for m in mails)
    page = client.get(f"/staff/cafe/{dialogue.id}").get_data(as_text=True)
    assert "2 people on the waiting list got a place" in page
    token = links.registration_token(registration_of("Di"))
    assert "waiting list, number 1" in client.get(f"/cafe/registration/{token}").get_data(as_text=True)

    # Saving again without more seats, or with fewer, moves nobody and sends nothing.
    dialogue = db.session.get(CafeDialogue, dialogue.id)
    client.post(f"/staff/cafe/{dialogue.id}/edit", data=settings_data(dialogue, capacity="3"))
    client.post(f"/staff/cafe/{dialogue.id}/edit", data=settings_data(dialogue, capacity="2"))
    db.session.expire_all()
    assert registration_of("Di").status == "waitlisted"
    assert len(outbox_messages(app.config["MAIL_OUTBOX_DIR"])) == before + 2


def test_double_registration_is_refused_and_resubmit_is_one(client, place):
    dialogue = make_dialogue(place, capacity=5)
    register(client, dialogue, "Ali", "ali@example.org", key="same-key")
    register(client, dialogue, "Ali", "ali@example.org", key="same-key")  # the same form twice
    assert db.session.scalar(select(func.count()).select_from(CafeRegistration)) == 1
    page = register(client, dialogue, "Ali again", "ALI@example.org", key="other-key").get_data(as_text=True)
    assert "already registered" in page and "Ali again" in page
    assert db.session.scalar(select(func.count()).select_from(CafeRegistration)) == 1


def test_registration_rules_in_time(client, place):
    past = make_dialogue(place, starts_in=timedelta(days=-2))
    page = register(client, past, "Ali").get_data(as_text=True)
    assert "already taken place" in page
    closed = make_dialogue(place, registration_closes_at=utcnow() - timedelta(hours=1))
    assert "Registration has closed" in register(client, closed, "Bo").get_data(as_text=True)
    later = make_dialogue(place, registration_opens_at=utcnow() + timedelta(days=1))
    assert "Registration opens on" in register(client, later, "Cy").get_data(as_text=True)
    cancelled = make_dialogue(place, state="cancelled")
    assert "cancelled" in register(client, cancelled, "Di").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CafeRegistration)) == 0


def test_bad_registration_input(client, place):
    dialogue = make_dialogue(place)
    page = register(
        client,
        dialogue,
        name="  ",
        email="not-an-address",
        phone="abc",
        language="en",
        wants_feedback="y",
        access_needs="x" * 600,
    ).get_data(as_text=True)
    assert "This field is required." in page
    assert "Write a whole e-mail address" in page
    assert "Write a phone number with digits only" in page
    assert db.session.scalar(select(func.count()).select_from(CafeRegistration)) == 0


def test_unknown_registration_link_is_404(client, place):
    assert client.get("/cafe/registration/forged-token").status_code == 404


def test_calendar_file(client, place):
    dialogue = make_dialogue(place)
    response = client.get(f"/cafe/{dialogue.id}/calendar.ics")
    body = response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "Backa bibliotek" in body and "SUMMARY:Kafédialog om trygghet" in body


def test_reminders_once(app, client, place):
    from dialog.cafe.emails import send_due_reminders

    dialogue = make_dialogue(place, starts_in=timedelta(hours=20))
    register(client, dialogue, "Ali", "ali@example.org", language="fa")
    register(client, dialogue, "Bo")  # no e-mail: nobody to remind
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0


# --- Check-in and exit questionnaire ------------------------------------------------------------


def test_check_in_and_attendance(client, login, place):
    dialogue = make_dialogue(place, capacity=5)
    register(client, dialogue, "Ali", "ali@example.org")
    login(place["lead"])
    reg = registration_of("Ali")
    client.post(f"/staff/cafe/{dialogue.id}/registrations/{reg.id}/check-in", data={"present": "1"})
    client.post(f"/staff/cafe/{dialogue.id}/walk-ins", data={"walk_ins": "7"})
    db.session.expire_all()
    assert seats.attendance(db.session.get(CafeDialogue, dialogue.id)) == 8
    page = client.get(f"/staff/cafe/{dialogue.id}/registrations").get_data(as_text=True)
    assert "Attendance: 8" in page


def test_exit_questionnaire_totals_hide_small_groups(client, login, place):
    dialogue = make_dialogue(place, starts_in=timedelta(minutes=-30))
    for _ in range(5):
        client.post(
            f"/cafe/{dialogue.id}/exit",
            data={"age_band": "30_44", "home_language": "fa", "area_id": str(place["backa"].id)},
        )
    client.post(f"/cafe/{dialogue.id}/exit", data={"age_band": "65_plus", "gender": "bogus"})
    answers = db.session.scalars(select(CafeExitAnswer)).all()
    assert len(answers) == 6 and all(a.gender is None for a in answers)
    totals = exit_answers.exit_totals(dialogue)
    assert dict(totals["age_band"]) == {"30_44": 5, "65_plus": None}
    login(place["lead"])
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    page = client.get(f"/staff/cafe/{dialogue.id}/registrations").get_data(as_text=True)
    assert "fewer than 5" in page


def _exit_answers(dialogue, **counts):
    for age_band, count in counts.items():
        for _ in range(count):
            exit_answers.add_exit_answer(
                dialogue, age_band=age_band, gender=None, area_id=None, lives_elsewhere=False, home_language=None
            )
    db.session.commit()


def _exactly_known(totals, column, labels=AGE_BANDS) -> dict:
    """What a reader can work out from the totals: for each hidden cell, every value it could
    hold given the total, the shown cells, 1–4 for "fewer than 5", 5 or more for the others,
    and any number of people who did not answer. Returns {cell: value} for the cells with
    one possible value."""
    import itertools

    cells = dict(totals[column])
    hidden = [k for k, v in cells.items() if not isinstance(v, int)]
    if totals["n"] is None:
        return {}
    rest = totals["n"] - sum(v for v in cells.values() if isinstance(v, int))
    ranges = [range(1, 5) if cells[k] is None else range(5, rest + 1) for k in hidden]
    options = [combo for combo in itertools.product(*ranges) if sum(combo) <= rest]
    return {k: options[0][i] for i, k in enumerate(hidden) if len({o[i] for o in options}) == 1}


def test_exit_totals_hide_a_second_cell_or_the_total(client, login, place):
    # The example: 6 answers, 30–44 = 5, 65+ = 1. With the total, 65+ would be 6 − 5 = 1.
    dialogue = make_dialogue(place, starts_in=timedelta(minutes=-30))
    _exit_answers(dialogue, **{"30_44": 5, "65_plus": 1})
    totals = exit_answers.exit_totals(dialogue)
    assert totals["n"] is None and totals["answered"]
    assert dict(totals["age_band"]) == {"30_44": 5, "65_plus": None}
    assert _exactly_known(totals, "age_band") == {}
    login(place["lead"])
    page = client.get(f"/staff/cafe/{dialogue.id}/registrations").get_data(as_text=True)
    assert "Anonymous answers: not shown" in page and "Anonymous answers: 6" not in page
    assert "fewer than 5" in page

    # With room in the total, a second cell is hidden instead and the total stays.
    other = make_dialogue(place, starts_in=timedelta(minutes=-30))
    _exit_answers(other, **{"30_44": 7, "45_64": 6, "65_plus": 1})
    totals = exit_answers.exit_totals(other)
    assert totals["n"] == 14
    assert dict(totals["age_band"]) == {"30_44": 7, "45_64": exit_answers.SUPPRESSED, "65_plus": None}
    assert _exactly_known(totals, "age_band") == {}
    page = client.get(f"/staff/cafe/{other.id}/registrations").get_data(as_text=True)
    assert "Anonymous answers: 14" in page and "not shown, so that a smaller group cannot be worked out" in page

    # Two groups of one: their sum (2) would give both away.
    third = make_dialogue(place, starts_in=timedelta(minutes=-30))
    _exit_answers(third, **{"under_18": 1, "30_44": 5, "65_plus": 1})
    assert _exactly_known(exit_answers.exit_totals(third), "age_band") == {}

    # Nothing hidden, or nothing to work out: everything stays.
    fourth = make_dialogue(place, starts_in=timedelta(minutes=-30))
    _exit_answers(fourth, **{"30_44": 5, "45_64": 9, "65_plus": 3})
    fourth_totals = exit_answers.exit_totals(fourth)
    assert fourth_totals["n"] == 17 and _exactly_known(fourth_totals, "age_band") == {}  # 65+ is 1, 2 or 3
    fifth = make_dialogue(place, starts_in=timedelta(minutes=-30))
    _exit_answers(fifth, **{"30_44": 5, "45_64": 9})
    assert exit_answers.exit_totals(fifth)["n"] == 14 and dict(exit_answers.exit_totals(fifth)["age_band"]) == {
        "30_44": 5,
        "45_64": 9,
    }


def test_exit_questionnaire_closed_outside_the_meeting(client, place):
    dialogue = make_dialogue(place)
    page = client.post(f"/cafe/{dialogue.id}/exit", data={"age_band": "30_44"}).get_data(as_text=True)
    assert "open only during" in page
    assert db.session.scalar(select(func.count()).select_from(CafeExitAnswer)) == 0


# --- Harvest and summary --------------------------------------------------------------------------


def add_notes(dialogue):
    table1, table2 = dialogue.tables
    round1, round2 = dialogue.rounds
    notes = [
        CafeNote(
            table_id=table1.id, round_id=round1.id, kind="point", body="Mörkt vid busshållplatsen", client_note_id="a1"
        ),
        CafeNote(
            table_id=table1.id, round_id=round2.id, kind="proposal", body="Fler lampor i parken", client_note_id="a2"
        ),
        CafeNote(
            table_id=table2.id,
            round_id=round2.id,
            kind="quote",
            body="Jag går aldrig ut efter nio",
            language="fa",
            client_note_id="b1",
        ),
    ]
    db.session.add_all(notes)
    db.session.add(
        CafeProposal(
            dialogue_id=dialogue.id,
            table_id=table2.id,
            body="Nattvandring varje fredag",
            language="ar",
            consent_contact=True,
            contact_email="p@example.org",
            consent_publish=True,
            idempotency_key="p1",
        )
    )
    db.session.commit()
    return notes


def test_harvest_makes_linked_routed_contributions_once(client, login, place):
    dialogue = make_dialogue(place, starts_in=timedelta(days=-1))
    notes = add_notes(dialogue)
    proposal = db.session.scalars(select(CafeProposal)).one()
    login(place["lead"])
    data = {"note_ids": [notes[0].id, notes[1].id], "proposal_ids": [proposal.id]}
    assert client.post(f"/staff/cafe/{dialogue.id}/harvest", data=data).status_code == 302
    client.post(f"/staff/cafe/{dialogue.id}/harvest", data=data)  # twice: still one each
    contributions = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert len(contributions) == 3
    note_c, proposal_note_c, participant_c = contributions
    assert note_c.source_kind == "cafe_note" and note_c.source_id == notes[0].id
    assert note_c.title.startswith("Table 1 ·") or note_c.title.startswith("Bord 1 ·")
    assert f"#round-{notes[0].round_id}" in note_c.source_url
    assert [r.theme_group.slug for r in note_c.routes] == ["trygg"]
    assert participant_c.source_kind == "cafe_proposal" and participant_c.contact_email == "p@example.org"
    assert participant_c.moderation == "pending"  # anonymous input is pre-moderated
    db.session.expire_all()
    assert db.session.get(CafeNote, notes[0].id).contribution_id == note_c.id
    assert db.session.get(CafeNote, notes[2].id).contribution_id is None  # not chosen
    inbox = client.get("/inbox/trygg").get_data(as_text=True)
    assert "Var känns det otryggt?" in inbox  # the note's round, in its title


def test_harvested_contributions_link_back_to_table_and_round(client, login, place):
    dialogue = make_dialogue(place, starts_in=timedelta(minutes=-30))
    notes = add_notes(dialogue)
    # Participants send proposals through the event link: one says its table and round, one only
    # the round, one neither.
    client.set_cookie("dialog_lang", "sv", domain="dialog.test")
    first_round, second_round = dialogue.rounds
    for body, table, round_ in (
        ("Bänkar vid lekplatsen", "2", first_round.id),
        ("Läxhjälp på biblioteket", "0", second_round.id),
        ("Mer fotboll", "0", 0),
    ):
        response = client.post(
            f"/cafe/{links.event_token(dialogue)}/proposal",
            data={
                "body": body,
                "table_number": table,
                "round_id": str(round_),
                "language": "sv",
                "consent_publish": "y",
                "idempotency_key": f"participant-proposal-{body[:5]}",
            },
        )
        assert response.status_code == 302
    by_body = {p.body: p for p in db.session.scalars(select(CafeProposal))}
    chosen, round_only, bare = (by_body[b] for b in ("Bänkar vid lekplatsen", "Läxhjälp på biblioteket", "Mer fotboll"))
    assert (chosen.table_id, chosen.round_id) == (dialogue.tables[1].id, first_round.id)
    assert (round_only.table_id, round_only.round_id) == (None, second_round.id)
    assert (bare.table_id, bare.round_id) == (None, None)
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    login(place["lead"])
    harvest_page = client.get(f"/staff/cafe/{dialogue.id}/harvest").get_data(as_text=True)
    assert '<span class="meta">Table 2 · Round 1:</span>' in harvest_page
    assert '<span class="meta">Round 2:</span>' in harvest_page
    client.post(
        f"/staff/cafe/{dialogue.id}/harvest",
        data={"note_ids": [notes[1].id], "proposal_ids": [chosen.id, round_only.id, bare.id]},
    )
    note_c = db.session.get(Contribution, db.session.get(CafeNote, notes[1].id).contribution_id)
    proposal_c = db.session.get(Contribution, db.session.get(CafeProposal, chosen.id).contribution_id)
    round_only_c = db.session.get(Contribution, db.session.get(CafeProposal, round_only.id).contribution_id)
    bare_c = db.session.get(Contribution, db.session.get(CafeProposal, bare.id).contribution_id)
    # Titled in the language the participant wrote in.
    assert proposal_c.title == "Bord 2 · Parker · Var känns det otryggt?"
    assert proposal_c.source_url == f"/cafe/{dialogue.id}#table-2"
    assert round_only_c.title == "Vad kan vi göra tillsammans?"
    assert round_only_c.source_url == f"/cafe/{dialogue.id}#round-{second_round.id}"
    assert bare_c.title == "Kafédialog om trygghet"  # the dialogue's name, when nothing more is known
    assert bare_c.source_url == f"/cafe/{dialogue.id}"

    detail = client.get(f"/inbox/contributions/{note_c.id}").get_data(as_text=True)
    assert (
        f'<a href="/cafe/{dialogue.id}#round-{notes[1].round_id}">'
        "Café dialogue “Kafédialog om trygghet”, table 1 · round 2</a>"
    ) in detail
    detail = client.get(f"/inbox/contributions/{proposal_c.id}").get_data(as_text=True)
    assert (
        f'<a href="/cafe/{dialogue.id}#table-2">Café dialogue “Kafédialog om trygghet”, table 2 · round 1</a>'
    ) in detail
    detail = client.get(f"/inbox/contributions/{round_only_c.id}").get_data(as_text=True)
    assert (
        f'<a href="/cafe/{dialogue.id}#round-{second_round.id}">Café dialogue “Kafédialog om trygghet” · round 2</a>'
    ) in detail
    detail = client.get(f"/inbox/contributions/{bare_c.id}").get_data(as_text=True)
    assert f'<a href="/cafe/{dialogue.id}">Café dialogue “Kafédialog om trygghet”</a>' in detail
    event = client.get(f"/cafe/{dialogue.id}").get_data(as_text=True)
    assert 'id="table-2"' in event and f'id="round-{notes[1].round_id}"' in event

    # The public page (by receipt code) says where it came from too; a draft is not named there.
    client.post("/account/logout")
    public = client.get(f"/follow/{note_c.display_receipt_code}").get_data(as_text=True)
    assert "table 1 · round 2</a>" in public
    dialogue = db.session.get(CafeDialogue, dialogue.id)
    dialogue.state = "draft"
    from dialog.contributions.operations import log_event

    log_event(note_c, "note", None, internal=True, text="x")
    db.session.commit()
    assert "table 1 · round 2" not in client.get(f"/follow/{note_c.display_receipt_code}").get_data(as_text=True)


def test_source_links_take_one_query_per_kind(client, app, place, count_queries):
    from dialog.contributions.sources import source_links

    dialogue = make_dialogue(place, starts_in=timedelta(days=-1))
    notes = add_notes(dialogue)
    harvesting.harvest_notes(dialogue, [n.id for n in notes], None)
    harvesting.harvest_proposals(dialogue, [p.id for p in db.session.scalars(select(CafeProposal))], None)
    db.session.commit()

    def measure():
        contributions = db.session.scalars(select(Contribution)).all()
        with app.test_request_context(), count_queries() as statements:
            found = source_links(contributions)
        assert set(found) == {c.id for c in contributions}
        return len(statements)

    few = measure()
    more = [
        CafeNote(
            table_id=dialogue.tables[i % 2].id,
            round_id=dialogue.rounds[i % 2].id,
            body=f"Fler {i}",
            client_note_id=f"more-{i}",
        )
        for i in range(8)
    ]
    db.session.add_all(more)
    db.session.commit()
    harvesting.harvest_notes(dialogue, [n.id for n in more], None)
    db.session.commit()
    assert measure() == few == 2  # one for the notes, one for the proposals


def test_harvest_chosen_sends_ticked_notes_then_proposals(app, place):
    dialogue = make_dialogue(place, starts_in=timedelta(days=-1))
    notes = add_notes(dialogue)
    proposal = db.session.scalars(select(CafeProposal)).one()
    with app.test_request_context():
        made = harvesting.harvest_chosen(dialogue, [notes[1].id], [proposal.id], None)
        db.session.commit()
    assert [c.body for c in made] == ["Fler lampor i parken", "Nattvandring varje fredag"]
    assert db.session.get(CafeNote, notes[1].id).contribution_id == made[0].id
    assert db.session.get(CafeNote, notes[0].id).contribution_id is None
    assert db.session.get(CafeProposal, proposal.id).contribution_id == made[1].id
    with app.test_request_context():
        assert harvesting.harvest_chosen(dialogue, None, None, None) == []


def test_harvest_ignores_notes_of_other_dialogues(client, login, place):
    mine = make_dialogue(place, starts_in=timedelta(days=-1))
    other = make_dialogue(place, starts_in=timedelta(days=-1))
    notes = add_notes(other)
    login(place["lead"])
    client.post(f"/staff/cafe/{mine.id}/harvest", data={"note_ids": [notes[0].id]})
    assert db.session.scalar(select(func.count()).select_from(Contribution)) == 0


def test_summary_published_and_emailed_once(client, app, login, place):
    dialogue = make_dialogue(place, starts_in=timedelta(days=2), capacity=5)
    register(client, dialogue, "Ali", "ali@example.org", language="fa", wants_feedback="y")
    register(client, dialogue, "Bo", "bo@example.org", language="sv")  # did not ask for feedback
    dialogue.starts_at, dialogue.ends_at = (
        utcnow() - timedelta(days=1),
        utcnow() - timedelta(days=1) + timedelta(hours=2),
    )
    db.session.commit()
    notes = add_notes(dialogue)
    login(place["lead"])
    client.post(f"/staff/cafe/{dialogue.id}/harvest", data={"note_ids": [notes[1].id]})
    page = client.post(f"/staff/cafe/{dialogue.id}/summary/publish", data={}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Write the summary in Swedish at least" in page
    client.post(
        f"/staff/cafe/{dialogue.id}/summary",
        data={
            "summary-sv": "<p>Många vill ha <strong>mer ljus</strong>.</p><script>alert(1)</script>",
            "summary-fa": "<p>بسیاری نور بیشتری می‌خواهند.</p>",
            "themes-sv": "<ul><li>Ljus</li></ul>",
            "follow_up_id": "0",
        },
    )
    before = len(outbox_messages(app.config["MAIL_OUTBOX_DIR"]))
    client.post(f"/staff/cafe/{dialogue.id}/summary/publish", data={})
    client.post(f"/staff/cafe/{dialogue.id}/summary/publish", data={})  # twice: one e-mail each
    mails = outbox_messages(app.config["MAIL_OUTBOX_DIR"])[before:]
    assert [m["To"] for m in mails] == ["ali@example.org"]
    body = mails[0].get_content()
    assert "بسیاری نور بیشتری می‌خواهند." in body and "<p>" not in body
    public = client.get(f"/cafe/{dialogue.id}").get_data(as_text=True)
    assert "<strong>mer ljus</strong>" in public and "<script>alert(1)</script>" not in public
    assert "Fler lampor i parken" in public and "Trygg i Norra Hisingen" in public  # where it went


def test_event_page_follows_the_harvested_contributions(client, login, place):
    """The cached event page changes when a harvested contribution is approved, answered,
    moved on, or when more is harvested, through the real operations (no cafe_ops.touch)."""
    dialogue = make_dialogue(place, starts_in=timedelta(days=-1))
    notes = add_notes(dialogue)
    late = CafeNote(
        table_id=dialogue.tables[1].id,
        round_id=dialogue.rounds[0].id,
        kind="proposal",
        body="Öppna fritidsgården på lördagar",
        client_note_id="b2",
    )
    db.session.add(late)
    db.session.commit()
    proposal = db.session.scalars(select(CafeProposal)).one()
    login(place["lead"])
    client.post(f"/staff/cafe/{dialogue.id}/harvest", data={"note_ids": [notes[1].id], "proposal_ids": [proposal.id]})
    client.post(f"/staff/cafe/{dialogue.id}/summary", data={"summary-sv": "<p>Ljus.</p>", "follow_up_id": "0"})
    client.post(f"/staff/cafe/{dialogue.id}/summary/publish", data={})
    note_c = db.session.get(Contribution, db.session.get(CafeNote, notes[1].id).contribution_id)
    participant_c = db.session.get(Contribution, db.session.get(CafeProposal, proposal.id).contribution_id)
    assert participant_c.moderation == "pending"

    def event_page():
        return client.get(f"/cafe/{dialogue.id}").get_data(as_text=True)

    page = event_page()
    assert "Fler lampor i parken" in page and "Nattvandring varje fredag" not in page
    assert "With the theme group" in page and "Answered: planned" not in page

    assert client.post(f"/moderation/contributions/{participant_c.id}/approve").status_code == 302
    assert "Nattvandring varje fredag" in event_page()

    client.post(
        f"/inbox/contributions/{note_c.id}/answer",
        data={
            "answer-status": "planned",
            "answer-body-sv": "Vi sätter upp lampor i vår.",
            "answer-body-en": "",
        },
    )
    assert "Answered: planned" in event_page()

    client.post(f"/staff/cafe/{dialogue.id}/harvest", data={"note_ids": [late.id]})
    assert "Öppna fritidsgården på lördagar" in event_page()

    client.post(f"/inbox/contributions/{participant_c.id}/status", data={"status-status": "looking"})
    assert "Being looked at" in event_page()


# --- Public lists -------------------------------------------------------------------------------


def test_area_page_and_calendar_list_dialogues(client, place):
    coming = make_dialogue(place)
    past = make_dialogue(
        place, starts_in=timedelta(days=-5), summary={"sv": "<p>Vi hörde mycket.</p>"}, summary_published_at=utcnow()
    )
    past.title = {"sv": "Förra mötet"}
    db.session.commit()
    for url in ("/areas/backa", "/areas/nh", "/cafe"):
        page = client.get(url).get_data(as_text=True)
        assert "Kafédialog om trygghet" in page, url
        assert "Förra mötet" in page, url
    assert coming.id


def test_event_page_queries_do_not_grow(client, place, count_queries):
    dialogue = make_dialogue(
        place, capacity=500, starts_in=timedelta(days=-1), summary={"sv": "x"}, summary_published_at=utcnow()
    )
    client.get(f"/cafe/{dialogue.id}")

    def measure():
        cache.clear()  # measure the rendering, not the cache
        with count_queries() as statements:
            assert client.get(f"/cafe/{dialogue.id}").status_code == 200
        return len(statements)

    notes = add_notes(dialogue)
    harvesting.harvest_notes(dialogue, [notes[1].id], None)
    db.session.commit()
    before = measure()
    harvesting.harvest_notes(dialogue, [n.id for n in notes], None)
    for i in range(10):
        db.session.add(CafeTable(dialogue_id=dialogue.id, number=10 + i, theme={"sv": f"Bord {i}"}, host_name="V"))
    db.session.commit()
    assert measure() == before


def test_registrants_are_forgotten_after_the_meeting(client, app, place):
    dialogue = make_dialogue(place, capacity=5)
    register(client, dialogue, "Ali", "ali@example.org", phone="0701234567", access_needs="Rullstol")
    reg = registration_of("Ali")
    seats.set_checked_in(reg, True)
    db.session.commit()
    assert seats.forget_registrants(utcnow() + timedelta(days=30)) == 0
    runner = app.test_cli_runner()
    assert seats.forget_registrants(utcnow() + timedelta(days=100)) == 1
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(CafeRegistration, reg.id)
    assert (row.name, row.email, row.phone, row.access_needs) == ("–", None, None, None)
    assert seats.attendance(db.session.get(CafeDialogue, dialogue.id)) == 1  # the count stays
    # The nightly retention run does the erasing now (the rule's count: nothing left to erase).
    result = runner.invoke(args=["retention", "run"])
    assert "cafe_registrants_after_meeting: 0" in result.output
