"""The idea box: submit with or without an account, receipt, public list, follow, support, report."""

import re

import pytest

from dialog.contributions.models import Contribution, ContributionReport, ContributionSupport
from dialog.contributions.receipts import normalise_receipt_code
from dialog.extensions import db


@pytest.fixture
def place(factories):
    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa", "ar": "باكا"})
    safety = factories.topic("safety", name={"sv": "Trygghet", "en": "Safety"})
    group = factories.group(
        "trygg", areas=[district], topics=[safety], district=district, name={"sv": "Trygg i Norra Hisingen"}
    )
    fallback = factories.group("fallback", areas=[district], district=district, fallback=True)
    return {"district": district, "backa": backa, "safety": safety, "group": group, "fallback": fallback}


def idea_data(place, **overrides):
    data = {
        "area_id": place["backa"].id,
        "topic_id": place["safety"].id,
        "title": "Mer ljus",
        "body": "Lampor vid gångvägen till skolan",
        "place": "Gångvägen",
        "language": "sv",
        "consent_publish": "y",
        "idempotency_key": "k" * 24,
    }
    data.update(overrides)
    return data


def receipt_from(response):
    location = response.headers["Location"]
    match = re.search(r"/follow/([A-Z0-9-]+)", location)
    assert match, location
    return match.group(1)


def test_anonymous_idea_gets_receipt_and_is_routed(client, place):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place))
    assert response.status_code == 302
    code = receipt_from(response)
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{2}", code)
    contribution = db.session.query(Contribution).one()
    assert contribution.receipt_code == normalise_receipt_code(code)
    assert [r.theme_group.slug for r in contribution.routes] == ["trygg"]
    page = client.get(f"/follow/{code}?new=1").get_data(as_text=True)
    assert code in page
    assert "Lampor vid gångvägen" in page  # the author sees their own text by code
    assert "Trygg i Norra Hisingen" in page  # routing explained


def test_double_submission_creates_one(client, place):
    first = client.post("/areas/backa/ideas/new", data=idea_data(place))
    second = client.post("/areas/backa/ideas/new", data=idea_data(place))
    assert receipt_from(first) == receipt_from(second)
    assert db.session.query(Contribution).count() == 1


def test_pending_idea_is_not_public(client, place):
    client.post("/areas/backa/ideas/new", data=idea_data(place))
    contribution = db.session.query(Contribution).one()
    assert contribution.moderation == "pending"
    assert client.get(f"/contributions/{contribution.id}").status_code == 404
    assert "Lampor" not in client.get("/areas/backa/ideas").get_data(as_text=True)


def test_approved_and_consented_is_public_but_not_without_consent(client, place):
    client.post("/areas/backa/ideas/new", data=idea_data(place))
    client.post(
        "/areas/backa/ideas/new", data=idea_data(place, consent_publish="", title="Hemlig", idempotency_key="z" * 24)
    )
    for c in db.session.query(Contribution):
        c.moderation = "approved"
    db.session.commit()
    html = client.get("/areas/backa/ideas").get_data(as_text=True)
    assert "Mer ljus" in html
    assert "Hemlig" not in html
    # The district list includes its neighbourhoods.
    assert "Mer ljus" in client.get("/areas/nh/ideas").get_data(as_text=True)


@pytest.mark.parametrize(
    "field,value,message_fragment",
    [
        ("title", "", "title-error"),
        ("body", "", "body-error"),
        ("body", "x" * 4001, "body-error"),
        ("area_id", "99999", "area_id-error"),
        ("topic_id", "99999", "topic_id-error"),
        ("topic_id", "abc", "topic_id-error"),
        ("body", "trasig \ufffd text", "body-error"),
    ],
)
def test_bad_input_keeps_text_and_saves_nothing(client, place, field, value, message_fragment):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{message_fragment}"' in html
    if field != "title":
        assert "Mer ljus" in html  # what was typed is kept
    assert db.session.query(Contribution).count() == 0


def test_contact_consent_requires_email(client, place):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place, consent_contact="y"))
    assert 'id="email-error"' in response.get_data(as_text=True)
    response = client.post("/areas/backa/ideas/new", data=idea_data(place, consent_contact="y", email="Me@Example.org"))
    assert response.status_code == 302
    assert db.session.query(Contribution).one().contact_email == "me@example.org"


def test_html_and_control_characters_are_safe(client, place):
    data = idea_data(place, title="<script>alert(1)</script>", body="rad1\x00\x07\r\nrad2 <b>fet</b>")
    response = client.post("/areas/backa/ideas/new", data=data)
    code = receipt_from(response)
    contribution = db.session.query(Contribution).one()
    assert "\x00" not in contribution.body and "\x07" not in contribution.body
    assert contribution.body == "rad1\nrad2 <b>fet</b>"
    html = client.get(f"/follow/{code}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt;" in html


def test_tampered_idempotency_key_is_replaced(client, place):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place, idempotency_key="<bad>"))
    assert response.status_code == 302
    assert db.session.query(Contribution).one().idempotency_key != "<bad>"


def test_honeypot(client, place):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place, website="spam"))
    assert response.status_code == 400
    assert db.session.query(Contribution).count() == 0


def test_logged_in_author_sees_my_contributions(client, place, factories, login):
    login(factories.user())
    client.post("/areas/backa/ideas/new", data=idea_data(place))
    html = client.get("/account/contributions").get_data(as_text=True)
    assert "Mer ljus" in html


def test_follow_lookup_normalises_and_reports_unknown(client, place):
    response = client.post("/areas/backa/ideas/new", data=idea_data(place))
    code = receipt_from(response)
    messy = " " + code.lower().replace("-", " ") + " "
    lookup = client.get("/follow", query_string={"code": messy})
    assert lookup.status_code == 302 and code in lookup.headers["Location"]
    missing = client.get("/follow", query_string={"code": "AAA-AAA-AA"})
    assert missing.status_code == 200 and 'id="code-error"' in missing.get_data(as_text=True)
    assert client.get("/follow/NOT-A-CODE").status_code == 404


def _published(place):
    from dialog.contributions import operations as ops

    c = ops.create_contribution(
        source_kind="idea",
        area=place["backa"],
        topics=[place["safety"]],
        title="T",
        body="B",
        language="sv",
        consent_publish=True,
    )
    c.moderation = "approved"
    db.session.commit()
    return c


def test_support_once_per_browser_and_per_account(client, app, place, factories, login):
    c = _published(place)
    client.post(f"/contributions/{c.id}/support")
    client.post(f"/contributions/{c.id}/support")
    db.session.refresh(c)
    assert c.support_count == 1
    other = app.test_client()
    other.post(f"/contributions/{c.id}/support")
    db.session.refresh(c)
    assert c.support_count == 2
    assert db.session.query(ContributionSupport).count() == 2


def test_report_goes_to_queue(client, place):
    c = _published(place)
    response = client.post(f"/contributions/{c.id}/report", data={"reason": "personal", "comment": "Namn"})
    assert response.status_code == 302
    report = db.session.query(ContributionReport).one()
    assert (report.contribution_id, report.reason) == (c.id, "personal")


def test_cannot_support_or_report_unpublished(client, place):
    from dialog.contributions import operations as ops

    c = ops.create_contribution(source_kind="idea", area=place["backa"], body="B", language="sv")
    db.session.commit()
    assert client.post(f"/contributions/{c.id}/support").status_code == 404
    assert client.post(f"/contributions/{c.id}/report", data={"reason": "spam"}).status_code == 404


def test_search_and_filters(client, place, factories):
    other_topic = factories.topic("work")
    from dialog.contributions import operations as ops

    for title, topic in (("Cykelbana längs ån", place["safety"]), ("Läxhjälp på biblioteket", other_topic)):
        c = ops.create_contribution(
            source_kind="idea",
            area=place["backa"],
            topics=[topic],
            title=title,
            body="text",
            language="sv",
            consent_publish=True,
        )
        c.moderation = "approved"
    db.session.commit()
    html = client.get("/areas/backa/ideas?q=cykel").get_data(as_text=True)
    assert "Cykelbana" in html and "Läxhjälp" not in html
    html = client.get(f"/areas/backa/ideas?topic={other_topic.id}").get_data(as_text=True)
    assert "Läxhjälp" in html and "Cykelbana" not in html


def test_public_list_query_count_is_constant(client, place, count_queries):
    def run():
        with count_queries() as statements:
            assert client.get("/areas/backa/ideas").status_code == 200
        return len(statements)

    for _ in range(2):
        _published(place)
    few = run()
    for _ in range(20):
        _published(place)
    assert run() == few


def test_rate_limit_on_idea_post(client, place, rate_limits, app):
    app.config["PUBLIC_POST_LIMIT"] = "2 per minute"
    try:
        codes = [
            client.post("/areas/backa/ideas/new", data=idea_data(place, idempotency_key=str(i) * 20)).status_code
            for i in range(3)
        ]
    finally:
        app.config["PUBLIC_POST_LIMIT"] = "20 per minute"
    assert codes == [302, 302, 429]


def test_invalid_utf8_is_a_field_error_not_a_crash(client, place, csrf_enabled):
    from urllib.parse import urlencode

    from .conftest import csrf_token_from

    fields = idea_data(place)
    fields["csrf_token"] = csrf_token_from(client.get("/areas/backa/ideas/new").get_data(as_text=True))
    raw = urlencode({k: v for k, v in fields.items() if k != "body"}).encode() + b"&body=bad+%FF%FE+bytes"
    response = client.post("/areas/backa/ideas/new", data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert 'id="body-error"' in response.get_data(as_text=True)
    assert db.session.query(Contribution).count() == 0


def test_cached_contribution_page_is_fresh_and_carries_each_sessions_token(app, client, place, factories, csrf_enabled):
    from dialog.contributions import operations as ops

    from .conftest import csrf_token_from

    c = _published(place)
    first = client.get(f"/contributions/{c.id}").get_data(as_text=True)
    other = app.test_client()
    second = other.get(f"/contributions/{c.id}").get_data(as_text=True)
    # Same cached content, but each session's forms carry that session's own token.
    assert csrf_token_from(first) != csrf_token_from(second)
    assert "\x00" not in second
    response = other.post(f"/contributions/{c.id}/support", data={"csrf_token": csrf_token_from(second)})
    assert response.status_code == 302
    staff = factories.staff()
    ops.answer(c, body={"sv": "Nu gör vi det."}, status="planned", actor=staff)
    db.session.commit()
    assert "Nu gör vi det." in client.get(f"/contributions/{c.id}").get_data(as_text=True)
