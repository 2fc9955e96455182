"""The summary pages end to end: new → draft → edit → publish → e-mails to those who asked,
the public page and its citations, receipt-code pages, exports, the promises dashboard,
permissions on every staff route, and query counts that do not grow with the data."""

import pytest
from sqlalchemy import select

from dialog.contributions.operations import answer, create_contribution
from dialog.core.mail import outbox_messages
from dialog.extensions import db
from dialog.summaries import operations
from dialog.summaries.models import Summary, SummaryDelivery, SummaryEvent

from .helpers import build, draft


@pytest.fixture
def place(factories):
    return build(factories)


def publish(place, summary):
    operations.publish(summary, place["lead"])
    db.session.commit()
    operations.queue_feedback(summary)


def test_new_summary_through_the_form_writes_the_draft(place, client, login):
    login(place["lead"])
    page = client.get("/staff/summaries/new")
    assert page.status_code == 200
    response = client.post(
        f"/staff/summaries/new?theme_group={place['group'].id}",
        data={
            "theme_group": place["group"].id,
            "title-sv": "Vad vi hörde om vägen hem",
            "languages": ["sv", "ar"],
            "area": 0,
            "engagement": f"idea_box:{place['backa'].id}",
        },
    )
    assert response.status_code == 302
    summary = db.session.scalars(select(Summary)).one()
    assert summary.engagement_kind == "idea_box" and summary.languages == ["sv", "ar"]
    db.session.refresh(summary)
    assert summary.job_state == "done"  # JOBS_INLINE in tests
    page = client.get(f"/staff/summaries/{summary.id}").get_data(as_text=True)
    assert "can be published" in page
    assert 'name="s' in page and 'lang="ar"' in page


def test_bad_input_on_new_keeps_what_was_typed(place, client, login):
    login(place["lead"])
    response = client.post(
        "/staff/summaries/new",
        data={
            "theme_group": place["group"].id,
            "title-sv": "Kvar efter felet",
            "area": 0,
            "engagement": "survey:999999",
            "period_start": "2026-05-01",
            "period_end": "2026-04-01",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kvar efter felet" in html
    assert 'class="error"' in html and 'aria-invalid="true"' in html
    assert db.session.scalar(select(db.func.count()).select_from(Summary)) == 0


def test_publish_refusal_is_shown_at_the_sentence(place, client, login):
    summary = draft(place)
    login(place["lead"])
    quote = next(s for s in summary.sentences if s.kind == "quote")
    form = {f"s{quote.id}-quote": quote.quote + "!", f"s{quote.id}-cite": str(quote.citations[0].contribution_id)}
    for s in summary.sentences:
        form.setdefault(f"s{s.id}-keep", "1")
        for code in ("sv", "ar"):
            form[f"s{s.id}-{code}"] = s.text.get(code, "")
    assert client.post(f"/staff/summaries/{summary.id}/sentences", data=form).status_code == 302
    response = client.post(f"/staff/summaries/{summary.id}/publish")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="#sentence-{quote.id}"' in html
    assert "word for word" in html
    db.session.expire_all()
    assert db.session.get(Summary, summary.id).status == "draft"


def test_publish_sends_feedback_only_to_those_who_asked_in_their_language(place, client, login, app):
    summary = draft(place)
    login(place["lead"])
    assert client.post(f"/staff/summaries/{summary.id}/publish").status_code == 302
    messages = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    recipients = sorted(m["To"] for m in messages)
    assert recipients == ["author0@example.org", "author1@example.org", "author2@example.org"]
    arabic = next(m for m in messages if m["To"] == "author1@example.org")
    body = arabic.get_content()
    assert f"/summaries/{summary.id}" in body
    code = place["contributions"][1].display_receipt_code
    assert code in body and "/follow/" in body
    # Each author's language: resident has no account language set to Arabic, so the text's language.
    assert arabic["Subject"] != next(m for m in messages if m["To"] == "author0@example.org")["Subject"]
    # Once only, even when the job runs again.
    operations.queue_feedback(db.session.get(Summary, summary.id))
    assert len(outbox_messages(app.config["MAIL_OUTBOX_DIR"])) == 3
    assert db.session.scalar(select(db.func.count()).select_from(SummaryDelivery)) == 3


def test_public_page_citations_and_receipt_code(place, client):
    summary = draft(place)
    hidden_from_public = place["contributions"][2]  # not quoted: its author did not agree
    hidden_from_public.consent_publish = False
    db.session.commit()
    # Not public until published.
    assert client.get(f"/summaries/{summary.id}").status_code == 404
    publish(place, summary)
    html = client.get(f"/summaries/{summary.id}").get_data(as_text=True)
    assert "We heard – we do" in html
    public_id = place["contributions"][1].id
    assert f'href="/contributions/{public_id}"' in html
    assert f'#{hidden_from_public.id} <span class="muted">(not public)' in html
    # The area, theme group and contribution pages show it, and so does the receipt-code page.
    for path in (
        f"/areas/{place['backa'].slug}",
        f"/groups/{place['group'].slug}",
        f"/follow/{place['contributions'][2].display_receipt_code}",
    ):
        assert f"/summaries/{summary.id}" in client.get(path).get_data(as_text=True), path
    assert "Promises kept" in client.get(f"/groups/{place['group'].slug}").get_data(as_text=True)


def test_unpublish_is_logged_and_hides_the_page(place, client, login):
    summary = draft(place)
    publish(place, summary)
    login(place["lead"])
    response = client.post(f"/staff/summaries/{summary.id}/unpublish", data={"reason": ""})
    assert response.status_code == 422
    assert client.post(f"/staff/summaries/{summary.id}/unpublish", data={"reason": "Fel siffror"}).status_code == 302
    assert client.get(f"/summaries/{summary.id}").status_code == 404
    event = db.session.scalars(select(SummaryEvent).where(SummaryEvent.kind == "unpublished")).one()
    assert event.data == {"reason": "Fel siffror"} and event.actor_id == place["lead"].id


def test_exports(place, client, login):
    summary = draft(place)
    login(place["lead"])
    csv = client.get(f"/staff/summaries/{summary.id}/covered.csv")
    assert csv.status_code == 200
    text = csv.get_data(as_text=True)
    assert text.count("\n") == 7 and "Lighting and safety" in text
    xlsx = client.get(f"/staff/summaries/{summary.id}/covered.xlsx")
    assert xlsx.data[:2] == b"PK"
    printed = client.get(f"/staff/summaries/{summary.id}/print").get_data(as_text=True)
    assert "summaries-print.css" in printed
    pdf = client.get(f"/staff/summaries/{summary.id}/summary.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"


def test_dashboard_figures(place, client, login):
    first = place["contributions"][0]
    answer(first, body={"sv": "Vi lagar lampan."}, status="done", actor=place["lead"])
    db.session.commit()
    login(place["lead"])
    html = client.get(f"/staff/summaries/groups/{place['group'].id}/dashboard").get_data(as_text=True)
    assert "Median days to an answer" in html
    assert "17 %" in html  # 1 of 6 answered
    assert "100 %" in html  # the only one due so far was answered in time
    response = client.post(f"/staff/summaries/groups/{place['group'].id}/promises/days", data={"answer_days": "0"})
    assert response.status_code == 422
    assert (
        client.post(
            f"/staff/summaries/groups/{place['group'].id}/promises/days", data={"answer_days": "14"}
        ).status_code
        == 302
    )


def test_dashboard_and_public_page_queries_do_not_grow(place, client, login, count_queries):
    summary = draft(place)
    publish(place, summary)
    login(place["lead"])

    def counts():
        from dialog.summaries import dashboard

        client.get(f"/staff/summaries/groups/{place['group'].id}/dashboard")  # warm the version rows
        dashboard._cache.clear()
        with count_queries() as board:
            client.get(f"/staff/summaries/groups/{place['group'].id}/dashboard")
        with count_queries() as page:
            client.get(f"/summaries/{summary.id}")
        return len(board), len(page)

    before = counts()
    for i in range(15):
        create_contribution(
            source_kind="idea",
            area=place["backa"],
            body=f"Mörkt vid skolan {i}",
            language="sv",
            topics=[place["safety"]],
            author=place["resident"],
            consent_publish=True,
        )
    db.session.commit()
    assert counts() == before


STAFF_ROUTES = [
    ("get", "/staff/summaries/"),
    ("get", "/staff/summaries/new"),
    ("get", "/staff/summaries/{s}"),
    ("post", "/staff/summaries/{s}/sentences"),
    ("post", "/staff/summaries/{s}/publish"),
    ("post", "/staff/summaries/{s}/unpublish"),
    ("post", "/staff/summaries/{s}/redraft"),
    ("post", "/staff/summaries/{s}/delete"),
    ("get", "/staff/summaries/{s}/covered.csv"),
    ("get", "/staff/summaries/{s}/covered.xlsx"),
    ("get", "/staff/summaries/{s}/print"),
    ("get", "/staff/summaries/{s}/summary.pdf"),
    ("get", "/staff/summaries/groups/{g}/themes"),
    ("get", "/staff/summaries/groups/{g}/themes/new"),
    ("get", "/staff/summaries/groups/{g}/themes/{t}"),
    ("get", "/staff/summaries/groups/{g}/themes/{t}/edit"),
    ("post", "/staff/summaries/groups/{g}/themes/{t}/drop"),
    ("get", "/staff/summaries/groups/{g}/dashboard"),
    ("post", "/staff/summaries/groups/{g}/promises/days"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_every_staff_route_is_for_the_groups_staff(place, client, login, factories, method, path):
    summary = draft(place)
    theme = db.session.scalars(select(operations.Theme)).first()
    url = path.format(s=summary.id, g=place["group"].id, t=theme.id)
    call = getattr(client, method)
    anonymous = call(url)
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login(place["resident"])
    assert call(url).status_code == 403
    client.post("/account/logout")
    login(place["outsider"])
    response = call(url)
    if "/staff/summaries/new" in url or url.endswith("/staff/summaries/"):
        assert response.status_code == 200
        assert f"/staff/summaries/{summary.id}" not in response.get_data(as_text=True)
    else:
        assert response.status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Summary, summary.id) is not None


def test_sources_are_listed_with_the_page_languages_comma(place, client):
    summary = draft(place)
    publish(place, summary)
    english = client.get(f"/summaries/{summary.id}").get_data(as_text=True)
    assert "</a>, " in english and "\u060c" not in english
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    arabic = client.get(f"/summaries/{summary.id}").get_data(as_text=True)
    assert "</a>\u060c " in arabic and "</a>, " not in arabic
