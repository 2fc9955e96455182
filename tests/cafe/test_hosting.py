"""During a café dialogue: table links (own table only, revoked and reissued links, tampering),
host notes saved once on resend, bad input, participants' proposals, QR posters and staff rights."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialog.cafe import links
from dialog.cafe.host_forms import NOTE_MAX
from dialog.cafe.models import CafeNote, CafeProposal
from dialog.core.models import utcnow
from dialog.extensions import db

from ..conftest import csrf_token_from
from .helpers import add_note, make_cafe_dialogue

JSON = {"Accept": "application/json"}


@pytest.fixture
def place(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa"})
    lead = factories.staff(name="Lena Lead")
    group = factories.group("trygg", areas=[district], district=district, members=[(lead, "lead")])
    return {"district": district, "backa": backa, "group": group, "lead": lead}


@pytest.fixture
def dialogue(place):
    return make_cafe_dialogue(db.session, place["group"], place["backa"])


def table_url(table) -> str:
    return f"/cafe/table/{links.table_token(table)}"


def note_url(table, round_) -> str:
    return f"{table_url(table)}/rounds/{round_.id}/notes"


def note_data(round_, body="Fler lampor vid gångvägen", kind="point", client_id="client-note-0001"):
    prefix = f"round{round_.id}-"
    return {prefix + "body": body, prefix + "kind": kind, prefix + "client_note_id": client_id}


def note_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CafeNote))


# --- The host's page and its link --------------------------------------------------------------------


def test_host_page_shows_own_table_rounds_and_notes(client, dialogue):
    one, two, _three = dialogue.tables
    first, second = dialogue.rounds
    add_note(one, first, "Belysningen i parken")
    add_note(two, first, "Hemlig anteckning från bord två")
    response = client.get(table_url(one), headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Café dialogue in Backa" in html
    assert "Table 1" in html and "Safety" in html
    assert "What is it like to live in Backa?" in html and "How can we together strengthen trust?" in html
    assert "Belysningen i parken" in html
    assert "Hemlig anteckning från bord två" not in html
    # One form per round, each with its own hidden client note id, and the script loaded with defer.
    ids = re.findall(r'name="round\d+-client_note_id" type="hidden" value="([^"]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]
    assert 'src="/static/js/host-notes.js" defer' in html
    assert "<script>" not in html and "onclick" not in html


def test_questions_follow_the_ui_language(client, dialogue):
    html = client.get(table_url(dialogue.tables[0]), headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "كيف هي الحياة في باكا؟" in html


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        lambda token: token.replace(".1.", ".2.", 1),  # version raised without the key
        lambda token: "999." + token.split(".", 1)[1],  # another id under the same signature
        lambda token: "nonsense",
    ],
)
def test_tampered_link_gives_nothing(client, dialogue, mangle):
    table = dialogue.tables[0]
    add_note(table, dialogue.rounds[0], "Ska inte synas")
    token = mangle(links.table_token(table))
    response = client.get(f"/cafe/table/{token}")
    assert response.status_code in (404, 410)
    html = response.get_data(as_text=True)
    assert "This table link no longer works" in html or "Den här bordslänken fungerar inte längre" in html
    assert "Ska inte synas" not in html and "Kafédialog i Backa" not in html
    response = client.post(
        f"/cafe/table/{token}/rounds/{dialogue.rounds[0].id}/notes", data=note_data(dialogue.rounds[0]), headers=JSON
    )
    assert response.status_code in (404, 410) and "error" in response.get_json()
    assert note_count() == 1


def test_event_token_is_not_a_table_token(client, dialogue):
    table = dialogue.tables[0]
    # Same id and version, but signed for another kind of link.
    token = links.make_token("event", table.id, table.link_version)
    assert client.get(f"/cafe/table/{token}").status_code == 404


def test_round_of_another_dialogue_is_refused(client, place, dialogue):
    other = make_cafe_dialogue(db.session, place["group"], place["backa"])
    table = dialogue.tables[0]
    foreign_round = other.rounds[0]
    response = client.post(
        f"{table_url(table)}/rounds/{foreign_round.id}/notes", data=note_data(foreign_round), headers=JSON
    )
    assert response.status_code == 404
    assert response.get_json()["error"]
    # Without JavaScript: the translated error page, not another dialogue's data.
    response = client.post(f"{table_url(table)}/rounds/{foreign_round.id}/notes", data=note_data(foreign_round))
    assert response.status_code == 404
    # A round that does not exist at all.
    assert (
        client.post(f"{table_url(table)}/rounds/987654/notes", data=note_data(foreign_round), headers=JSON).status_code
        == 404
    )
    assert note_count() == 0


def test_a_link_edits_only_its_own_tables_notes(client, dialogue):
    one, two, _three = dialogue.tables
    theirs = add_note(two, dialogue.rounds[0], "Bord två skrev detta")
    assert client.get(f"{table_url(one)}/notes/{theirs.id}/edit").status_code == 404
    response = client.post(f"{table_url(one)}/notes/{theirs.id}/edit", data={"kind": "quote", "body": "Kapad"})
    assert response.status_code == 404
    assert client.post(f"{table_url(one)}/notes/{theirs.id}/delete").status_code == 404
    db.session.refresh(theirs)
    assert theirs.body == "Bord två skrev detta" and theirs.deleted_at is None


def test_revoked_link_gives_nothing_and_reissued_link_works(client, factories, login, place, dialogue):
    table = dialogue.tables[0]
    round_ = dialogue.rounds[0]
    add_note(table, round_, "Tidigare anteckning")
    old = table_url(table)
    assert client.get(old).status_code == 200
    login(place["lead"])
    response = client.post(f"/staff/cafe/{dialogue.id}/tables/{table.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(table)
    assert table.link_revoked_at is not None
    client.post("/account/logout")

    response = client.get(old)
    assert response.status_code == 410
    assert "Tidigare anteckning" not in response.get_data(as_text=True)
    assert client.post(f"{old}/rounds/{round_.id}/notes", data=note_data(round_), headers=JSON).status_code == 410
    assert note_count() == 1

    login(place["lead"])
    client.post(f"/staff/cafe/{dialogue.id}/tables/{table.id}/reissue")
    client.post("/account/logout")
    db.session.refresh(table)
    assert table.link_revoked_at is None and table.link_version == 2
    new = table_url(table)
    assert new != old
    assert client.get(old).status_code == 410
    response = client.get(new)
    assert response.status_code == 200 and "Tidigare anteckning" in response.get_data(as_text=True)
    assert client.post(f"{new}/rounds/{round_.id}/notes", data=note_data(round_), headers=JSON).status_code == 201


def test_table_links_stop_working_when_the_dialogue_is_cancelled(client, login, place, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    add_note(table, round_, "Tidigare anteckning")
    url = table_url(table)
    note_id = db.session.scalar(select(CafeNote.id))
    assert client.get(url).status_code == 200
    login(place["lead"])
    assert client.post(f"/staff/cafe/{dialogue.id}/state", data={"state": "cancelled"}).status_code == 302
    client.post("/account/logout")
    client.set_cookie("dialog_lang", "en", domain="dialog.test")

    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This table link no longer works" in page and "has been cancelled" in page
    assert "Tidigare anteckning" not in page
    response = client.post(f"{url}/rounds/{round_.id}/notes", data=note_data(round_), headers=JSON)
    assert response.status_code == 410 and "cancelled" in response.get_json()["error"]
    assert client.get(f"{url}/notes/{note_id}/edit").status_code == 410
    assert client.post(f"{url}/notes/{note_id}/delete").status_code == 410
    assert note_count() == 1
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    assert "أُلغي حوار المقهى هذا." in client.get(url).get_data(as_text=True)  # translated

    # Published again (the cancellation was a mistake): the same link works again.
    login(place["lead"])
    client.post(f"/staff/cafe/{dialogue.id}/state", data={"state": "published"})
    client.post("/account/logout")
    assert client.get(url).status_code == 200


# --- Notes ---------------------------------------------------------------------------------------------


def test_resent_note_is_stored_once(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    first = client.post(note_url(table, round_), data=note_data(round_), headers=JSON)
    assert first.status_code == 201
    assert first.get_json()["status"] == "stored"
    second = client.post(note_url(table, round_), data=note_data(round_), headers=JSON)
    assert second.status_code == 200
    assert second.get_json() == {**first.get_json(), "status": "already_stored"}
    assert note_count() == 1
    note = db.session.scalars(select(CafeNote)).one()
    assert (note.table_id, note.round_id, note.kind, note.body) == (
        table.id,
        round_.id,
        "point",
        "Fler lampor vid gångvägen",
    )
    # The same id for the other round is another note.
    other = dialogue.rounds[1]
    assert client.post(note_url(table, other), data=note_data(other), headers=JSON).status_code == 201
    assert note_count() == 2


def test_a_note_says_the_language_it_is_written_in(client, dialogue):
    table, first, second = dialogue.tables[0], *dialogue.rounds
    url = note_url(table, first)
    data = {**note_data(first, body="نحتاج إلى إنارة", client_id="client-note-ar-1"), f"round{first.id}-language": "ar"}
    assert client.post(url, data=data, headers={**JSON, "Accept-Language": "sv"}).status_code == 201
    assert db.session.scalars(select(CafeNote)).one().language == "ar"
    # The next note is offered in that language, in every round; the note is marked with it.
    html = client.get(table_url(table), headers={"Accept-Language": "sv"}).get_data(as_text=True)
    for round_ in (first, second):
        select_html = re.search(rf'<select[^>]*name="round{round_.id}-language"[^>]*>(.*?)</select>', html, re.S)
        assert re.findall(r"<option selected value=\"(\w+)\"", select_html.group(1)) == ["ar"]
    assert 'lang="ar" dir="auto">نحتاج إلى إنارة<' in html
    # A tampered language is refused with a message, nothing stored.
    bad = {**note_data(second, client_id="client-note-xx-1"), f"round{second.id}-language": "xx"}
    response = client.post(note_url(table, second), data=bad, headers={**JSON, "Accept-Language": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Choose one of the options in the list."
    assert note_count() == 1
    # A page from before the field (no language sent): the interface language, as before.
    old = note_data(second, body="Utan språkfält", client_id="client-note-old-1")
    assert client.post(note_url(table, second), data=old, headers={**JSON, "Accept-Language": "so"}).status_code == 201
    assert db.session.scalars(select(CafeNote).where(CafeNote.body == "Utan språkfält")).one().language == "so"


def test_editing_a_note_can_change_its_language(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    note_id = client.post(note_url(table, round_), data=note_data(round_), headers=JSON).get_json()["id"]
    edit = f"{table_url(table)}/notes/{note_id}/edit"
    assert client.post(edit, data={"kind": "point", "body": "Fler lampor", "language": "fa"}).status_code == 302
    assert db.session.get(CafeNote, note_id).language == "fa"
    # An edit page from before the field keeps the language.
    assert (
        client.post(edit, data={"kind": "point", "body": "Fler lampor!"}, headers={"Accept-Language": "en"}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(CafeNote, note_id).language == "fa"


def test_resent_plain_form_is_stored_once(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    for _ in range(2):
        response = client.post(note_url(table, round_), data=note_data(round_, kind="quote"))
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"{table_url(table)}#round-{round_.id}")
    assert note_count() == 1
    html = client.get(table_url(table)).get_data(as_text=True)
    assert html.count('dir="auto">Fler lampor vid gångvägen<') == 1


def test_resend_of_a_deleted_note_does_not_bring_it_back(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    note_id = client.post(note_url(table, round_), data=note_data(round_), headers=JSON).get_json()["id"]
    assert client.post(f"{table_url(table)}/notes/{note_id}/delete").status_code == 302
    response = client.post(note_url(table, round_), data=note_data(round_), headers=JSON)
    assert response.get_json()["status"] == "already_stored"
    assert note_count() == 1
    assert "Fler lampor" not in client.get(table_url(table)).get_data(as_text=True)


def test_note_stored_by_a_racing_request_is_reported_already_stored(client, dialogue, monkeypatch):
    """Two copies of one note at the same moment: the loser hits the unique constraint."""
    from dialog.cafe import notes

    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    real = notes.find_note
    calls = []

    def racing(table_, round_id, client_note_id):
        calls.append(client_note_id)
        if len(calls) == 1:
            # The other request commits just after our look-up.
            add_note(table_, round_, "Fler lampor vid gångvägen", client_note_id=client_note_id)
            return None
        return real(table_, round_id, client_note_id)

    monkeypatch.setattr(notes, "find_note", racing)
    response = client.post(note_url(table, round_), data=note_data(round_), headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["status"] == "already_stored"
    assert note_count() == 1


def test_oversize_note_is_refused_with_text_kept(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    long_text = "Mycket att säga. " * 200
    assert len(long_text.strip()) > NOTE_MAX
    response = client.post(note_url(table, round_), data=note_data(round_, body=long_text), headers=JSON)
    assert response.status_code == 400
    assert "2000" in response.get_json()["error"]
    # Without JavaScript: the page again, the error next to the field and the text still there.
    response = client.post(
        note_url(table, round_), data=note_data(round_, body=long_text, kind="quote"), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="round{round_.id}-body-error"' in html
    assert "Use at most 2000 characters." in html
    assert "Mycket att säga. Mycket att säga." in html
    assert re.search(rf'id="round{round_.id}-kind-1"[^>]*checked|checked[^>]*id="round{round_.id}-kind-1"', html)
    assert note_count() == 0


def test_empty_note_is_refused(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    response = client.post(note_url(table, round_), data=note_data(round_, body="   "), headers=JSON)
    assert response.status_code == 400 and response.get_json()["error"]
    response = client.post(note_url(table, round_), data=note_data(round_, body="\x00\x01 \n"), headers=JSON)
    assert response.status_code == 400
    response = client.post(note_url(table, round_), data=note_data(round_, kind="gossip"), headers=JSON)
    assert response.status_code == 400
    assert note_count() == 0


def test_broken_client_id_is_replaced_not_trusted(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    response = client.post(note_url(table, round_), data=note_data(round_, client_id="<script>"), headers=JSON)
    assert response.status_code == 201
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", response.get_json()["client_note_id"])


def test_host_note_text_is_escaped(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    client.post(note_url(table, round_), data=note_data(round_, body="<img src=x onerror=alert(1)>"), headers=JSON)
    html = client.get(table_url(table)).get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_edit_and_delete_a_note(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    note = add_note(table, round_, "Första versionen")
    edit = f"{table_url(table)}/notes/{note.id}/edit"
    assert "Första versionen" in client.get(edit).get_data(as_text=True)
    response = client.post(edit, data={"kind": "proposal", "body": "x" * (NOTE_MAX + 1)})
    assert response.status_code == 400 and "x" * 100 in response.get_data(as_text=True)
    response = client.post(edit, data={"kind": "proposal", "body": "Andra versionen"})
    assert response.status_code == 302
    db.session.refresh(note)
    assert (note.kind, note.body) == ("proposal", "Andra versionen")
    assert client.post(f"{table_url(table)}/notes/{note.id}/delete").status_code == 302
    db.session.refresh(note)
    assert note.deleted_at is not None
    assert "Andra versionen" not in client.get(table_url(table)).get_data(as_text=True)
    assert client.get(edit).status_code == 404


def test_note_forms_need_csrf(client, csrf_enabled, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[0]
    assert client.post(note_url(table, round_), data=note_data(round_), headers=JSON).status_code == 400
    html = client.get(table_url(table)).get_data(as_text=True)
    token = (
        csrf_token_from(html)
        if 'name="csrf_token"' in html
        else re.search(r'name="round\d+-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    )
    response = client.post(note_url(table, round_), data=note_data(round_), headers={**JSON, "X-CSRFToken": token})
    assert response.status_code == 201
    assert note_count() == 1


def test_host_page_query_count_does_not_grow(client, dialogue, count_queries):
    table = dialogue.tables[0]
    url = table_url(table)

    def measure():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    add_note(table, dialogue.rounds[0], "En")
    before = measure()
    for n in range(15):
        add_note(table, dialogue.rounds[n % 2], f"Anteckning {n}", kind=("point", "quote", "proposal")[n % 3])
    assert measure() == before


# --- Participants' proposals -------------------------------------------------------------------------------


def proposal_url(dialogue) -> str:
    return f"/cafe/{links.event_token(dialogue)}/proposal"


def proposal_data(**overrides):
    data = {
        "body": "Ett café för unga på kvällar",
        "table_number": "2",
        "language": "sv",
        "consent_publish": "y",
        "idempotency_key": "p" * 24,
    }
    data.update(overrides)
    return data


def test_proposal_is_stored_once_with_its_table(client, dialogue):
    url = proposal_url(dialogue)
    page = client.get(url, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Send a proposal" in page.get_data(as_text=True)
    for _ in range(2):
        response = client.post(url, data=proposal_data())
        assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}/thanks")
    proposal = db.session.scalars(select(CafeProposal)).one()
    assert proposal.dialogue_id == dialogue.id
    assert proposal.table_id == dialogue.tables[1].id
    assert proposal.consent_publish and not proposal.consent_contact and proposal.contact_email is None
    assert proposal.contribution_id is None  # the harvest turns it into a contribution
    assert client.get(f"{url}/thanks").status_code == 200


def test_proposal_says_its_round_and_a_tampered_round_is_refused(client, dialogue):
    url = proposal_url(dialogue)
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The question you talked about (if you want to say)" in page
    assert f'<option value="{dialogue.rounds[1].id}">Round 2 – How can we together strengthen trust?</option>' in page
    other = make_cafe_dialogue(db.session, dialogue.theme_group, dialogue.area)
    response = client.post(url, data=proposal_data(round_id=str(other.rounds[0].id)), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="round_id-error"' in html and "Ett café för unga på kvällar" in html  # kept
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == 0
    assert client.post(url, data=proposal_data(round_id=str(dialogue.rounds[1].id))).status_code == 302
    assert db.session.scalars(select(CafeProposal)).one().round_id == dialogue.rounds[1].id


def test_proposal_email_only_with_consent(client, dialogue):
    url = proposal_url(dialogue)
    response = client.post(url, data=proposal_data(consent_contact="y", email=""), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write your e-mail address, or untick the e-mail box." in html
    assert "Ett café för unga på kvällar" in html  # kept
    client.post(url, data=proposal_data(email="Someone@Example.org"))  # no consent: not kept
    client.post(url, data=proposal_data(consent_contact="y", email="Someone@Example.org", idempotency_key="q" * 24))
    emails = sorted((p.contact_email or "") for p in db.session.scalars(select(CafeProposal)))
    assert emails == ["", "someone@example.org"]


def test_oversize_proposal_keeps_the_text(client, dialogue):
    body = "Förslag " * 300
    response = client.post(proposal_url(dialogue), data=proposal_data(body=body), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Use at most 2000 characters." in html and "Förslag Förslag" in html
    response = client.post(proposal_url(dialogue), data=proposal_data(body="  "), headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "Write your proposal." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == 0


def test_proposal_honeypot_turns_bots_away(client, dialogue):
    assert client.post(proposal_url(dialogue), data=proposal_data(website="http://spam")).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == 0


@pytest.mark.parametrize(
    "starts_in, open_",
    [
        (timedelta(hours=-1), True),  # running
        (timedelta(minutes=20), True),  # about to start: open half an hour before
        (timedelta(hours=2), False),  # not yet
        (timedelta(hours=-3, minutes=-30), True),  # ended 1.5 hours ago (2 h length)
        (timedelta(hours=-5), False),  # ended 3 hours ago
    ],
)
def test_proposals_open_only_around_the_event(client, place, starts_in, open_):
    dialogue = make_cafe_dialogue(db.session, place["group"], place["backa"], starts_in=starts_in)
    url = proposal_url(dialogue)
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ("Send my proposal" in page) is open_
    assert ("Proposals cannot be sent now" in page) is not open_
    response = client.post(url, data=proposal_data(), headers={"Accept-Language": "en"})
    if open_:
        assert response.status_code == 302
    else:
        assert response.status_code == 409
        assert "Ett café för unga på kvällar" in response.get_data(as_text=True)  # nothing lost
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == (1 if open_ else 0)


def test_proposals_closed_for_cancelled_and_hidden_for_draft(client, place):
    cancelled = make_cafe_dialogue(db.session, place["group"], place["backa"], state="cancelled")
    response = client.post(proposal_url(cancelled), data=proposal_data(), headers={"Accept-Language": "en"})
    assert response.status_code == 409 and "cancelled" in response.get_data(as_text=True)
    draft = make_cafe_dialogue(db.session, place["group"], place["backa"], state="draft")
    assert client.get(proposal_url(draft)).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == 0


def test_reissued_event_link_replaces_the_old_one(client, login, place, dialogue):
    old = proposal_url(dialogue)
    login(place["lead"])
    assert client.post(f"/staff/cafe/{dialogue.id}/event-link/reissue").status_code == 302
    db.session.refresh(dialogue)
    assert dialogue.link_version == 2
    assert client.get(old).status_code == 410
    assert client.post(old, data=proposal_data()).status_code == 410
    assert client.get(proposal_url(dialogue)).status_code == 200
    # A table token is not an event token.
    assert client.get(f"/cafe/{links.table_token(dialogue.tables[0])}/proposal").status_code == 404


# --- Staff: posters and permissions ---------------------------------------------------------------------


def test_posters_have_a_qr_code_per_table_and_for_participants(client, login, place, dialogue):
    login(place["lead"])
    dialogue.tables[2].link_revoked_at = utcnow()
    db.session.commit()
    response = client.get(f"/staff/cafe/{dialogue.id}/posters")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<svg") == 3  # two live table links and the participants' link
    assert f"http://dialog.test{table_url(dialogue.tables[0])}" in html
    assert f"http://dialog.test{table_url(dialogue.tables[1])}" in html
    assert table_url(dialogue.tables[2]) not in html
    assert f"http://dialog.test{proposal_url(dialogue)}" in html


def test_qr_code_encodes_the_link(app):
    import segno

    from dialog.cafe.hosting import qr_svg

    url = "http://dialog.test/cafe/table/1.1.abc"
    svg = str(qr_svg(url, "QR"))
    assert 'role="img"' in svg and 'aria-label="QR"' in svg
    assert segno.make(url, error="m").svg_inline(scale=6, svgclass="qr-code", lineclass="qr-line") in svg


def test_staff_outside_the_group_get_403(client, factories, login, place, dialogue):
    table = dialogue.tables[0]
    login(factories.staff())
    assert client.get(f"/staff/cafe/{dialogue.id}/posters").status_code == 403
    assert client.post(f"/staff/cafe/{dialogue.id}/tables/{table.id}/revoke").status_code == 403
    assert client.post(f"/staff/cafe/{dialogue.id}/tables/{table.id}/reissue").status_code == 403
    assert client.post(f"/staff/cafe/{dialogue.id}/event-link/reissue").status_code == 403
    db.session.refresh(table)
    db.session.refresh(dialogue)
    assert table.link_revoked_at is None and table.link_version == 1 and dialogue.link_version == 1


def test_residents_and_visitors_cannot_reach_staff_pages(client, factories, login, dialogue):
    response = client.get(f"/staff/cafe/{dialogue.id}/posters")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    login(factories.user())
    assert client.get(f"/staff/cafe/{dialogue.id}/posters").status_code == 403


def test_admin_may_manage_and_tables_of_other_dialogues_are_404(client, factories, login, place, dialogue):
    other = make_cafe_dialogue(db.session, place["group"], place["backa"])
    login(factories.admin())
    assert client.get(f"/staff/cafe/{dialogue.id}/posters").status_code == 200
    assert client.post(f"/staff/cafe/{dialogue.id}/tables/{other.tables[0].id}/revoke").status_code == 404
    assert client.get("/staff/cafe/987654/posters").status_code == 404


def test_redirect_back_only_to_this_site(client, login, place, dialogue):
    table = dialogue.tables[0]
    login(place["lead"])
    response = client.post(
        f"/staff/cafe/{dialogue.id}/tables/{table.id}/revoke", data={"next": "https://evil.example/"}
    )
    assert "evil.example" not in response.headers["Location"]
    response = client.post(
        f"/staff/cafe/{dialogue.id}/tables/{table.id}/reissue", data={"next": f"/staff/cafe/{dialogue.id}/posters"}
    )
    assert response.headers["Location"].endswith(f"/staff/cafe/{dialogue.id}/posters")


def test_json_answer_shape(client, dialogue):
    table, round_ = dialogue.tables[0], dialogue.rounds[1]
    data = client.post(note_url(table, round_), data=note_data(round_, kind="proposal"), headers=JSON).get_json()
    assert set(data) >= {"id", "status", "edit_url", "kind", "body"}
    assert data["edit_url"] == f"{table_url(table)}/notes/{data['id']}/edit"
    json.dumps(data)


def test_note_saves_are_limited_per_table_link_not_per_venue(client, app, rate_limits, dialogue):
    """A whole venue shares one address: one busy table must not stop the others."""
    app.config["CAFE_NOTE_LIMIT"] = "3 per minute"
    try:
        one, two = dialogue.tables[0], dialogue.tables[1]
        round_ = dialogue.rounds[0]
        codes = [
            client.post(
                note_url(one, round_), data=note_data(round_, client_id=f"note-id-{n:04d}"), headers=JSON
            ).status_code
            for n in range(4)
        ]
        assert codes == [201, 201, 201, 429]
        assert client.post(note_url(two, round_), data=note_data(round_), headers=JSON).status_code == 201
        assert note_count() == 4
    finally:
        app.config.pop("CAFE_NOTE_LIMIT")


def test_proposals_have_the_public_form_limit(client, app, rate_limits, dialogue):
    app.config["PUBLIC_POST_LIMIT"], old = "2 per minute", app.config["PUBLIC_POST_LIMIT"]
    try:
        codes = [
            client.post(proposal_url(dialogue), data=proposal_data(idempotency_key=f"{n}" * 24)).status_code
            for n in range(3)
        ]
        assert codes == [302, 302, 429]
    finally:
        app.config["PUBLIC_POST_LIMIT"] = old
