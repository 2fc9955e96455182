"""The theme-group inbox: permissions, filters, search, keyset pages, bulk actions, answers."""

import pytest

from dialog.contributions import operations as ops
from dialog.extensions import db


@pytest.fixture
def setup(factories):
    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    karra = factories.area("karra", parent=district)
    safety = factories.topic("safety")
    work = factories.topic("work")
    member = factories.staff(email="member@example.org")
    outsider = factories.staff(email="outsider@example.org")
    trygg = factories.group("trygg", areas=[district], topics=[safety], district=district, members=[(member, "lead")])
    jobs = factories.group("jobs", areas=[district], topics=[work], district=district, members=[(outsider, "member")])
    return locals()


def make(setup, title="Idé", topic="safety", area="backa", **kw):
    c = ops.create_contribution(
        source_kind="idea",
        area=setup[area],
        topics=[setup[topic]],
        title=title,
        body=kw.pop("body", "Text om " + title),
        language=kw.pop("language", "sv"),
        consent_publish=True,
        **kw,
    )
    db.session.commit()
    return c


def test_member_sees_own_group_only(client, setup, login):
    mine = make(setup, "Trygghetsidé")
    other = make(setup, "Jobbidé", topic="work")
    login(setup["member"])
    html = client.get("/inbox/trygg").get_data(as_text=True)
    assert "Trygghetsidé" in html and "Jobbidé" not in html
    assert client.get("/inbox/jobs").status_code == 403
    assert client.get(f"/inbox/contributions/{other.id}").status_code == 403
    assert client.get(f"/inbox/contributions/{mine.id}").status_code == 200
    # Actions on another group's contribution are refused too.
    response = client.post(f"/inbox/contributions/{other.id}/note", data={"note-text": "hej"})
    assert response.status_code == 403


def test_admin_sees_every_group(client, setup, factories, login):
    make(setup, "Jobbidé", topic="work")
    login(factories.admin())
    assert "Jobbidé" in client.get("/inbox/jobs").get_data(as_text=True)


def test_single_group_member_goes_straight_to_it(client, setup, login):
    login(setup["member"])
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox/trygg")


def test_filters_search_and_counts(client, setup, login):
    make(setup, "Lampor i Backa")
    make(setup, "Kameror i Kärra", area="karra", language="ar")
    login(setup["member"])
    html = client.get(f"/inbox/trygg?area={setup['karra'].id}").get_data(as_text=True)
    assert "Kameror" in html and "Lampor i Backa" not in html
    html = client.get("/inbox/trygg?language=ar").get_data(as_text=True)
    assert "Kameror" in html and "Lampor i Backa" not in html
    html = client.get("/inbox/trygg?q=lampor").get_data(as_text=True)
    assert "Lampor i Backa" in html and "Kameror" not in html
    html = client.get("/inbox/trygg?moderation=pending").get_data(as_text=True)
    assert "(2)" in html  # count beside the pending option


def test_keyset_pagination_walks_everything_once(client, setup, login):
    for i in range(30):
        make(setup, f"Idé nummer {i:02d}")
    login(setup["member"])
    seen, url = [], "/inbox/trygg"
    import re

    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"dir=\"auto\">Idé nummer (\d\d)</a>", html)
        match = re.search(r'href="(/inbox/trygg\?after=[^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert sorted(seen) == [f"{i:02d}" for i in range(30)]
    assert len(seen) == len(set(seen))


def test_tampered_cursor_gives_first_page(client, setup, login):
    make(setup, "Första")
    login(setup["member"])
    assert "Första" in client.get("/inbox/trygg?after=!!garbage!!").get_data(as_text=True)


def test_answer_in_two_languages_is_published(client, app, setup, login):
    c = make(setup, "Lampor")
    login(setup["member"])
    response = client.post(
        f"/inbox/contributions/{c.id}/answer",
        data={
            "answer-status": "planned",
            "answer-body-sv": "Vi sätter upp lampor i vår.",
            "answer-body-ar": "سنركب مصابيح في الربيع.",
        },
    )
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.status == "planned"
    assert c.answer.body == {"sv": "Vi sätter upp lampor i vår.", "ar": "سنركب مصابيح في الربيع."}
    page = client.get(f"/follow/{c.display_receipt_code}")
    assert "Vi sätter upp lampor i vår." in page.get_data(as_text=True)
    reader = app.test_client()
    reader.set_cookie("dialog_lang", "ar", domain="dialog.test")
    assert "سنركب مصابيح في الربيع." in reader.get(f"/follow/{c.display_receipt_code}").get_data(as_text=True)


def test_answer_needs_swedish(client, setup, login):
    c = make(setup, "Lampor")
    login(setup["member"])
    response = client.post(
        f"/inbox/contributions/{c.id}/answer", data={"answer-status": "planned", "answer-body-ar": "نص"}
    )
    assert response.status_code == 400
    assert "answer-body-sv-error" in response.get_data(as_text=True)
    db.session.refresh(c)
    assert c.answer is None


def test_status_note_assign_reroute(client, setup, login):
    c = make(setup, "Lampor")
    login(setup["member"])
    assert (
        client.post(
            f"/inbox/contributions/{c.id}/status", data={"status-status": "looking", "status-reason": "Vi kollar"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/inbox/contributions/{c.id}/status", data={"status-status": "done"}).status_code == 400
    )  # no answer yet
    assert (
        client.post(f"/inbox/contributions/{c.id}/note", data={"note-text": "Ring parkförvaltningen"}).status_code
        == 302
    )
    assert (
        client.post(f"/inbox/contributions/{c.id}/assign", data={"assign-member_id": setup["member"].id}).status_code
        == 302
    )
    db.session.refresh(c)
    assert (c.status, c.assigned_to_id) == ("looking", setup["member"].id)
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "Ring parkförvaltningen" in html
    # The internal note never reaches the public page.
    assert "Ring parkförvaltningen" not in client.get(f"/follow/{c.display_receipt_code}").get_data(as_text=True)
    response = client.post(
        f"/inbox/contributions/{c.id}/reroute",
        data={"reroute-groups": [setup["jobs"].id], "reroute-reason": "Handlar om jobb"},
    )
    assert response.status_code == 302
    db.session.refresh(c)
    assert [r.theme_group.slug for r in c.routes] == ["jobs"]
    assert client.get(f"/inbox/contributions/{c.id}").status_code == 403  # no longer ours


def test_bulk_status_and_assign(client, setup, login):
    a, b = make(setup, "A"), make(setup, "B")
    other = make(setup, "Other", topic="work")
    login(setup["member"])
    client.post(
        "/inbox/trygg/bulk",
        data={
            "ids": [a.id, b.id, other.id],
            "action": "status",
            "status": "looking",
            "member_id": setup["member"].id,
            "group_id": setup["trygg"].id,
        },
    )
    client.post(
        "/inbox/trygg/bulk",
        data={
            "ids": [a.id],
            "action": "assign",
            "status": "looking",
            "member_id": setup["member"].id,
            "group_id": setup["trygg"].id,
        },
    )
    for c in (a, b, other):
        db.session.refresh(c)
    assert (a.status, b.status) == ("looking", "looking")
    assert other.status == "with_group"  # not in this group: untouched
    assert a.assigned_to_id == setup["member"].id


def test_inbox_query_count_is_constant(client, setup, login, count_queries):
    login(setup["member"])

    def run():
        with count_queries() as statements:
            assert client.get("/inbox/trygg").status_code == 200
        return len(statements)

    make(setup, "first")
    few = run()
    for i in range(30):
        make(setup, f"more {i}", area="karra" if i % 2 else "backa")
    assert run() == few


def test_detail_query_count_is_constant(client, setup, login, count_queries):
    login(setup["member"])
    c = make(setup, "x")
    for i in range(3):
        ops.add_note(c, f"n{i}", setup["member"])
    db.session.commit()

    def run():
        with count_queries() as statements:
            assert client.get(f"/inbox/contributions/{c.id}").status_code == 200
        return len(statements)

    few = run()
    for i in range(20):
        ops.add_note(c, f"m{i}", setup["member"])
    db.session.commit()
    assert run() == few


def test_cached_inbox_shows_changes_at_once(client, setup, login):
    first = make(setup, "Första idén")
    login(setup["member"])
    assert "Första idén" in client.get("/inbox/trygg").get_data(as_text=True)
    make(setup, "Andra idén")  # arrives while the page is cached
    assert "Andra idén" in client.get("/inbox/trygg").get_data(as_text=True)
    client.post(f"/inbox/contributions/{first.id}/status", data={"status-status": "looking"})
    html = client.get("/inbox/trygg?status=looking").get_data(as_text=True)
    assert "Första idén" in html and "Andra idén" not in html
    # Re-routed away: it leaves this inbox.
    client.post(
        f"/inbox/contributions/{first.id}/reroute",
        data={"reroute-groups": [setup["jobs"].id], "reroute-reason": "Jobb"},
    )
    assert "Första idén" not in client.get("/inbox/trygg").get_data(as_text=True)
