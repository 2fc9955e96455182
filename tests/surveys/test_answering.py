"""Answering without JavaScript: pages, conditions, progress, save and continue, languages,
the three modes, one answer each, paper answers, bad input, and anonymity."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError

from dialog.contributions.models import Contribution
from dialog.extensions import db
from dialog.surveys.models import (
    SurveyAnswer,
    SurveyCode,
    SurveyReceipt,
    SurveyResponse,
)

from .helpers import english, make_survey, option, questions  # noqa: F401  (fixtures)


def start(client, survey, **data):
    response = client.post(f"/surveys/{survey.id}/start", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return response.headers["Location"]


def page1(survey, *, safe="1", area=None, **extra):
    q = questions(survey)
    data = {"action": "next", f"q{q['safe'].id}": safe, "area": str(area or survey.areas[0].children[0].id)}
    data.update(extra)
    return data


def answer_all(client, survey, *, walk="yes", js=True):
    """Walk through every page; return the final response."""
    q = questions(survey)
    url = start(client, survey)
    r = client.post(url, data=page1(survey))
    assert r.status_code == 302, r.get_data(as_text=True)
    url2 = r.headers["Location"]
    assert url2.endswith(f"/answer/{survey.sections[1].id}")
    data = {
        "action": "next",
        f"q{q['walk'].id}": str(option(survey, "walk", walk)),
        f"q{q['why'].id}": "Mörkt vid busshållplatsen",
    }
    if walk == "yes":
        data[f"q{q['when'].id}"] = str(option(survey, "when", "evening"))
    if js:
        data["js"] = "1"
    r = client.post(url2, data=data)
    url3 = r.headers["Location"]
    r = client.post(url3, data={"action": "next", f"q{q['ok'].id}": "1", f"q{q['age'].id}": "42"})
    return r


def test_landing_page_states_level_promise_and_mode(client, factories):
    survey = make_survey(factories)
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "Consultation" in page and "Vi använder svaren." in page
    assert "You answer anonymously" in page and "Start the survey" in page


def test_whole_survey_without_javascript(client, factories):
    survey = make_survey(factories, topics=[factories.topic("safety")])
    q = questions(survey)
    url = start(client, survey)
    page = client.get(url).get_data(as_text=True)
    assert "Page 1 of 2" in page  # the second page applies only after a low "safe"
    assert '<progress max="2" value="1"' in page
    r = client.post(url, data=page1(survey, safe="1"))
    url2 = r.headers["Location"]
    page = client.get(url2).get_data(as_text=True)
    assert "Page 2 of 3" in page
    # "when" is conditional on "walk" on the same page: hidden at first.
    assert re.search(rf'id="question-{q["when"].id}"[^>]* hidden', page)
    # Without JavaScript: answering "yes" brings the page back with the new question shown.
    r = client.post(url2, data={"action": "next", f"q{q['walk'].id}": str(option(survey, "walk", "yes"))})
    assert r.headers["Location"].endswith(f"/answer/{survey.sections[1].id}#question-{q['when'].id}")
    page = client.get(url2).get_data(as_text=True)
    assert "New questions appeared on this page" in page
    assert not re.search(rf'id="question-{q["when"].id}"[^>]* hidden', page)
    assert f'value="{option(survey, "walk", "yes")}" data-option="yes" checked' in page
    # Now "when" is required.
    r = client.post(url2, data={"action": "next", f"q{q['walk'].id}": str(option(survey, "walk", "yes"))})
    assert r.status_code == 422 and "Choose an answer." in r.get_data(as_text=True)
    r = client.post(
        url2,
        data={
            "action": "next",
            f"q{q['walk'].id}": str(option(survey, "walk", "yes")),
            f"q{q['when'].id}": str(option(survey, "when", "evening")),
            f"q{q['why'].id}": "Mörkt vid busshållplatsen",
        },
    )
    url3 = r.headers["Location"]
    r = client.post(url3, data={"action": "next", f"q{q['age'].id}": "42"})
    assert r.status_code == 422 and "Tick the box to go on." in r.get_data(as_text=True)
    r = client.post(
        url3,
        data={
            "action": "next",
            f"q{q['ok'].id}": "1",
            f"q{q['age'].id}": "42",
            f"q{q['moved'].id}": "2019-05-31",
            f"q{q['trust'].id}-r{option(survey, 'trust', 'police', 'row')}": str(option(survey, "trust", "high")),
            f"q{q['rank'].id}-o{option(survey, 'rank', 'youth')}": "1",
            f"q{q['rank'].id}-o{option(survey, 'rank', 'light')}": "2",
        },
    )
    assert r.headers["Location"].endswith(f"/surveys/{survey.id}/thanks")
    assert "Thank you for your answers" in client.get(r.headers["Location"]).get_data(as_text=True)

    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.state == "submitted" and response.submitted_on == date.today()
    assert response.draft == {} and response.resume_hash is None and response.updated_at is None
    rows = db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id == response.id)).all()
    by_q = {}
    for row in rows:
        by_q.setdefault(row.question_id, []).append(row)
    assert by_q[q["safe"].id][0].number == 1
    assert by_q[q["moved"].id][0].date_value == date(2019, 5, 31)
    assert {(r.option_id, r.number) for r in by_q[q["rank"].id]} == {
        (option(survey, "rank", "youth"), 1),
        (option(survey, "rank", "light"), 2),
    }
    assert by_q[q["trust"].id][0].row_option_id == option(survey, "trust", "police", "row")
    # The free text is a contribution for the survey's theme group, pre-moderated, not public.
    contribution = db.session.scalars(select(Contribution)).one()
    assert contribution.source_kind == "survey" and contribution.source_id == response.id
    assert contribution.source_url == f"/surveys/{survey.id}" and contribution.body == "Mörkt vid busshållplatsen"
    assert contribution.consent_publish is False and contribution.author_id is None
    assert survey.theme_groups[0].id in {r.theme_group_id for r in contribution.routes}


def test_with_javascript_the_conditional_answer_counts_at_once(client, factories):
    survey = make_survey(factories)
    r = answer_all(client, survey, js=True)
    assert r.headers["Location"].endswith("/thanks")
    q = questions(survey)
    assert db.session.scalar(select(SurveyAnswer.option_id).where(SurveyAnswer.question_id == q["when"].id)) == option(
        survey, "when", "evening"
    )


def test_answers_to_questions_that_became_hidden_are_discarded(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    client.post(url, data=page1(survey, safe="1"))
    url2 = f"/surveys/{survey.id}/answer/{survey.sections[1].id}"
    client.post(
        url2,
        data={
            "action": "next",
            "js": "1",
            f"q{q['walk'].id}": str(option(survey, "walk", "yes")),
            f"q{q['when'].id}": str(option(survey, "when", "evening")),
            f"q{q['why'].id}": "Text",
        },
    )
    # Back to page 1: now "safe" is high, so page 2 no longer applies and its answers go.
    client.post(url, data=page1(survey, safe="5"))
    draft = db.session.scalars(select(SurveyResponse)).one()
    db.session.refresh(draft)
    assert str(q["walk"].id) not in draft.draft and str(q["why"].id) not in draft.draft
    r = client.post(
        f"/surveys/{survey.id}/answer/{survey.sections[2].id}", data={"action": "next", f"q{q['ok'].id}": "1"}
    )
    assert r.headers["Location"].endswith("/thanks")
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(SurveyAnswer)
            .where(SurveyAnswer.question_id.in_([q["walk"].id, q["when"].id, q["why"].id]))
        )
        == 0
    )
    assert db.session.scalar(select(func.count()).select_from(Contribution)) == 0


def test_hidden_answer_posted_anyway_is_dropped_with_a_message(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    client.post(url, data=page1(survey, safe="1"))
    url2 = f"/surveys/{survey.id}/answer/{survey.sections[1].id}"
    r = client.post(
        url2,
        data={
            "action": "next",
            f"q{q['walk'].id}": str(option(survey, "walk", "no")),
            f"q{q['when'].id}": str(option(survey, "when", "evening")),
        },
    )
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "was not kept, because the question no longer applies" in page
    draft = db.session.scalars(select(SurveyResponse)).one()
    assert str(q["when"].id) not in draft.draft


def test_language_switch_keeps_answers_on_the_page(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    r = client.post(url, data={**page1(survey, safe="2"), "action": "next", "switch_language": "so"})
    assert r.status_code == 302 and r.headers["Location"].endswith(url)
    assert "dialog_lang=so" in r.headers["Set-Cookie"]
    page = client.get(url).get_data(as_text=True)
    assert '<html lang="so" dir="ltr">' in page and "Sidee ammaan?" in page
    assert f'id="q{q["safe"].id}-2" name="q{q["safe"].id}" value="2" data-option="2" checked' in page
    r = client.post(url, data={**page1(survey, safe="2"), "switch_language": "fa"})
    page = client.get(url).get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in page and "چقدر امن؟" in page
    assert db.session.scalars(select(SurveyResponse)).one().language == "fa"


def test_save_and_continue_later_with_a_link(client, factories, app):
    survey = make_survey(factories)
    url = start(client, survey)
    r = client.post(url, data={**page1(survey, safe="3"), "action": "save"})
    assert r.headers["Location"].endswith(f"/surveys/{survey.id}/saved")
    saved = client.get(r.headers["Location"])
    assert saved.headers["Cache-Control"] == "no-store"
    link = re.search(r'class="resume-link">([^<]+)<', saved.get_data(as_text=True)).group(1)
    other = app.test_client()  # another phone
    r = other.get(link)
    assert r.status_code == 302 and r.headers["Location"].endswith(url)
    page = other.get(url).get_data(as_text=True)
    q = questions(survey)
    assert f'name="q{q["safe"].id}" value="3" data-option="3" checked' in page
    # A made-up link does not work.
    r = other.get(f"/surveys/{survey.id}/continue/not-a-real-token")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/surveys/{survey.id}")


def test_one_anonymous_answer_per_browser(client, factories):
    survey = make_survey(factories)
    assert answer_all(client, survey).headers["Location"].endswith("/thanks")
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "You have already answered this survey" in page
    r = client.post(f"/surveys/{survey.id}/start")
    assert r.headers["Location"].endswith(f"/surveys/{survey.id}")
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def _resume_link(client, survey) -> str:
    url = start(client, survey)
    r = client.post(url, data={**page1(survey, safe="3"), "action": "save"})
    saved = client.get(r.headers["Location"]).get_data(as_text=True)
    return re.search(r'class="resume-link">([^<]+)<', saved).group(1)


def test_continue_later_link_in_another_browser_still_allows_one_answer(client, factories, app):
    survey = make_survey(factories)
    link = _resume_link(client, survey)
    draft = db.session.scalars(select(SurveyResponse)).one()
    assert draft.receipt_key and len(draft.receipt_key) == 64  # bound when the answers were started
    other = app.test_client()  # another phone, which never saw the survey
    from .helpers import use_english

    use_english(other)
    r = other.get(link)
    assert any(c.startswith("dialog_sb=") for c in r.headers.getlist("Set-Cookie"))  # its own id
    assert answer_all(other, survey).headers["Location"].endswith("/thanks")
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.state == "submitted" and response.receipt_key is None
    # Neither the browser that started nor the one that sent can answer again.
    for browser in (client, other):
        assert "You have already answered this survey" in browser.get(f"/surveys/{survey.id}").get_data(as_text=True)
        r = browser.post(f"/surveys/{survey.id}/start")
        assert r.headers["Location"].endswith(f"/surveys/{survey.id}")
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert db.session.scalar(select(func.count()).select_from(SurveyReceipt)) == 2


def test_logging_in_midway_keeps_one_answer_per_browser_and_account(client, factories, login, app):
    survey = make_survey(factories)
    user = factories.user()
    url = start(client, survey)  # started without an account: the browser's key is kept
    client.post(url, data={**page1(survey, safe="5"), "action": "save"})
    login(user)
    r = client.post(
        f"/surveys/{survey.id}/answer/{survey.sections[2].id}",
        data={"action": "next", f"q{questions(survey)['ok'].id}": "1"},
    )
    assert r.headers["Location"].endswith("/thanks")
    assert db.session.scalars(select(SurveyResponse)).one().user_id is None
    client.post("/account/logout")
    assert "You have already answered this survey" in client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    from dialog.surveys import responses as responding

    assert responding.has_receipt(survey, responding.respondent_key(survey, user=user))  # the account, from any browser


def test_the_database_refuses_a_submitted_response_that_keeps_its_receipt_key(factories):
    import sqlalchemy.exc

    survey = make_survey(factories)
    db.session.add(
        SurveyResponse(
            survey_id=survey.id,
            state="submitted",
            submitted_on=date.today(),
            draft={},
            updated_at=None,
            receipt_key="k" * 64,
        )
    )
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_second_answer_racing_in_is_refused_and_nothing_saved(client, factories, app):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    url_b = start(client, survey)  # same browser, the first is found again
    assert url == url_b
    # Two drafts from one browser (two tabs that both started before either finished).
    from dialog.surveys import responses as responding

    second, token = responding.start_response(survey, language="sv")
    db.session.commit()
    answer_all(client, survey)
    client.set_cookie(f"dialog_survey_{survey.id}", token, domain="dialog.test")
    client.post(url, data=page1(survey, safe="5"))
    r = client.post(
        f"/surveys/{survey.id}/answer/{survey.sections[2].id}", data={"action": "next", f"q{q['ok'].id}": "1"}
    )
    assert r.status_code == 409
    assert "You have already answered this survey" in r.get_data(as_text=True)
    assert (
        db.session.scalar(select(func.count()).select_from(SurveyResponse).where(SurveyResponse.state == "submitted"))
        == 1
    )


def test_anonymous_answers_are_not_linked_to_the_account(client, factories, login):
    user = login(factories.user())
    survey = make_survey(factories)
    answer_all(client, survey)
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.user_id is None and response.is_anonymous
    assert db.session.scalars(select(Contribution)).one().author_id is None
    receipts = db.session.scalars(select(SurveyReceipt)).all()
    assert len(receipts) == 2  # one for the account, one for the browser
    # No column anywhere in the answer rows, the receipt or the response names the person.
    for receipt in receipts:
        assert str(user.id) != receipt.respondent_key and len(receipt.respondent_key) == 64
    assert set(inspect(SurveyReceipt).columns.keys()) == {"survey_id", "respondent_key"}
    # The same account cannot answer again, even from another browser.
    from dialog.surveys import responses as responding

    assert responding.has_receipt(survey, responding.respondent_key(survey, user=user))


def _survey_rows():
    """Every row of every survey table, as (table name, {column: value})."""
    rows = []
    for table in db.metadata.sorted_tables:
        if table.name.startswith("survey"):
            rows.extend((table.name, dict(row)) for row in db.session.execute(select(table)).mappings())
    return rows


def _contribution_rows(contribution_ids):
    from dialog.contributions.models import Contribution as C

    table = C.__table__
    return [
        ("contributions", dict(row))
        for row in db.session.execute(select(table).where(table.c.id.in_(contribution_ids))).mappings()
    ]


def _assert_holds_none_of(rows, *, numbers=(), texts=(), not_since=None):
    """No value is one of ``numbers``; no text (JSON included) contains one of ``texts``; no
    timestamp finer than the day is from ``not_since`` on (the time of answering)."""
    import json
    from datetime import datetime

    texts = [t.lower() for t in texts if t]
    for table, row in rows:
        for column, value in row.items():
            where = f"{table}.{column} = {value!r}"
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, int):
                assert value not in numbers, where
            elif isinstance(value, datetime):
                if not_since is not None:
                    stamp = value if value.tzinfo else value.replace(tzinfo=not_since.tzinfo)
                    assert stamp < not_since, f"{where}: a time from when the answers were given"
            elif isinstance(value, (str, dict, list)):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for needle in texts:
                    assert needle not in text.lower(), where
                assert not re.search(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", text), f"{where}: a time of day"


def _make_user_with_id(ident: int):
    from dialog.accounts.models import User

    user = User(
        id=ident,
        email=f"resident{ident}@example.org",
        display_name="Fatima Ahmed Resident",
        language="sv",
        is_verified=True,
        is_blocked=False,
    )
    user.set_password("a-good-password-123")
    user.roles = {"resident"}
    db.session.add(user)
    db.session.commit()
    return user


def test_anonymous_answer_by_a_signed_in_resident_leaves_no_trace_in_the_data(client, factories, login):
    from dialog.core.models import utcnow

    user = login(_make_user_with_id(987654))
    survey = make_survey(factories)
    since = utcnow()
    assert answer_all(client, survey).headers["Location"].endswith("/thanks")
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.state == "submitted" and type(response.submitted_on) is date
    contributions = db.session.scalars(select(Contribution)).all()
    assert len(contributions) == 1 and contributions[0].author_id is None
    # No survey row holds the account (its id, e-mail or name) or a time from when it answered.
    _assert_holds_none_of(
        _survey_rows(), numbers={user.id}, texts=[user.email, user.display_name, str(user.id)], not_since=since
    )
    # Nor does the contribution made from the free text. (Its created_at is the moment the answers
    # were sent: a known limit of contributions, not checked here.)
    _assert_holds_none_of(
        _contribution_rows([c.id for c in contributions]), numbers={user.id}, texts=[user.email, user.display_name]
    )


def test_answer_by_a_one_time_code_leaves_no_trace_of_the_code(client, factories):
    from sqlalchemy import update

    from dialog.core.models import utcnow
    from dialog.surveys import codes as survey_codes

    survey = make_survey(factories, mode="codes")
    codes = survey_codes.generate_codes(survey, 3)
    db.session.commit()
    # Give the codes ids that cannot be mistaken for any other number in the tables.
    db.session.execute(update(SurveyCode).values(id=SurveyCode.id + 555000))
    db.session.commit()
    code_ids = set(db.session.scalars(select(SurveyCode.id)))
    hashes = set(db.session.scalars(select(SurveyCode.code_hash)))
    since = utcnow()
    start(client, survey, code=codes[1])
    draft = db.session.scalars(select(SurveyResponse)).one()
    assert draft.code_id in code_ids  # while answering, the code is held …
    assert answer_all(client, survey).headers["Location"].endswith("/thanks")
    used = db.session.scalars(select(SurveyCode).where(SurveyCode.is_used.is_(True))).one()
    # … and once sent, nothing but the code's own row knows it: no id, hash or code text.
    code_texts = [codes[1], codes[1].replace("-", ""), survey_codes.normalise_code(codes[1])]
    others = [(table, row) for table, row in _survey_rows() if table != "survey_codes"]
    _assert_holds_none_of(others, numbers=code_ids, texts=[*hashes, *code_texts], not_since=since)
    _assert_holds_none_of([(t, r) for t, r in _survey_rows() if t == "survey_codes"], texts=code_texts, not_since=since)
    assert used.created_at < since
    contributions = db.session.scalars(select(Contribution)).all()
    assert len(contributions) == 1 and contributions[0].author_id is None
    _assert_holds_none_of(
        _contribution_rows([c.id for c in contributions]), numbers=code_ids, texts=[*hashes, *code_texts]
    )
    assert db.session.scalar(select(func.count()).select_from(SurveyReceipt)) == 0


def test_receipts_keep_no_order_of_arrival(factories, app):
    """The receipts table has no serial id; on SQLite it has no rowid either (WITHOUT ROWID), so
    its stored order is that of the keyed hashes, not the order in which people answered."""
    from sqlalchemy import text

    assert [c.name for c in SurveyReceipt.__table__.primary_key.columns] == ["survey_id", "respondent_key"]
    assert not any(c.autoincrement is True for c in SurveyReceipt.__table__.columns)
    if db.engine.dialect.name != "sqlite":
        pytest.skip("rowid is SQLite's")
    survey = make_survey(factories)
    keys = [f"{n:02d}" + "f" * 62 for n in range(9, 0, -1)]  # inserted in descending order
    for key in keys:
        db.session.add(SurveyReceipt(survey_id=survey.id, respondent_key=key))
        db.session.commit()
    sql = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = 'survey_receipts'")).scalar()
    assert "WITHOUT ROWID" in sql
    with pytest.raises(OperationalError):
        db.session.execute(text("SELECT rowid FROM survey_receipts")).all()
    db.session.rollback()
    stored = list(db.session.execute(text("SELECT respondent_key FROM survey_receipts")).scalars())
    assert stored == sorted(keys) != keys


def test_the_database_refuses_an_anonymous_response_with_a_user(factories):
    import sqlalchemy.exc

    survey = make_survey(factories)
    user = factories.user()
    db.session.add(SurveyResponse(survey_id=survey.id, is_anonymous=True, user_id=user.id, draft={}))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_identified_survey_needs_an_account_and_allows_one_answer(client, factories, login):
    survey = make_survey(factories, mode="identified")
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "You need to log in to answer this survey" in page
    r = client.post(f"/surveys/{survey.id}/start")
    assert "/account/login" in r.headers["Location"]
    user = login(factories.user())
    assert answer_all(client, survey).headers["Location"].endswith("/thanks")
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.user_id == user.id and not response.is_anonymous
    assert db.session.scalars(select(Contribution)).one().author_id == user.id
    assert "You have already answered" in client.get(f"/surveys/{survey.id}").get_data(as_text=True)


def test_one_time_codes(client, factories, app):
    from dialog.surveys import codes as survey_codes

    survey = make_survey(factories, mode="codes")
    codes = survey_codes.generate_codes(survey, 2)
    db.session.commit()
    r = client.post(f"/surveys/{survey.id}/start", data={"code": "WRONG-CODE"})
    assert r.status_code == 422 and "That code does not work" in r.get_data(as_text=True)
    start(client, survey, code=codes[0].lower().replace("-", " "))
    assert answer_all(client, survey).status_code == 302  # answer_all starts again: the draft is found
    used = db.session.scalars(select(SurveyCode).where(SurveyCode.is_used.is_(True))).all()
    assert len(used) == 1
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.code_id is None and response.user_id is None
    other = app.test_client()
    r = other.post(f"/surveys/{survey.id}/start", data={"code": codes[0]})
    assert r.status_code == 422
    r = other.post(f"/surveys/{survey.id}/start", data={"code": codes[1]})
    assert r.status_code == 302


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("safe", "9", "Choose one of the options shown."),
        ("colour", "999999", "Choose one of the options shown."),
        ("colour", "abc", "Choose one of the options shown."),
        ("places", "999999", "Choose one of the options shown."),
    ],
)
def test_tampered_values_get_a_message_and_nothing_is_saved(client, factories, field, value, message):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    data = page1(survey, safe="2")
    data[f"q{q[field].id}"] = value
    r = client.post(url, data=data)
    assert r.status_code == 422 and message in r.get_data(as_text=True)
    assert db.session.scalars(select(SurveyResponse)).one().draft == {}


def test_other_option_needs_its_text(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    r = client.post(url, data=page1(survey, **{f"q{q['colour'].id}": str(option(survey, "colour", "other"))}))
    assert r.status_code == 422 and "Write what you mean by “Other”." in r.get_data(as_text=True)
    r = client.post(
        url,
        data=page1(
            survey, **{f"q{q['colour'].id}": str(option(survey, "colour", "other")), f"q{q['colour'].id}-other": "Grön"}
        ),
    )
    assert r.status_code == 302


def test_too_many_choices(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    picks = [str(option(survey, "places", c)) for c in ("park", "square", "school")]
    r = client.post(url, data=page1(survey, **{f"q{q['places'].id}": picks}))
    assert r.status_code == 422 and "Choose at most 2 answers." in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("age", "121", "Write a number from 0 to 120."),
        ("age", "4.5", "Write a whole number, for example 12."),
        ("height", "tall", "Write a number, for example 3.5."),
        ("moved", "2019-02-30", "That date does not exist."),
        ("moved", "31/12/2019", "Write the date as year-month-day"),
    ],
)
def test_out_of_range_and_invalid_values(client, factories, field, value, message):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    client.post(url, data=page1(survey, safe="5"))
    url3 = f"/surveys/{survey.id}/answer/{survey.sections[2].id}"
    r = client.post(url3, data={"action": "next", f"q{q['ok'].id}": "1", f"q{q[field].id}": value})
    assert r.status_code == 422 and message in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_arabic_and_persian_digits_and_decimal_comma_are_read(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    client.post(url, data=page1(survey, safe="5"))
    url3 = f"/surveys/{survey.id}/answer/{survey.sections[2].id}"
    r = client.post(
        url3, data={"action": "next", f"q{q['ok'].id}": "1", f"q{q['age'].id}": "٤٢", f"q{q['height'].id}": "۱,۷۵"}
    )
    assert r.status_code == 302
    numbers = dict(db.session.execute(select(SurveyAnswer.question_id, SurveyAnswer.number)).all())
    assert numbers[q["age"].id] == 42 and numbers[q["height"].id] == 1.75


def _on_page_three(client, survey):
    url = start(client, survey)
    assert client.post(url, data=page1(survey, safe="5")).status_code == 302
    before = dict(db.session.scalars(select(SurveyResponse)).one().draft)
    return f"/surveys/{survey.id}/answer/{survey.sections[2].id}", before


def _question_block(page: str, question_id: int) -> str:
    start_at = page.index(f'id="question-{question_id}"')
    end_at = page.find('id="question-', start_at + 10)
    return page[start_at : end_at if end_at > 0 else None]


@pytest.mark.parametrize(
    "action",
    [{"action": "save"}, {"action": "back"}, {"action": "next", "switch_language": "so"}],
    ids=["save", "back", "language"],
)
def test_every_action_checks_the_page_and_saves_nothing_on_an_error(client, factories, app, action):
    from flask_babel import force_locale
    from flask_babel import gettext as translate

    survey = make_survey(factories)
    q = questions(survey)
    url3, before = _on_page_three(client, survey)
    data = {
        **action,
        f"q{q['age'].id}": "121",
        f"q{q['height'].id}": "1,8",
        f"q{q['moved'].id}": "2019-05-31",
        f"q{q['ok'].id}": "1",
    }
    r = client.post(url3, data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    language = "so" if "switch_language" in action else "en"
    with app.test_request_context(), force_locale(language):
        message = translate("Write a number from %(min)s to %(max)s.", min="0", max="120")
        summary = translate("Something needs to be fixed")
    assert f'<html lang="{language}"' in page
    assert message in _question_block(page, q["age"].id) and summary in page
    # What was typed is still there, the invalid value too.
    assert 'value="121"' in page and 'value="1,8"' in page and 'value="2019-05-31"' in page
    # Nothing from this post was saved: not even the valid answers, nor the language.
    draft = db.session.scalars(select(SurveyResponse)).one()
    db.session.refresh(draft)
    assert draft.draft == before
    assert str(q["height"].id) not in draft.draft and draft.language == "en"
    if language == "so":
        assert any(c.startswith("dialog_lang=so") for c in r.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("action", ["next", "save"])
@pytest.mark.parametrize("field", ["trust-r", "rank-o"])
def test_tampered_matrix_row_or_ranking_item_gets_a_clear_error(client, factories, action, field):
    survey = make_survey(factories)
    q = questions(survey)
    url3, before = _on_page_three(client, survey)
    code, role = field.split("-")
    value = str(option(survey, "trust", "low")) if code == "trust" else "1"
    r = client.post(url3, data={"action": action, f"q{q['ok'].id}": "1", f"q{q[code].id}-{role}99999": value})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "The form held a row or an item that is not part of this question." in _question_block(page, q[code].id)
    assert db.session.scalars(select(SurveyResponse)).one().draft == before
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_a_row_field_on_a_question_without_rows_is_refused(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url3, before = _on_page_three(client, survey)
    r = client.post(
        url3,
        data={
            "action": "save",
            f"q{q['ok'].id}": "1",
            f"q{q['age'].id}-r{option(survey, 'trust', 'police', 'row')}": "1",
        },
    )
    assert r.status_code == 422
    assert "not part of this question" in _question_block(r.get_data(as_text=True), q["age"].id)
    assert db.session.scalars(select(SurveyResponse)).one().draft == before


def test_a_tampered_area_on_save_is_refused(client, factories):
    survey = make_survey(factories)
    url = start(client, survey)
    r = client.post(url, data={**page1(survey, safe="3"), "action": "save", "area": "99999"})
    assert r.status_code == 422 and "Choose one of the options shown." in r.get_data(as_text=True)
    draft = db.session.scalars(select(SurveyResponse)).one()
    assert draft.draft == {} and draft.area_id is None


def test_answer_to_a_question_not_on_the_page_is_refused(client, factories):
    survey = make_survey(factories)
    q = questions(survey)
    url = start(client, survey)
    r = client.post(url, data={**page1(survey), f"q{q['age'].id}": "30"})
    assert r.status_code == 400 and "Nothing was saved" in r.get_data(as_text=True)
    r = client.post(url, data={**page1(survey), "q99999": "30"})
    assert r.status_code == 400 and "not in this survey" in r.get_data(as_text=True)
    assert db.session.scalars(select(SurveyResponse)).one().draft == {}


def test_page_that_does_not_apply_cannot_be_posted(client, factories):
    survey = make_survey(factories)
    url = start(client, survey)
    client.post(url, data=page1(survey, safe="5"))
    r = client.post(f"/surveys/{survey.id}/answer/{survey.sections[1].id}", data={"action": "next"})
    assert r.status_code == 409


def test_closed_and_draft_surveys_take_no_answers(client, factories):
    draft = make_survey(factories, state="draft")
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    assert client.post(f"/surveys/{draft.id}/start").status_code == 404
    survey = make_survey(factories)
    url = start(client, survey)
    survey.state = "closed"
    db.session.commit()
    r = client.post(url, data=page1(survey))
    assert r.status_code == 409 and "not open for answers" in r.get_data(as_text=True)
    assert "The survey is closed" in client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    survey.state = "open"
    survey.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    assert client.post(url, data=page1(survey)).status_code == 409


@pytest.mark.parametrize("language", ["en", "so", "fa"])
def test_a_draft_survey_says_it_is_not_open_yet(client, factories, app, language):
    from flask_babel import force_locale
    from flask_babel import gettext as translate

    draft = make_survey(factories, state="draft")
    client.set_cookie("dialog_lang", language, domain="dialog.test")
    with app.test_request_context(), force_locale(language):
        heading = translate("This survey is not open yet")
    for response in (
        client.get(f"/surveys/{draft.id}"),
        client.post(f"/surveys/{draft.id}/start"),
        client.get(f"/surveys/{draft.id}/answer/{draft.sections[0].id}"),
        client.post(f"/surveys/{draft.id}/answer/{draft.sections[0].id}", data={"action": "next"}),
        client.get(f"/surveys/{draft.id}/thanks"),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert f'<html lang="{language}"' in page and f"<h1>{heading}</h1>" in page
        assert "Trygghetsenkät" not in page  # nothing of the unpublished survey is shown
        assert 'href="/surveys"' in page
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_honeypot_and_rate_limit_on_public_posts(client, factories, rate_limits, app):
    survey = make_survey(factories)
    assert client.post(f"/surveys/{survey.id}/start", data={"website": "spam"}).status_code == 400
    app.config["PUBLIC_POST_LIMIT"] = "2 per minute"
    try:
        codes = [client.post(f"/surveys/{survey.id}/start").status_code for _ in range(3)]
    finally:
        app.config["PUBLIC_POST_LIMIT"] = "20 per minute"
    assert codes[-1] == 429


def test_staff_type_in_paper_answers(client, factories, login):
    survey = make_survey(factories)
    q = questions(survey)
    login(factories.admin())
    area = survey.areas[0].children[0]
    page = client.get(f"/staff/surveys/{survey.id}/paper").get_data(as_text=True)
    assert "Shown only when" in page
    r = client.post(
        f"/staff/surveys/{survey.id}/paper",
        data={
            "area_id": area.id,
            "language": "so",
            f"q{q['safe'].id}": "5",
            f"q{q['ok'].id}": "1",
            f"q{q['walk'].id}": str(option(survey, "walk", "yes")),  # page 2 does not apply: dropped
        },
    )
    assert r.status_code == 302
    response = db.session.scalars(select(SurveyResponse)).one()
    assert response.is_paper and response.state == "submitted" and response.language == "so"
    assert response.area_id == area.id and response.user_id is None
    assert (
        db.session.scalar(
            select(func.count()).select_from(SurveyAnswer).where(SurveyAnswer.question_id == q["walk"].id)
        )
        == 0
    )
    r = client.post(f"/staff/surveys/{survey.id}/paper", data={"area_id": area.id, "language": "sv"})
    assert r.status_code == 422


def test_answer_page_queries_do_not_grow_with_answers(client, factories, count_queries, app):
    survey = make_survey(factories)
    url = start(client, survey)

    def measure():
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    measure()  # the first view loads the survey into the in-memory copy
    before = measure()
    for _ in range(15):
        answer_all(app.test_client(), survey)
    assert measure() == before


def test_closing_a_survey_drops_answers_never_sent(client, factories):
    from dialog.surveys import building

    survey = make_survey(factories)
    url = start(client, survey)
    client.post(url, data={**page1(survey, safe="3"), "action": "save"})
    answer_all(factories and __import__("flask").current_app.test_client(), survey)
    building.set_state(survey, "closed")
    db.session.commit()
    states = db.session.scalars(select(SurveyResponse.state)).all()
    assert states == ["submitted"]
