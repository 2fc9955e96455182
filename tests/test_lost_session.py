"""A form sent after the session was lost comes back with everything typed, a fresh token and a
plain message; nothing is stored; blocked cookies are said before anyone writes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from dialog.cafe import links
from dialog.cafe.models import CafeExitAnswer, CafeNote, CafeProposal, CafeRegistration
from dialog.contributions.models import Contribution
from dialog.extensions import db
from dialog.surveys.models import SurveyResponse

from .cafe.helpers import make_cafe_dialogue
from .conftest import csrf_token_from
from .surveys.helpers import make_survey, questions
from .trust.test_dialogues import make_dialogue as make_trust_dialogue
from .trust.test_dialogues import place as trust_place  # noqa: F401  (fixture)

EXPIRED = "Your session had ended, so nothing has been sent yet."
NO_COOKIES = "The form came without its cookie"


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("dialog_lang", "en", domain="dialog.test")


@pytest.fixture
def cafe(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa"})
    group = factories.group("trygg", areas=[district], district=district)
    return make_cafe_dialogue(db.session, group, backa)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def lost_post(client, app, url, data, *, headers=None):
    """Open the form (the session gets a token), lose the session, then send the form."""
    assert client.get(url).status_code == 200
    client.delete_cookie("session", domain="dialog.test")
    client.set_cookie("session", "expired-or-from-another-server", domain="dialog.test")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        return client.post(url, data={**data, "csrf_token": "old-token"}, headers=headers or {})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def assert_comes_back_full(response, *typed):
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:500]
    assert EXPIRED in html
    for text in typed:
        assert text in html, text
    token = csrf_token_from(html)
    assert token and token != "old-token"
    assert "CSRF" not in html
    assert response.headers["Cache-Control"] == "no-store"
    return html


def test_idea_comes_back_full_and_is_sent_with_the_fresh_token(client, app, factories):
    area = factories.area("backa", name={"sv": "Backa"})
    topic = factories.topic("safety")
    data = {
        "area_id": str(area.id),
        "topic_id": str(topic.id),
        "title": "Fler lampor i parken",
        "body": "Det är mörkt vid gångvägen på kvällen.",
        "place": "Backa torg",
        "language": "sv",
        "email": "jag@example.org",
        "consent_publish": "y",
        "idempotency_key": "i" * 24,
    }
    response = lost_post(client, app, "/areas/backa/ideas/new", data)
    html = assert_comes_back_full(response, "Fler lampor i parken", "Det är mörkt vid gångvägen", "Backa torg")
    assert "jag@example.org" in html
    assert 'name="consent_publish" type="checkbox" value="y" checked' in html or "checked" in html
    assert count(Contribution) == 0
    # The page came with a fresh token in the new session: sending again works.
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        again = client.post("/areas/backa/ideas/new", data={**data, "csrf_token": csrf_token_from(html)})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert again.status_code == 302
    assert count(Contribution) == 1


def test_no_cookies_at_all_is_said_plainly(client, app, factories):
    factories.area("backa", name={"sv": "Backa"})
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/areas/backa/ideas/new", data={"title": "Min idé", "body": "Text som jag skrev"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert NO_COOKIES in html
    assert "Text som jag skrev" in html


def test_trust_story_comes_back_full(client, app, trust_place):  # noqa: F811
    dialogue = make_trust_dialogue(trust_place)
    body = "Det är lugnt att bo här men jag saknar en mötesplats för unga."
    data = {"body": body, "language": "sv", "prompt_id": str(dialogue.prompts[0].id), "idempotency_key": "t" * 24}
    assert_comes_back_full(lost_post(client, app, f"/trust/{dialogue.id}", data), body)
    assert count(Contribution) == 0


def test_cafe_registration_comes_back_full(client, app, cafe):
    cafe.starts_at = cafe.starts_at.replace(year=cafe.starts_at.year + 1)
    cafe.ends_at = cafe.ends_at.replace(year=cafe.ends_at.year + 1)
    db.session.commit()
    data = {"name": "Amina Yusuf", "email": "amina@example.org", "phone": "0701234567", "access_needs": "Rullstol"}
    assert_comes_back_full(lost_post(client, app, f"/cafe/{cafe.id}/register", data), "Amina Yusuf", "Rullstol")
    assert count(CafeRegistration) == 0


def test_proposal_and_exit_questionnaire_come_back_full(client, app, cafe):
    url = f"/cafe/{links.event_token(cafe)}/proposal"
    data = {"body": "Ett café för unga på kvällar", "table_number": "2", "language": "sv", "idempotency_key": "p" * 24}
    html = assert_comes_back_full(lost_post(client, app, url, data), "Ett café för unga på kvällar")
    assert re.search(r'<option selected value="2">|<option value="2" selected', html)
    assert count(CafeProposal) == 0

    html = assert_comes_back_full(lost_post(client, app, f"/cafe/{cafe.id}/exit", {"home_language": "other"}))
    assert re.search(r'value="other"[^>]*checked|checked[^>]*value="other"', html)
    assert count(CafeExitAnswer) == 0


def test_host_note_without_script_comes_back_full(client, app, cafe):
    table, round_ = cafe.tables[0], cafe.rounds[0]
    prefix = f"round{round_.id}-"
    url = f"/cafe/table/{links.table_token(table)}"
    assert client.get(url).status_code == 200
    client.set_cookie("session", "lost", domain="dialog.test")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"{url}/rounds/{round_.id}/notes",
            data={
                prefix + "body": "Fler bänkar vid torget",
                prefix + "kind": "point",
                prefix + "client_note_id": "n" * 16,
            },
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED in html and "Fler bänkar vid torget" in html
    assert count(CafeNote) == 0


def test_host_note_from_the_script_gets_a_plain_400_and_resends(client, app, cafe):
    """The host page's script fetches a fresh token itself on a 400 that is not JSON."""
    table, round_ = cafe.tables[0], cafe.rounds[0]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/cafe/table/{links.table_token(table)}/rounds/{round_.id}/notes",
            data={f"round{round_.id}-body": "x"},
            headers={"Accept": "application/json"},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "application/json" not in response.headers["Content-Type"]


def test_survey_page_comes_back_with_the_answers(client, app, factories):
    survey = make_survey(factories)
    q = questions(survey)
    start = client.post(f"/surveys/{survey.id}/start")
    url = start.headers["Location"]
    assert client.get(url).status_code == 200
    client.set_cookie("session", "lost", domain="dialog.test")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            url,
            data={
                "action": "next",
                f"q{q['safe'].id}": "4",
                f"q{q['colour'].id}-other": "Turkos som havet",
                "area": str(survey.areas[0].children[0].id),
                "csrf_token": "old",
            },
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED in html
    assert "Turkos som havet" in html
    assert re.search(rf'name="q{q["safe"].id}"[^>]*value="4"[^>]*checked|value="4"[^>]*checked', html)
    response_row = db.session.scalars(select(SurveyResponse)).one()
    assert not (response_row.draft or {}).get(str(q["safe"].id))


def test_views_without_the_mark_keep_the_expired_page_and_change_nothing(client, app, factories, login):
    user = factories.user()
    login(user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/account/logout")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 200  # still logged in


def test_cookie_check_stylesheet_shows_the_notice_only_without_cookies(client, app):
    fresh = app.test_client()
    css = fresh.get("/cookie-check.css")
    assert css.headers["Content-Type"].startswith("text/css")
    assert "display:block" in css.get_data(as_text=True)
    assert css.headers["Cache-Control"] == "no-store"
    page = client.get("/").get_data(as_text=True)
    assert 'href="/cookie-check.css"' in page
    assert 'id="cookie-notice"' in page
    assert "display:none" in client.get("/cookie-check.css").get_data(as_text=True)
