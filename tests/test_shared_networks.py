"""Shared networks (a library's wifi, a café venue): a receipt is never hidden by a rate limit, and
an event's own links take a whole evening of posts from one address while a flood is stopped."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from dialog.cafe import links
from dialog.cafe.models import CafeExitAnswer, CafeProposal
from dialog.extensions import db

from .cafe.helpers import make_cafe_dialogue
from .conftest import csrf_token_from
from .trust.test_dialogues import make_dialogue as make_trust_dialogue
from .trust.test_dialogues import place as trust_place  # noqa: F401  (fixture)
from .trust.test_dialogues import story_data

VENUE = {"REMOTE_ADDR": "10.20.30.40"}


def idea_data(area, topic, n: int) -> dict:
    return {
        "area_id": str(area.id),
        "topic_id": str(topic.id),
        "title": f"Idé nummer {n}",
        "body": "Fler lampor vid gångvägen till skolan.",
        "language": "sv",
        "idempotency_key": f"{n:024d}",
    }


def guess_codes(app, count: int) -> list[int]:
    """Someone else on the same address tries codes at /follow."""
    other = app.test_client()
    return [other.get(f"/follow?code=K7F3QX9{n % 10}", environ_base=VENUE).status_code for n in range(count)]


def test_receipt_shows_after_the_address_used_up_its_lookups(client, app, factories, rate_limits):
    area = factories.area("backa")
    topic = factories.topic("safety")
    assert 429 in guess_codes(app, 31)
    sent = client.post("/areas/backa/ideas/new", data=idea_data(area, topic, 1), environ_base=VENUE)
    assert sent.status_code == 302
    receipt = client.get(sent.headers["Location"], environ_base=VENUE)
    assert receipt.status_code == 200
    code = re.search(r"/follow/([A-Z0-9-]+)", sent.headers["Location"]).group(1)
    assert code in receipt.get_data(as_text=True)
    # Again later (a reload) from the same browser: still shown.
    assert client.get(f"/follow/{code}", environ_base=VENUE).status_code == 200
    # The same code typed by someone else on the address is a lookup like any other.
    assert app.test_client().get(f"/follow/{code}", environ_base=VENUE).status_code == 429


def test_story_receipt_shows_after_the_address_used_up_its_lookups(client, app, trust_place, rate_limits):  # noqa: F811
    dialogue = make_trust_dialogue(trust_place)
    other = app.test_client()
    statuses = [
        other.get(f"/trust/{dialogue.id}/shared/K7F-3QX-9{n % 10}", environ_base=VENUE).status_code for n in range(31)
    ]
    assert statuses[-1] == 429
    sent = client.post(f"/trust/{dialogue.id}", data=story_data(dialogue), environ_base=VENUE)
    assert sent.status_code == 302
    assert client.get(sent.headers["Location"], environ_base=VENUE).status_code == 200


@pytest.fixture
def cafe(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa"})
    group = factories.group("trygg", areas=[district], district=district)
    return make_cafe_dialogue(db.session, group, backa)


def evening(app, dialogue, participants: int) -> dict:
    """Every participant opens the proposal form and the exit questions on their phone (own
    cookies, one address) and sends both, with the CSRF check on."""
    proposal_url = f"/cafe/{links.event_token(dialogue)}/proposal"
    exit_url = f"/cafe/{dialogue.id}/exit"
    refused = sent = 0
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        phones = [app.test_client() for _ in range(participants)]
        pages = [(csrf_token_from(p.get(proposal_url, environ_base=VENUE).get_data(as_text=True)), p) for p in phones]
        for n, (token, phone) in enumerate(pages):
            for url, data in (
                (proposal_url, {"body": f"Förslag {n}", "language": "sv", "idempotency_key": f"{n:024d}"}),
                (exit_url, {"age_band": "30_44"}),
            ):
                status = phone.post(url, data={**data, "csrf_token": token}, environ_base=VENUE).status_code
                sent += 1
                refused += status == 429
                assert status in (200, 302, 429), status
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    return {"event_posts": sent, "event_posts_refused": refused}


def test_sixty_participants_on_one_address_are_not_refused(app, cafe, rate_limits):
    figures = evening(app, cafe, 60)
    print("event posts:", figures)
    assert figures == {"event_posts": 120, "event_posts_refused": 0}
    assert db.session.scalar(select(func.count()).select_from(CafeProposal)) == 60
    assert db.session.scalar(select(func.count()).select_from(CafeExitAnswer)) == 60


def test_one_device_flooding_is_stopped(app, cafe, rate_limits):
    url = f"/cafe/{links.event_token(cafe)}/proposal"
    phone = app.test_client()
    phone.get(url, environ_base=VENUE)
    statuses = [
        phone.post(url, data={"body": f"Spam {n}", "language": "sv", "idempotency_key": f"{n:024d}"}).status_code
        for n in range(25)
    ]
    assert statuses[:20] == [302] * 20
    assert set(statuses[20:]) == {429}
    # The rest of the venue is not locked out by it.
    other = app.test_client()
    other.get(url, environ_base=VENUE)
    assert other.post(url, data={"body": "Mitt förslag", "idempotency_key": "x" * 24}).status_code in (302, 400)


def test_posts_without_a_device_share_the_address_limit(client, app, cafe, rate_limits):
    url = f"/cafe/{links.event_token(cafe)}/proposal"
    statuses = [
        app.test_client()
        .post(url, data={"body": f"B {n}", "language": "sv", "idempotency_key": f"{n:024d}"}, environ_base=VENUE)
        .status_code
        for n in range(21)
    ]
    assert statuses[-1] == 429


def test_the_address_ceiling_still_holds(app, cafe, rate_limits):
    app.config["EVENT_ADDRESS_LIMIT"], old = "5 per minute", app.config["EVENT_ADDRESS_LIMIT"]
    try:
        figures = evening(app, cafe, 4)
    finally:
        app.config["EVENT_ADDRESS_LIMIT"] = old
    assert figures["event_posts_refused"] == 3
