"""Trust dialogues: set-up, prompts and themes, stories as routed and moderated contributions,
stories heard in person, theme tags, the "what we heard" page, permissions and bad input."""

import re
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from dialog.contributions.models import Contribution, ContributionEvent
from dialog.extensions import db
from dialog.moderation.operations import hide
from dialog.trust import heard as what_we_heard
from dialog.trust import operations as trust_ops
from dialog.trust import queries as trust_queries
from dialog.trust.models import TrustDialogue, TrustPrompt, TrustStory, TrustTheme


@pytest.fixture
def place(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa", "ar": "باكا"})
    karra = factories.area("karra", parent=district, name={"sv": "Kärra"})
    elsewhere = factories.area("elsewhere", name={"sv": "Annanstans"})
    trust_topic = factories.topic("participation-trust", name={"sv": "Delaktighet och tillit"})
    work = factories.topic("work", name={"sv": "Arbete"})
    member = factories.staff(email="member@example.org")
    outsider = factories.staff(email="outsider@example.org")
    group = factories.group(
        "tillit",
        areas=[district],
        topics=[trust_topic],
        district=district,
        members=[(member, "lead")],
        name={"sv": "Tillit i Backa"},
    )
    other = factories.group("other", areas=[district], topics=[work], district=district, members=[(outsider, "member")])
    fallback = factories.group("fallback", areas=[district], district=district, fallback=True)
    return locals()


def make_dialogue(
    place, *, area="backa", topics=("trust_topic",), state="open", prompts=2, themes=3, heard_public=True, **settings
) -> TrustDialogue:
    dialogue = trust_ops.create_dialogue(
        trust_ops.TrustSettings(
            theme_group=place["group"],
            area=place[area],
            title={"sv": "Tillitsdialog i Backa", "ar": "حوار الثقة في باكا"},
            intro={"sv": "Berätta för oss."},
            promise={"sv": "Vi läser allt och svarar i juni."},
            topics=[place[t] for t in topics],
            heard_public=heard_public,
            **settings,
        ),
        place["member"],
    )
    for i in range(prompts):
        trust_ops.add_prompt(dialogue, {"sv": f"Fråga {i + 1}?", "en": f"Question {i + 1}?"})
    for i in range(themes):
        trust_ops.add_theme(dialogue, {"sv": f"Tema {i + 1}", "en": f"Theme {i + 1}"})
    if state != "draft":
        trust_ops.set_state(dialogue, "open")
        if state == "closed":
            trust_ops.set_state(dialogue, "closed")
    db.session.commit()
    return dialogue


def story_data(dialogue=None, **overrides):
    data = {
        "body": "Det är lugnt att bo i Backa men jag saknar en mötesplats.",
        "language": "sv",
        "prompt_id": str(dialogue.prompts[0].id) if dialogue is not None else "0",
        "age_band": "30_44",
        "consent_publish": "y",
        "consent_quote": "y",
        "idempotency_key": "k" * 24,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def in_request(app):
    """Translated error messages need a request (for the language)."""
    return app.test_request_context


def receipt_from(response) -> str:
    match = re.search(r"/shared/([A-Z0-9-]+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def add_story(
    dialogue, body="En berättelse", *, moderation="approved", quote=True, publish=True, themes=(), language="sv", **kw
):
    story = trust_ops.submit_story(
        dialogue, body=body, language=language, consent_quote=quote, consent_publish=publish, **kw
    )
    story.contribution.moderation = moderation
    if themes:
        trust_ops.tag_story(story, themes)
    db.session.commit()
    return story


# --- Set-up -------------------------------------------------------------------------------


def test_create_open_close_and_draft_rules(place, in_request):
    dialogue = make_dialogue(place, state="draft", prompts=0)
    assert dialogue.state == "draft" and dialogue.theme_group is place["group"]
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.set_state(dialogue, "open")  # no prompt yet
    with in_request():
        assert len(trust_ops.open_problems(dialogue)) == 1
    trust_ops.add_prompt(dialogue, {"sv": "Hur är det att bo i Backa?"})
    trust_ops.set_state(dialogue, "open")
    db.session.commit()
    assert dialogue.is_open_on(trust_queries.today())
    add_story(dialogue)
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.set_state(dialogue, "draft")  # stories came in
    trust_ops.set_state(dialogue, "closed")
    assert not dialogue.is_open_on(trust_queries.today())
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.delete_dialogue(dialogue)


def test_settings_validation(place, in_request):
    with in_request(), pytest.raises(trust_ops.TrustError) as error:
        trust_ops.create_dialogue(
            trust_ops.TrustSettings(theme_group=place["group"], area=place["backa"], title={"en": "Only English"})
        )
    assert error.value.field == "title"
    today = trust_queries.today()
    with in_request(), pytest.raises(trust_ops.TrustError) as error:
        trust_ops.create_dialogue(
            trust_ops.TrustSettings(
                theme_group=place["group"],
                area=place["backa"],
                title={"sv": "T"},
                opens_on=today,
                closes_on=today - timedelta(days=1),
            )
        )
    assert error.value.field == "closes_on"


def test_prompts_and_themes_edit_reorder_delete(place, in_request):
    dialogue = make_dialogue(place, prompts=3, themes=3)
    first, second, third = dialogue.prompts
    trust_ops.move_prompt(third, -1)
    trust_ops.move_prompt(first, -1)  # already first: stays
    db.session.commit()
    db.session.expire_all()
    assert [p.text["sv"] for p in dialogue.prompts] == ["Fråga 1?", "Fråga 3?", "Fråga 2?"]
    trust_ops.update_prompt(dialogue.prompts[0], {"sv": "Ny fråga?", "ar": "سؤال جديد؟", "fa": "  "})
    assert dialogue.prompts[0].text == {"sv": "Ny fråga?", "ar": "سؤال جديد؟"}
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.update_theme(dialogue.themes[0], {"en": "No Swedish"})
    db.session.rollback()
    trust_ops.delete_prompt(dialogue.prompts[1])
    trust_ops.move_theme(dialogue.themes[0], 1)
    trust_ops.delete_theme(dialogue.themes[2])
    db.session.commit()
    db.session.expire_all()
    assert [p.position for p in dialogue.prompts] == [1, 2]
    assert [t.name["sv"] for t in dialogue.themes] == ["Tema 2", "Tema 1"]
    assert [t.position for t in dialogue.themes] == [1, 2]


def test_staff_create_edit_and_open_through_the_forms(client, place, login):
    login(place["member"])
    assert client.get("/staff/trust/new").status_code == 200
    response = client.post(
        "/staff/trust/new",
        data={
            "title-sv": "Tillitsdialog i Kärra",
            "title-so": "Wadahadalka kalsoonida ee Kärra",
            "intro-sv": "Berätta!",
            "promise-sv": "Vi svarar i juni.",
            "promise-ar": "نرد في يونيو.",
            "theme_group": place["group"].id,
            "area": place["karra"].id,
            "topics": [place["trust_topic"].id],
            "participation_level": "dialogue",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    dialogue = db.session.query(TrustDialogue).one()
    assert dialogue.title == {"sv": "Tillitsdialog i Kärra", "so": "Wadahadalka kalsoonida ee Kärra"}
    assert dialogue.promise["ar"] == "نرد في يونيو." and dialogue.state == "draft"
    base = f"/staff/trust/{dialogue.id}"
    assert (
        client.post(
            f"{base}/prompts/new", data={"text-sv": "Hur är det att bo här?", "text-fa": "زندگی اینجا چطور است؟"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"{base}/themes/new", data={"name-sv": "Mötesplatser", "name-en": "Meeting places"}).status_code
        == 302
    )
    response = client.post(f"{base}/themes/new", data={"name-en": "Only English"})
    assert 'id="name-sv-error"' in response.get_data(as_text=True)
    assert client.post(f"{base}/state", data={"state": "open"}).status_code == 302
    db.session.expire_all()
    assert dialogue.state == "open"
    assert dialogue.prompts[0].text["fa"] == "زندگی اینجا چطور است؟"
    assert [t.name["en"] for t in dialogue.themes] == ["Meeting places"]
    overview = client.get(base).get_data(as_text=True)
    assert "Hur är det att bo här?" in overview and "Mötesplatser" in overview
    # Settings: the dates must be in order; the text typed is kept.
    response = client.post(
        f"{base}/settings",
        data={
            "title-sv": "Nytt namn",
            "promise-sv": "Svar i juni.",
            "theme_group": place["group"].id,
            "area": place["karra"].id,
            "participation_level": "dialogue",
            "opens_on": "2030-05-10",
            "closes_on": "2030-05-01",
        },
    )
    html = response.get_data(as_text=True)
    assert 'id="closes_on-error"' in html and "Nytt namn" in html
    db.session.expire_all()
    assert dialogue.title["sv"] == "Tillitsdialog i Kärra"


def test_staff_cannot_create_for_a_group_they_are_not_in(client, place, login):
    login(place["member"])
    response = client.post(
        "/staff/trust/new",
        data={
            "title-sv": "X",
            "promise-sv": "Y",
            "theme_group": place["other"].id,
            "area": place["backa"].id,
            "participation_level": "dialogue",
        },
    )
    assert 'id="theme_group-error"' in response.get_data(as_text=True)
    assert db.session.query(TrustDialogue).count() == 0


# --- Stories ------------------------------------------------------------------------------


def test_story_online_becomes_a_routed_pending_contribution(client, place, login):
    dialogue = make_dialogue(place)
    page = client.get(f"/trust/{dialogue.id}").get_data(as_text=True)
    assert "Fråga 1?" in page and "Vi läser allt" in page
    response = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, area_id=place["backa"].id))
    assert response.status_code == 302
    code = receipt_from(response)
    story = db.session.query(TrustStory).one()
    c = story.contribution
    assert c.source_kind == "story" and c.source_id == dialogue.id
    assert c.source_url == f"/trust/{dialogue.id}"
    assert c.display_receipt_code == code
    assert c.author is None and c.moderation == "pending"  # anonymous: a moderator reads it first
    assert c.consent_publish and c.consent_quote
    assert [t.slug for t in c.topics] == ["participation-trust"]
    assert c.area is place["backa"]
    assert [r.theme_group.slug for r in c.routes] == ["tillit"] and c.status == "with_group"
    assert (story.prompt, story.age_band, story.area) == (dialogue.prompts[0], "30_44", place["backa"])
    assert not story.heard_in_person
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert code in receipt and "/follow/" in receipt
    # The theme group that runs the dialogue has it in its inbox; another group does not.
    login(place["member"])
    inbox = client.get("/inbox/tillit").get_data(as_text=True)
    assert "Det är lugnt att bo i Backa" in inbox
    assert client.get(f"/inbox/contributions/{c.id}").status_code == 200
    client.post("/account/logout")
    login(place["outsider"])
    assert client.get(f"/inbox/contributions/{c.id}").status_code == 403


def test_inbox_and_public_page_say_which_dialogue_a_story_came_from(client, place, login):
    dialogue = make_dialogue(place)
    response = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue))
    code = receipt_from(response)
    c = db.session.query(TrustStory).one().contribution
    login(place["member"])
    client.set_cookie("dialog_lang", "en", domain="dialog.test")  # after login; asserted in English
    detail = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert re.search(
        rf'<dd class="source-link"><a href="/trust/{dialogue.id}">Trust dialogue “Tillitsdialog i Backa”</a>', detail
    )
    public = client.get(f"/follow/{code}").get_data(as_text=True)
    assert f'<a href="/trust/{dialogue.id}">' in public


def test_inbox_says_which_survey_an_answer_came_from(client, place, login, factories):
    from dialog.contributions import operations as contribution_ops
    from dialog.surveys.models import SurveyResponse
    from tests.surveys.helpers import make_survey

    survey = make_survey(factories, groups=[place["group"]], areas=[place["backa"]])
    response = SurveyResponse(survey_id=survey.id)
    db.session.add(response)
    db.session.flush()
    c = contribution_ops.create_contribution(
        source_kind="survey",
        area=place["backa"],
        topics=[place["trust_topic"]],
        body="Fler bänkar",
        language="sv",
        source_id=response.id,
        source_url=f"/surveys/{survey.id}",
    )
    db.session.commit()
    login(place["member"])
    client.set_cookie("dialog_lang", "en", domain="dialog.test")  # after login; asserted in English
    detail = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert re.search(
        rf'<dd class="source-link"><a href="/surveys/{survey.id}">Survey “Trygghetsenkät[^”]*”</a>', detail
    )


def test_group_running_the_dialogue_always_gets_the_story(place):
    # The dialogue's topic is one its group does not cover: routing alone would give the
    # fallback group; the running group takes its place.
    dialogue = make_dialogue(place, topics=("work",))
    story = add_story(dialogue, moderation="pending")
    assert sorted(r.theme_group.slug for r in story.contribution.routes) == ["other", "tillit"]
    dialogue2 = make_dialogue(place, topics=())
    story2 = add_story(dialogue2, idempotency_key="x" * 24)
    assert [r.theme_group.slug for r in story2.contribution.routes] == ["tillit"]
    kinds = [e.kind for e in story2.contribution.events]
    assert "rerouted" in kinds


def test_story_area_is_the_tellers_neighbourhood_only_inside_the_dialogue_area(place):
    dialogue = make_dialogue(place, area="district")
    inside = add_story(dialogue, area=place["karra"])
    assert inside.contribution.area is place["karra"] and inside.area is place["karra"]
    outside = add_story(dialogue, area=place["elsewhere"])
    assert outside.contribution.area is place["district"] and outside.area is place["elsewhere"]
    none = add_story(dialogue)
    assert none.contribution.area is place["district"] and none.area is None


def test_signed_in_story_is_approved_unless_sent_without_name(client, place, factories, login):
    dialogue = make_dialogue(place)
    resident = login(factories.user())
    client.post(f"/trust/{dialogue.id}", data=story_data(dialogue))
    client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, idempotency_key="a" * 24, anonymous="y"))
    named, anonymous = db.session.query(Contribution).order_by(Contribution.id).all()
    assert named.author == resident and named.moderation == "approved"
    assert anonymous.author is None and anonymous.moderation == "pending"
    assert 'name="anonymous"' in client.get(f"/trust/{dialogue.id}").get_data(as_text=True)


def test_moderation_applies_to_stories(client, place):
    dialogue = make_dialogue(place)
    client.post(
        f"/trust/{dialogue.id}", data=story_data(dialogue, body="Ring mig på 070-123 45 67 så berättar jag mer.")
    )
    assert db.session.query(Contribution).one().moderation == "held"


def test_double_submit_stores_one_story(client, place):
    dialogue = make_dialogue(place)
    first = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue))
    second = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue))
    assert receipt_from(first) == receipt_from(second)
    assert db.session.query(TrustStory).count() == 1
    assert db.session.query(Contribution).count() == 1


def test_key_used_elsewhere_is_never_merged(place):
    from dialog.contributions import operations as ops

    idea = ops.create_contribution(
        source_kind="idea", area=place["backa"], body="Idé", language="sv", idempotency_key="s" * 24
    )
    dialogue = make_dialogue(place)
    story = add_story(dialogue, idempotency_key="s" * 24)
    assert story.contribution is not idea and story.contribution.idempotency_key is None


@pytest.mark.parametrize(
    "field,value,error_id",
    [
        ("body", "", "body-error"),
        ("body", "x" * (trust_ops.STORY_MAX + 1), "body-error"),
        ("body", "trasig \ufffd text", "body-error"),
        ("prompt_id", "99999", "prompt_id-error"),
        ("prompt_id", "abc", "prompt_id-error"),
        ("age_band", "200_plus", "age_band-error"),
        ("area_id", "99999", "area_id-error"),
        ("language", "xx", "language-error"),
    ],
)
def test_bad_input_keeps_text_and_saves_nothing(client, place, field, value, error_id):
    dialogue = make_dialogue(place)
    response = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{error_id}"' in html
    if field != "body":
        assert "Det är lugnt att bo i Backa" in html  # what was typed is kept
    elif value.startswith("x"):
        assert "x" * trust_ops.STORY_MAX in html
    assert db.session.query(TrustStory).count() == 0
    assert db.session.query(Contribution).count() == 0


def test_prompt_of_another_dialogue_is_refused(client, place, in_request):
    dialogue = make_dialogue(place)
    other = make_dialogue(place)
    response = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, prompt_id=other.prompts[0].id))
    assert 'id="prompt_id-error"' in response.get_data(as_text=True)
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.submit_story(dialogue, body="x", language="sv", prompt=other.prompts[0])
    assert db.session.query(TrustStory).count() == 0


def test_closed_or_not_yet_open_dialogue_takes_no_story_and_keeps_the_text(client, place, in_request):
    dialogue = make_dialogue(place, state="closed")
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    response = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "not taking stories" in html
    assert "Det är lugnt att bo i Backa" in html  # shown so it is not lost
    assert 'name="body"' not in html  # no form to send it again
    later = make_dialogue(place, opens_on=trust_queries.today() + timedelta(days=3))
    response = client.post(f"/trust/{later.id}", data=story_data(later))
    assert "Det är lugnt att bo i Backa" in response.get_data(as_text=True)
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.submit_story(dialogue, body="x", language="sv")
    assert db.session.query(TrustStory).count() == 0


def test_draft_and_unknown_dialogues_are_not_public(client, place):
    dialogue = make_dialogue(place, state="draft")
    assert client.get(f"/trust/{dialogue.id}").status_code == 404
    assert client.post(f"/trust/{dialogue.id}", data=story_data(dialogue)).status_code == 404
    assert client.get("/trust/99999").status_code == 404
    assert db.session.query(TrustStory).count() == 0


def test_honeypot_and_rate_limit(client, place, rate_limits, app):
    dialogue = make_dialogue(place)
    assert client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, website="spam")).status_code == 400
    assert db.session.query(TrustStory).count() == 0
    app.config["PUBLIC_POST_LIMIT"] = "2 per minute"
    try:
        codes = [
            client.post(f"/trust/{dialogue.id}", data=story_data(dialogue, idempotency_key=str(i) * 20)).status_code
            for i in range(3)
        ]
    finally:
        app.config["PUBLIC_POST_LIMIT"] = "20 per minute"
    assert codes == [302, 302, 429]


def test_receipt_page_only_for_this_dialogues_stories(client, place):
    dialogue = make_dialogue(place)
    other = make_dialogue(place)
    code = receipt_from(client.post(f"/trust/{dialogue.id}", data=story_data(dialogue)))
    assert client.get(f"/trust/{dialogue.id}/shared/{code}").status_code == 200
    assert client.get(f"/trust/{other.id}/shared/{code}").status_code == 404
    assert client.get(f"/trust/{dialogue.id}/shared/AAA-AAA-AA").status_code == 404


# --- Heard in person ------------------------------------------------------------------------


def test_story_heard_in_person_needs_the_tellers_consent(client, place, login, in_request):
    dialogue = make_dialogue(place, state="closed")  # staff may still write down what they heard
    login(place["member"])
    data = story_data(dialogue, body="أثق بالناس هنا، لكن ليس دائماً بالسلطات.", language="ar")
    response = client.post(f"/staff/trust/{dialogue.id}/stories/new", data=data)
    html = response.get_data(as_text=True)
    assert 'id="consent_noted-error"' in html and "أثق بالناس هنا" in html
    assert db.session.query(TrustStory).count() == 0
    response = client.post(f"/staff/trust/{dialogue.id}/stories/new", data={**data, "consent_noted": "y"})
    assert response.status_code == 302
    story = db.session.query(TrustStory).one()
    assert story.heard_in_person and story.consent_noted and story.recorded_by == place["member"]
    c = story.contribution
    assert c.author is None and c.moderation == "approved" and c.language == "ar"
    created = next(e for e in c.events if e.kind == "created")
    assert created.actor == place["member"]
    with in_request(), pytest.raises(trust_ops.TrustError):
        trust_ops.submit_story(dialogue, body="x", language="sv", recorded_by=place["member"])


def test_database_refuses_in_person_story_without_consent(place):
    dialogue = make_dialogue(place)
    story = add_story(dialogue)
    story.heard_in_person = True
    story.consent_noted = False
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- Tags and what we heard ----------------------------------------------------------------


def test_tagging_through_the_story_list(client, place, login):
    dialogue = make_dialogue(place)
    other = make_dialogue(place)
    story = add_story(dialogue, "Jag vill ha en <b>mötesplats</b>", moderation="pending")
    login(place["member"])
    html = client.get(f"/staff/trust/{dialogue.id}/stories").get_data(as_text=True)
    assert "&lt;b&gt;mötesplats&lt;/b&gt;" in html and "<b>mötesplats" not in html
    assert f"/inbox/contributions/{story.contribution.id}" in html
    assert "Waiting for review" in html or "Väntar" in html
    first, _second, third = dialogue.themes
    response = client.post(
        f"/staff/trust/{dialogue.id}/stories/{story.id}/themes", data={"themes": [first.id, third.id]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [t.id for t in story.themes] == [first.id, third.id]
    # A theme from another dialogue's vocabulary is refused; the tags stay as they were.
    client.post(f"/staff/trust/{dialogue.id}/stories/{story.id}/themes", data={"themes": [other.themes[0].id]})
    db.session.expire_all()
    assert [t.id for t in story.themes] == [first.id, third.id]
    # Clearing every box removes the tags.
    client.post(f"/staff/trust/{dialogue.id}/stories/{story.id}/themes", data={})
    db.session.expire_all()
    assert story.themes == []
    # A story of another dialogue is not reachable through this one.
    foreign = add_story(other, idempotency_key="f" * 24)
    assert client.post(f"/staff/trust/{dialogue.id}/stories/{foreign.id}/themes", data={}).status_code == 404


def test_heard_shows_only_consented_approved_quotes_with_counts(client, place):
    dialogue = make_dialogue(place)
    one, two, _three = dialogue.themes
    add_story(dialogue, "Citat som får visas", themes=[one, two])
    add_story(dialogue, "Ingen vill bli citerad", quote=False, themes=[one])
    add_story(dialogue, "Väntar på moderator", moderation="pending", themes=[one])
    hidden = add_story(dialogue, "Dold av moderator", themes=[one])
    hide(hidden.contribution, place["member"], "namn")
    add_story(dialogue, "Inte sorterad än")
    db.session.commit()
    result = what_we_heard.heard(dialogue)
    assert result.total == 4 and result.tagged == 3
    by_theme = {h.theme.id: h for h in result.themes}
    assert by_theme[one.id].count == 3 and by_theme[two.id].count == 1
    assert [q.body for q in by_theme[one.id].quotes] == ["Citat som får visas"]
    html = client.get(f"/trust/{dialogue.id}/heard").get_data(as_text=True)
    assert "Citat som får visas" in html
    for secret in ("Ingen vill bli citerad", "Väntar på moderator", "Dold av moderator", "Inte sorterad än"):
        assert secret not in html
    assert "Tema 1" in html and "Tema 2" in html


def test_heard_page_is_public_only_when_chosen(client, place, login):
    dialogue = make_dialogue(place, heard_public=False)
    add_story(dialogue, "Ett citat", themes=[dialogue.themes[0]])
    assert client.get(f"/trust/{dialogue.id}/heard").status_code == 404
    draft = make_dialogue(place, state="draft")
    assert client.get(f"/trust/{draft.id}/heard").status_code == 404
    login(place["member"])  # staff can preview it
    assert "Ett citat" in client.get(f"/staff/trust/{dialogue.id}/heard").get_data(as_text=True)


def test_quote_is_escaped(client, place):
    dialogue = make_dialogue(place)
    add_story(dialogue, "<script>alert(1)</script>", themes=[dialogue.themes[0]])
    html = client.get(f"/trust/{dialogue.id}/heard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_query_counts_do_not_grow_with_stories(client, place, login, count_queries):
    dialogue = make_dialogue(place)
    themes = dialogue.themes
    login(place["member"])

    def run():
        counts = []
        for path in (f"/trust/{dialogue.id}/heard", f"/staff/trust/{dialogue.id}/stories", "/staff/trust/"):
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
        with count_queries() as statements:
            what_we_heard.heard(dialogue)
        counts.append(len(statements))
        return counts

    for i in range(2):
        add_story(
            dialogue,
            f"Berättelse {i}",
            themes=themes[:2],
            idempotency_key=f"{i:024d}",
            prompt=dialogue.prompts[0],
            area=place["backa"],
            age_band="18_29",
            recorded_by=place["member"] if i else None,
            consent_noted=bool(i),
        )
    make_dialogue(place)
    few = run()
    for i in range(2, 25):
        add_story(
            dialogue,
            f"Berättelse {i}",
            themes=themes[i % 3 :],
            idempotency_key=f"{i:024d}",
            prompt=dialogue.prompts[i % 2],
            area=place["karra"],
            recorded_by=place["member"],
            consent_noted=True,
        )
    make_dialogue(place)
    assert run() == few


# --- Permissions --------------------------------------------------------------------------


def test_staff_outside_the_group_get_403(client, place, login):
    dialogue = make_dialogue(place)
    story = add_story(dialogue)
    prompt = dialogue.prompts[0]
    login(place["outsider"])
    base = f"/staff/trust/{dialogue.id}"
    for path in (
        base,
        f"{base}/settings",
        f"{base}/stories",
        f"{base}/stories/new",
        f"{base}/heard",
        f"{base}/prompts/new",
        f"{base}/prompts/{prompt.id}",
        f"{base}/themes/new",
    ):
        assert client.get(path).status_code == 403, path
    for path, data in (
        (f"{base}/state", {"state": "closed"}),
        (f"{base}/delete", {}),
        (f"{base}/prompts/{prompt.id}/delete", {}),
        (f"{base}/prompts/{prompt.id}/move", {"direction": "down"}),
        (f"{base}/stories/{story.id}/themes", {"themes": [dialogue.themes[0].id]}),
        (f"{base}/stories/new", {**story_data(dialogue), "consent_noted": "y"}),
        (
            f"{base}/settings",
            {
                "title-sv": "Kapad",
                "promise-sv": "x",
                "theme_group": place["other"].id,
                "area": place["backa"].id,
                "participation_level": "dialogue",
            },
        ),
    ):
        assert client.post(path, data=data).status_code == 403, path
    db.session.expire_all()
    assert dialogue.state == "open" and dialogue.title["sv"] == "Tillitsdialog i Backa"
    assert len(dialogue.prompts) == 2 and story.themes == []
    assert db.session.query(TrustStory).count() == 1
    # Their list does not show it either.
    assert "Tillitsdialog i Backa" not in client.get("/staff/trust/").get_data(as_text=True)


def test_residents_and_visitors_cannot_reach_staff_pages(client, place, factories, login):
    dialogue = make_dialogue(place)
    assert client.get("/staff/trust/").status_code == 302  # to the login page
    login(factories.user())
    assert client.get("/staff/trust/").status_code == 403
    assert client.get(f"/staff/trust/{dialogue.id}").status_code == 403


def test_member_and_admin_manage(client, place, factories, login):
    dialogue = make_dialogue(place)
    login(place["member"])
    assert "Tillitsdialog i Backa" in client.get("/staff/trust/").get_data(as_text=True)
    assert client.get(f"/staff/trust/{dialogue.id}").status_code == 200
    client.post("/account/logout")
    login(factories.admin())
    assert client.get(f"/staff/trust/{dialogue.id}/stories").status_code == 200
    assert client.post(f"/staff/trust/{dialogue.id}/state", data={"state": "closed"}).status_code == 302
    db.session.expire_all()
    assert dialogue.state == "closed"


def test_delete_only_empty_drafts(client, place, login):
    draft = make_dialogue(place, state="draft")
    opened = make_dialogue(place)
    login(place["member"])
    client.post(f"/staff/trust/{opened.id}/delete")
    assert db.session.get(TrustDialogue, opened.id) is not None
    assert client.post(f"/staff/trust/{draft.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(TrustDialogue, draft.id) is None
    assert db.session.query(TrustPrompt).filter_by(dialogue_id=draft.id).count() == 0
    assert db.session.query(TrustTheme).filter_by(dialogue_id=draft.id).count() == 0


# --- Area page --------------------------------------------------------------------------------


def test_open_trust_dialogues_for_an_area(place):
    on_backa = make_dialogue(place)
    on_district = make_dialogue(place, area="district")
    make_dialogue(place, state="draft")
    make_dialogue(place, state="closed")
    make_dialogue(place, closes_on=trust_queries.today() - timedelta(days=1))
    make_dialogue(place, opens_on=trust_queries.today() + timedelta(days=1))
    on_karra = make_dialogue(place, area="karra")
    assert {d.id for d in trust_queries.open_trust_dialogues("backa")} == {on_backa.id, on_district.id}
    assert {d.id for d in trust_queries.open_trust_dialogues(place["backa"])} == {on_backa.id, on_district.id}
    assert {d.id for d in trust_queries.open_trust_dialogues("nh")} == {on_backa.id, on_district.id, on_karra.id}
    assert trust_queries.open_trust_dialogues("elsewhere") == []
    assert trust_queries.open_trust_dialogues("no-such-area") == []


def test_demo_trust_dialogue(app):
    from dialog.demo.data import load_demo_data
    from dialog.trust.demo import load_trust_demo

    load_demo_data()  # loads the trust dialogue too
    db.session.commit()
    assert load_trust_demo(db.session) is False  # only once
    dialogue = db.session.query(TrustDialogue).one()
    assert dialogue.area.slug == "backa" and dialogue.state == "open" and dialogue.heard_public
    assert dialogue.prompts[0].text["sv"].startswith("Vad är din berättelse")
    for item in [*dialogue.prompts, *dialogue.themes]:
        texts = item.text if isinstance(item, TrustPrompt) else item.name
        assert set(texts) == {"sv", "en", "ar", "so", "fa"}
    assert 5 <= len(dialogue.themes) <= 6
    stories = db.session.query(TrustStory).all()
    assert len(stories) == 3
    for story in stories:
        assert "trygg-i-norra-hisingen" in {r.theme_group.slug for r in story.contribution.routes}
    assert sum(1 for s in stories if s.heard_in_person) == 1
    assert any(s.contribution.moderation == "pending" for s in stories)
    result = what_we_heard.heard(dialogue)
    assert sum(len(h.quotes) for h in result.themes) == 4  # two quotable stories, two themes each
    assert db.session.query(ContributionEvent).filter_by(kind="created").count() >= 3


def test_area_page_lists_open_trust_dialogue_and_drops_it_when_closed(client, place, login):
    dialogue = make_dialogue(place)
    assert "Tillitsdialog i Backa" in client.get("/areas/backa").get_data(as_text=True)
    assert "Tillitsdialog i Backa" in client.get("/areas/nh").get_data(as_text=True)
    login(place["member"])
    client.post(f"/staff/trust/{dialogue.id}/state", data={"state": "closed"})
    assert "Tillitsdialog i Backa" not in client.get("/areas/backa").get_data(as_text=True)


def test_staff_move_and_delete_prompts_and_themes_through_the_pages(client, place, login):
    dialogue = make_dialogue(place, prompts=2, themes=2)
    first_prompt, second_prompt = dialogue.prompts
    first_theme = dialogue.themes[0]
    login(place["member"])
    base = f"/staff/trust/{dialogue.id}"
    assert client.post(f"{base}/prompts/{second_prompt.id}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"{base}/themes/{first_theme.id}/delete").status_code == 302
    response = client.post(f"{base}/prompts/{first_prompt.id}", data={"text-sv": "Ändrad fråga?"})
    assert response.status_code == 302
    assert client.get(f"{base}/prompts/99999").status_code == 404
    assert client.get(f"{base}/themes/{first_prompt.id + 1000}").status_code == 404
    db.session.expire_all()
    assert [p.text["sv"] for p in dialogue.prompts] == ["Fråga 2?", "Ändrad fråga?"]
    assert [t.name["sv"] for t in dialogue.themes] == ["Tema 2"]
