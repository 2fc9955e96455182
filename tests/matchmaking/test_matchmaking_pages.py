"""The round through its pages: a representative joins, adds items, reads suggestions with
reasons and answers; staff set up, schedule, check in, record a collaboration; follow-up links.
Permissions for every staff route and for organisations acting on others' data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from dialog.contributions.models import Contribution
from dialog.core.mail import outbox_messages
from dialog.extensions import db
from dialog.matchmaking import conversations as placing
from dialog.matchmaking import emails, links
from dialog.matchmaking import operations as ops
from dialog.matchmaking.models import (
    MatchCollaboration,
    MatchConversation,
    MatchItem,
    MatchSuggestion,
)

from ..test_access import protected_routes
from .helpers import item, join, make_org, make_round, request_context, run_job


def _routes(prefix):
    from dialog import create_app
    from dialog.config import TestConfig

    return protected_routes(create_app(TestConfig), (prefix,))


STAFF_ROUTES = _routes("match_admin.") + _routes("organisation_admin.")


def test_there_are_staff_routes():
    assert len(STAFF_ROUTES) >= 20


@pytest.mark.parametrize("method,url", STAFF_ROUTES)
def test_staff_routes_turn_away_anonymous(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("method,url", STAFF_ROUTES)
def test_staff_routes_forbid_representatives(client, factories, login, method, url):
    login(factories.user(roles=("resident", "organisation")))
    assert client.open(url, method=method).status_code == 403


def _round_with_two(factories):
    match_round = make_round(factories)
    sv_org, sv_rep = make_org(factories, "Flyktinghjälp")
    ar_org, ar_rep = make_org(factories, "Föreningen Al-Amal", language="ar")
    return match_round, (sv_org, sv_rep), (ar_org, ar_rep)


def test_representative_joins_adds_items_and_answers(client, factories, login):
    match_round, (sv_org, sv_rep), (ar_org, ar_rep) = _round_with_two(factories)
    with request_context(client.application):
        join(match_round, ar_org, ar_rep)
        item(match_round, ar_org, ar_rep, "resource", "تدريب للشباب", "نقدم تدريب عملي للشباب", "ar", tags=("praktik",))
    login(sv_rep)
    page = client.get(f"/matchmaking/rounds/{match_round.id}").get_data(as_text=True)
    assert "Idésluss Lundby" in page and "Join the round" in page or "Gå med" in page
    response = client.post(f"/matchmaking/rounds/{match_round.id}/join", data={"organisation_id": sv_org.id})
    assert response.status_code == 302
    workspace = f"/matchmaking/rounds/{match_round.id}/org/{sv_org.id}"
    tag_id = ops.round_tags(match_round)[2].id  # "praktik" in slug order: lokal, laxhjalp, mentor, praktik
    # A title too long and no text: the form comes back with what was typed, nothing saved.
    response = client.post(workspace, data={"kind": "need", "title": "x" * 300, "body": "", "language": "sv"})
    assert response.status_code == 200
    assert "x" * 300 in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(MatchItem.id))) == 1
    response = client.post(
        workspace,
        data={
            "kind": "need",
            "title": "Praktikplatser för unga",
            "body": "Vi söker praktikplatser för unga nyanlända.",
            "language": "sv",
            "tags": [str(tag_id)],
        },
    )
    assert response.status_code == 302
    with request_context(client.application):
        run_job(match_round)
    page = client.get(f"{workspace}/suggestions").get_data(as_text=True)
    assert "Föreningen Al-Amal" in page
    assert "تدريب عملي" in page  # quoted from the Arabic item
    assert "Praktikplatser" in page  # quoted from the Swedish item
    suggestion = db.session.scalars(select(MatchSuggestion)).one()
    response = client.post(f"{workspace}/suggestions/{suggestion.id}", data={"answer": "yes"})
    assert response.status_code == 302
    db.session.refresh(suggestion)
    assert "yes" in (suggestion.answer_a, suggestion.answer_b)


def test_organisations_cannot_act_on_others_data(client, factories, login):
    match_round, (sv_org, sv_rep), (ar_org, ar_rep) = _round_with_two(factories)
    with request_context(client.application):
        join(match_round, sv_org, sv_rep)
        join(match_round, ar_org, ar_rep)
        theirs = item(
            match_round, ar_org, ar_rep, "resource", "Lokal", "Vi har en lokal för läxhjälp.", tags=("lokal",)
        )
        item(match_round, sv_org, sv_rep, "need", "Lokal", "Vi behöver en lokal för läxhjälp.", tags=("lokal",))
        run_job(match_round)
    outsider, outsider_rep = make_org(factories, "Tredje föreningen")
    login(sv_rep)
    base = f"/matchmaking/rounds/{match_round.id}"
    # Another organisation's workspace, items and suggestions.
    assert client.get(f"{base}/org/{ar_org.id}").status_code == 403
    assert client.post(f"{base}/org/{ar_org.id}/items/{theirs.id}", data={"title": "hacked"}).status_code == 403
    assert client.post(f"{base}/org/{ar_org.id}/items/{theirs.id}/delete").status_code == 403
    # Its own workspace with a tampered item id: not found, nothing changed.
    assert client.post(f"{base}/org/{sv_org.id}/items/{theirs.id}", data={"title": "hacked"}).status_code == 404
    assert client.post(f"{base}/org/{sv_org.id}/items/{theirs.id}/delete").status_code == 404
    assert client.get(f"{base}/org/{sv_org.id}/items/999999").status_code == 404
    db.session.refresh(theirs)
    assert theirs.title == "Lokal"
    # Answering for a pair its organisation is not in.
    suggestion = db.session.scalars(select(MatchSuggestion)).one()
    client.post("/account/logout")
    login(outsider_rep)
    with request_context(client.application):
        join(match_round, outsider, outsider_rep)
    response = client.post(f"{base}/org/{outsider.id}/suggestions/{suggestion.id}", data={"answer": "no"})
    assert response.status_code == 302
    db.session.refresh(suggestion)
    assert suggestion.answer_a is None and suggestion.answer_b is None and suggestion.state == "open"
    # A tampered suggestion id.
    assert client.post(f"{base}/org/{outsider.id}/suggestions/999999", data={"answer": "no"}).status_code == 404


def test_items_are_locked_once_meeting_two_has_begun(client, factories, login):
    match_round = make_round(factories, meeting_in_days=-1)
    org, rep = make_org(factories, "Sena föreningen")
    with request_context(client.application):
        join(match_round, org, rep)
        with pytest.raises(ops.MatchError, match="can no longer be changed"):
            item(match_round, org, rep, "need", "Sent", "För sent.")


def test_staff_path_schedule_collaboration_follow_up(client, factories, login):
    match_round, (sv_org, sv_rep), (ar_org, ar_rep) = _round_with_two(factories)
    with request_context(client.application):
        join(match_round, sv_org, sv_rep)
        join(match_round, ar_org, ar_rep)
        item(match_round, ar_org, ar_rep, "resource", "Lokal", "Vi har en lokal för läxhjälp.", tags=("lokal",))
        item(match_round, sv_org, sv_rep, "need", "Lokal", "Vi behöver en lokal för läxhjälp.", tags=("lokal",))
        run_job(match_round)
    staff = factories.staff()
    login(staff)
    base = f"/staff/matchmaking/{match_round.id}"
    assert client.post(f"{base}/schedule/build").status_code == 302
    assert db.session.scalar(select(func.count(MatchConversation.id))) == 0  # nothing confirmed yet
    suggestion = db.session.scalars(select(MatchSuggestion)).one()
    client.post(f"/staff/matchmaking/suggestions/{suggestion.id}/confirm")
    client.post(f"{base}/schedule/build")
    conversation = db.session.scalars(select(MatchConversation)).one()
    assert conversation.slot is not None
    assert "Flyktinghjälp" in client.get(f"{base}/agendas").get_data(as_text=True)
    assert client.get(f"{base}/schedule").status_code == 200
    meeting = match_round.meetings[1]
    client.post(f"/staff/matchmaking/meetings/{meeting.id}/check-in", data={"organisation_id": sv_org.id})
    client.post(f"/staff/matchmaking/meetings/{meeting.id}/check-in", data={"organisation_id": ar_org.id})
    assert client.get(f"{base}/retention").status_code == 200
    # A collaboration missing its contact: kept as typed, nothing saved.
    data = {
        "organisations": [str(sv_org.id), str(ar_org.id)],
        "activity": "Läxhjälp i föreningens lokal",
        "form": "volunteering",
        "contact_name": "",
        "language": "sv",
        "is_public": "y",
    }
    response = client.post(f"{base}/collaborations", data=data)
    assert response.status_code == 200 and "Läxhjälp i föreningens lokal" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(MatchCollaboration.id))) == 0
    data["contact_name"] = "Emma"
    assert client.post(f"{base}/collaborations", data=data).status_code == 302
    collaboration = db.session.scalars(select(MatchCollaboration)).one()
    assert [f.months for f in collaboration.follow_ups] == [3, 6]
    # The public list shows it (every member agreed).
    assert "Läxhjälp i föreningens lokal" in client.get(f"/matchmaking/rounds/{match_round.id}").get_data(as_text=True)
    # Thank-you mail in each participant's own language, once.
    with request_context(client.application):
        assert emails.send_thank_you(meeting.id) == 2
        assert emails.send_thank_you(meeting.id) == 0
    messages = outbox_messages()
    assert len(messages) == 2
    # Follow-up at three months: a link per outcome, no login needed.
    with request_context(client.application):
        first = collaboration.follow_ups[0]
        assert emails.send_due_follow_ups(first.due_on) >= 1
        token = links.follow_up_token(first.id)
    client.post("/account/logout")
    page = client.get(f"/matchmaking/outcome/{token}/work_started")
    assert page.status_code == 200
    assert (
        client.post(f"/matchmaking/outcome/{token}/work_started", data={"outcome": "work_started"}).status_code == 200
    )
    db.session.refresh(first)
    assert first.outcome == "work_started"
    # Tampered and unknown tokens.
    assert client.get(f"/matchmaking/outcome/{token}x/none").status_code == 404
    assert client.get("/matchmaking/outcome/nonsense/none").status_code == 404


def test_schedule_round_builds_conversations_only_from_confirmed_pairs(client, factories):
    match_round, (sv_org, sv_rep), (ar_org, ar_rep) = _round_with_two(factories)
    with request_context(client.application):
        join(match_round, sv_org, sv_rep)
        join(match_round, ar_org, ar_rep)
        item(match_round, ar_org, ar_rep, "resource", "Lokal", "Vi har en lokal för läxhjälp.", tags=("lokal",))
        item(match_round, sv_org, sv_rep, "need", "Lokal", "Vi behöver en lokal för läxhjälp.", tags=("lokal",))
        run_job(match_round)
        with pytest.raises(ops.MatchError, match="no confirmed pairs"):
            placing.schedule_round(match_round, build=True)
        db.session.rollback()
        ops.confirm_by_staff(db.session.scalars(select(MatchSuggestion)).one())
        result = placing.schedule_round(match_round, build=True)
        db.session.commit()
    conversation = db.session.scalars(select(MatchConversation)).one()
    assert list(result.placed) == [conversation.id] and conversation.slot is not None
    assert match_round.schedule_report["placed"] == 1
    with request_context(client.application):
        assert placing.schedule_round(match_round, build=False).placed.keys() == {conversation.id}


def test_expired_follow_up_link(client, factories, app, monkeypatch):
    match_round, (sv_org, _), (ar_org, _) = _round_with_two(factories)
    from dialog.matchmaking import links as link_module

    with request_context(app):
        token = link_module.follow_up_token(1)
    monkeypatch.setattr(link_module, "FOLLOW_UP_MAX_AGE", -1)
    response = client.get(f"/matchmaking/outcome/{token}/none")
    assert response.status_code == 410


def test_send_on_makes_a_routed_contribution_with_a_link_back(client, factories, login):
    match_round, (sv_org, sv_rep), _ = _round_with_two(factories)
    factories.group(areas=[match_round.area.parent], district=match_round.area.parent, fallback=True)
    with request_context(client.application):
        join(match_round, sv_org, sv_rep)
        found = item(match_round, sv_org, sv_rep, "idea", "Volontärsluss", "En lokal volontärsluss med studiebesök.")
    login(sv_rep)
    url = f"/matchmaking/rounds/{match_round.id}/org/{sv_org.id}/items/{found.id}/send"
    assert client.post(url).status_code == 302
    contribution = db.session.scalars(select(Contribution)).one()
    assert contribution.source_kind == "round_offer" and contribution.routes
    from dialog.contributions.sources import source_link

    with request_context(client.application):
        link = source_link(contribution)
    assert link.url == f"/matchmaking/rounds/{match_round.id}" and "Flyktinghjälp" in link.label
    assert client.post(url).status_code == 302  # twice: refused with a message, still one contribution
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def _count(client, count_queries, url) -> int:
    db.session.expire_all()  # the test shares the app's session: start each page cold, as a server does
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_round_pages_queries_do_not_grow(client, factories, login, count_queries):
    match_round = make_round(factories)
    reps = []
    for n in range(2):
        org, rep = make_org(factories, f"Org {n}")
        reps.append((org, rep))
        with request_context(client.application):
            join(match_round, org, rep)
            item(
                match_round,
                org,
                rep,
                "need" if n % 2 else "resource",
                f"Lokal {n}",
                "En lokal för läxhjälp.",
                tags=("lokal",),
            )
    with request_context(client.application):
        run_job(match_round)
    org, rep = reps[0]
    login(rep)
    pages = [
        f"/matchmaking/rounds/{match_round.id}",
        f"/matchmaking/rounds/{match_round.id}/org/{org.id}/suggestions",
        f"/matchmaking/rounds/{match_round.id}/org/{org.id}",
    ]
    small = [_count(client, count_queries, url) for url in pages]
    for n in range(2, 12):
        other, other_rep = make_org(factories, f"Org {n}", kind="company")
        with request_context(client.application):
            join(match_round, other, other_rep)
            item(
                match_round,
                other,
                other_rep,
                "need" if n % 2 else "resource",
                f"Lokal {n}",
                "Lokal för läxhjälp.",
                tags=("lokal", "mentor"),
            )
            item(match_round, org, rep, "resource", f"Mer {n}", "Vi har en lokal och mentorer.", tags=("lokal",))
    with request_context(client.application):
        run_job(match_round)
    large = [_count(client, count_queries, url) for url in pages]
    assert large == small


def test_invite_a_colleague(client, factories, login, app):
    org, rep = make_org(factories, "Bjuder in")
    login(rep)
    response = client.post(f"/my/organisations/{org.id}/invite", data={"i-email": "inte en adress"})
    assert response.status_code == 200
    assert "inte en adress" in response.get_data(as_text=True)
    assert outbox_messages() == []
    assert client.post(f"/my/organisations/{org.id}/invite", data={"i-email": "kollega@example.org"}).status_code == 302
    body = outbox_messages()[0].get_content()
    token = re.search(r"/organisations/invite/(\S+)", body).group(1)
    client.post("/account/logout")
    other = factories.user(email="annan@example.org")
    login(other)
    assert client.get(f"/organisations/invite/{token}").status_code == 403  # not the invited address
    client.post("/account/logout")
    colleague = factories.user(email="kollega@example.org")
    login(colleague)
    assert client.get(f"/organisations/invite/{token}").status_code == 200
    assert client.post(f"/organisations/invite/{token}").status_code == 302
    db.session.refresh(org)
    assert colleague in org.representatives and colleague.has_role("organisation")
    assert client.get(f"/organisations/invite/{token}x").status_code == 404


def test_staff_verify_an_organisation(client, factories, login):
    org, _rep = make_org(factories, "Ska verifieras")
    login(factories.staff())
    assert client.post(f"/staff/organisations/{org.id}/verify").status_code == 302
    db.session.refresh(org)
    assert org.is_verified
