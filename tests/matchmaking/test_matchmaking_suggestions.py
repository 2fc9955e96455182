"""Suggestions: a Swedish need meets an Arabic resource through the tag list; never an
organisation with itself; a declined pair never again; the reason quotes both items' own words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialog.extensions import db
from dialog.matchmaking import operations as ops
from dialog.matchmaking import suggestions as scoring
from dialog.matchmaking.models import MatchJob, MatchSuggestion

from .helpers import item, join, make_org, make_round, request_context, run_job


@pytest.fixture(autouse=True)
def _request(app):
    with request_context(app):
        yield


TAGS = {
    1: {"sv": "praktik", "ar": "تدريب عملي", "en": "work placement"},
    2: {"sv": "läxhjälp", "ar": "مساعدة في الواجبات"},
    3: {"sv": "lokal", "ar": "قاعة"},
}


def _item(ident, org, kind, title, body, language="sv", tags=(), sector="association"):
    return scoring.Item(ident, org, kind, title, body, language, frozenset(tags), sector)


def test_swedish_need_meets_arabic_resource_through_the_tag_list():
    need = _item(1, 10, "need", "Praktikplatser för unga", "Vi söker praktikplatser för ungdomar.")
    offer = _item(2, 20, "resource", "تدريب للشباب", "شركتنا تقدم تدريب عملي للشباب في الصيف", "ar", sector="company")
    other = _item(3, 30, "resource", "Fika", "Vi bjuder på kaffe och bullar varje fredag.")
    pairs = scoring.suggest([need, offer, other], TAGS)
    assert [(p.a.id, p.b.id) for p in pairs][:1] == [(1, 2)]
    pair = pairs[0]
    assert pair.tag_ids == (1,)
    # The phrases are really in each item's own text.
    assert pair.phrases_a and all(p in need.text for p in pair.phrases_a)
    assert pair.phrases_b and all(p in offer.text for p in pair.phrases_b)
    assert "تدريب عملي" in pair.phrases_b


def test_never_an_organisation_with_itself():
    items = [
        _item(1, 10, "need", "Lokal för läxhjälp", "Vi behöver en lokal för läxhjälp på kvällarna."),
        _item(2, 10, "resource", "Lokal för läxhjälp", "Vi har en lokal för läxhjälp på kvällarna."),
        _item(3, 20, "resource", "Lokal", "Vår lokal är ledig på kvällarna."),
    ]
    pairs = scoring.suggest(items, TAGS)
    assert pairs
    assert all(p.a.organisation_id != p.b.organisation_id for p in pairs)


def test_declined_organisation_pair_is_never_suggested():
    items = [
        _item(1, 10, "need", "Lokal för läxhjälp", "Vi behöver en lokal."),
        _item(2, 20, "resource", "Lokal för läxhjälp", "Vi har en lokal."),
    ]
    assert scoring.suggest(items, TAGS)
    assert scoring.suggest(items, TAGS, scoring.History(declined={(10, 20)})) == []


def test_ideas_meet_needs_and_resources_but_needs_not_needs():
    items = [
        _item(1, 10, "need", "Mentorer", "Vi behöver mentorer för nyanlända."),
        _item(2, 20, "need", "Mentorer", "Vi behöver mentorer för nyanlända."),
        _item(3, 30, "idea", "Mentorprogram", "Ett mentorprogram för nyanlända med företag."),
    ]
    kinds = {(p.a.kind, p.b.kind) for p in scoring.suggest(items, TAGS)}
    assert ("need", "need") not in kinds
    assert kinds <= {("need", "idea"), ("idea", "need")}


def test_top_k_matches_brute_force():
    import numpy as np

    rng = np.random.default_rng(1)
    from scipy import sparse

    left = sparse.random(40, 30, density=0.3, random_state=2, format="csr")
    right = sparse.random(25, 30, density=0.3, random_state=3, format="csr")
    rows, cols, values = scoring.top_k_similar(left, right, 3)
    dense = (left @ right.T).toarray()
    for r in range(40):
        found = sorted(values[rows == r], reverse=True)
        assert np.allclose(found, sorted(dense[r], reverse=True)[:3], atol=1e-6)
    assert rng is not None


def test_the_job_stores_suggestions_and_keeps_declines(factories):
    match_round = make_round(factories)
    sv_org, sv_rep = make_org(factories, "Flyktinghjälp")
    ar_org, ar_rep = make_org(factories, "Föreningen Al-Amal", language="ar")
    company, company_rep = make_org(factories, "VVS-företaget", kind="company")
    for org, rep in ((sv_org, sv_rep), (ar_org, ar_rep), (company, company_rep)):
        join(match_round, org, rep)
    item(match_round, sv_org, sv_rep, "need", "Praktikplatser", "Vi söker praktikplatser för unga nyanlända.")
    item(match_round, ar_org, ar_rep, "resource", "تدريب للشباب", "نقدم تدريب عملي للشباب", "ar", tags=("praktik",))
    item(match_round, company, company_rep, "resource", "Praktik hos oss", "Vi tar emot praktikanter i VVS.")
    assert run_job(match_round) >= 2
    job = db.session.scalars(select(MatchJob)).one()
    assert job.state == "done" and job.done == job.total
    rows = db.session.scalars(select(MatchSuggestion)).all()
    pair_orgs = {frozenset((s.organisation_a_id, s.organisation_b_id)) for s in rows}
    assert frozenset((sv_org.id, ar_org.id)) in pair_orgs
    declined = next(s for s in rows if {s.organisation_a_id, s.organisation_b_id} == {sv_org.id, ar_org.id})
    ops.answer_suggestion(declined, ar_org, "no", ar_rep)
    db.session.commit()
    run_job(match_round)
    again = db.session.scalars(select(MatchSuggestion)).all()
    between = [s for s in again if {s.organisation_a_id, s.organisation_b_id} == {sv_org.id, ar_org.id}]
    assert [s.state for s in between] == ["declined"]


def test_mutual_yes_confirms_and_outsiders_cannot_answer(factories):
    match_round = make_round(factories)
    a, rep_a = make_org(factories, "A-föreningen")
    b, rep_b = make_org(factories, "B-bolaget", kind="company")
    c, rep_c = make_org(factories, "C-kyrkan", kind="faith_community")
    for org, rep in ((a, rep_a), (b, rep_b), (c, rep_c)):
        join(match_round, org, rep)
    item(match_round, a, rep_a, "need", "Lokal för läxhjälp", "Vi behöver en lokal för läxhjälp.", tags=("lokal",))
    item(match_round, b, rep_b, "resource", "Lokal", "Vi har en lokal för läxhjälp på kvällar.", tags=("lokal",))
    run_job(match_round)
    suggestion = db.session.scalars(select(MatchSuggestion)).first()
    with pytest.raises(ops.MatchError):
        ops.answer_suggestion(suggestion, c, "yes", rep_c)  # not part of this pair
    with pytest.raises(ops.MatchError):
        ops.answer_suggestion(suggestion, a, "yes", rep_b)  # not a's representative
    with pytest.raises(ops.MatchError):
        ops.answer_suggestion(suggestion, a, "perhaps", rep_a)
    ops.answer_suggestion(suggestion, a, "yes", rep_a)
    assert suggestion.state == "open"
    ops.answer_suggestion(suggestion, b, "yes", rep_b)
    assert suggestion.state == "confirmed"


def test_empty_round_has_a_clear_message(factories):
    match_round = make_round(factories)
    with pytest.raises(ops.MatchError, match="No organisation"):
        ops.start_suggestions(match_round)
