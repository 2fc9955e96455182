"""Responses: started, saved page by page, sent (with a receipt that holds only a keyed hash of
who answered), typed in from paper; free-text answers become contributions. Operations flush."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..areas.models import Area
from ..contributions import operations as contribution_ops
from ..contributions.models import ContributionRoute
from ..core.models import utcnow
from ..extensions import db
from ..i18n import translated
from . import answering
from .answering import drop_hidden, first_incomplete_section
from .codes import keyed_hash
from .errors import AlreadyAnswered, Incomplete, SurveyError
from .models import (
    Survey,
    SurveyAnswer,
    SurveyCode,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
)
from .queries import answer_areas


def respondent_key(survey: Survey, *, user=None, browser_id: str | None = None) -> str | None:
    """The receipt key for one answer per person (account) or per browser."""
    if user is not None and getattr(user, "is_authenticated", False):
        return keyed_hash("user", survey.id, user.id)
    if browser_id:
        return keyed_hash("browser", survey.id, browser_id)
    return None


def receipt_keys(survey: Survey, *, user=None, browser_id: str | None = None) -> list[str]:
    """Every receipt key that stands for this person now: the account (when logged in) and, on
    anonymous surveys, the browser. A code survey has none (the code is the one-time ticket)."""
    if survey.mode == "codes":
        return []
    keys = []
    if user is not None and getattr(user, "is_authenticated", False):
        keys.append(keyed_hash("user", survey.id, user.id))
    if survey.mode == "anonymous" and browser_id:
        keys.append(keyed_hash("browser", survey.id, browser_id))
    return keys


def has_receipt(survey: Survey, key: str | None) -> bool:
    if not key:
        return False
    return db.session.get(SurveyReceipt, (survey.id, key)) is not None


def has_any_receipt(survey: Survey, keys: Iterable[str | None]) -> bool:
    wanted = [k for k in keys if k]
    if not wanted:
        return False
    return (
        db.session.scalar(
            select(exists().where(SurveyReceipt.survey_id == survey.id, SurveyReceipt.respondent_key.in_(wanted)))
        )
        or False
    )


def resume_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_draft(survey: Survey, token: str | None) -> SurveyResponse | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalars(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.resume_hash == resume_hash(token),
            SurveyResponse.state == "in_progress",
        )
    ).first()


def find_user_draft(survey: Survey, user) -> SurveyResponse | None:
    return db.session.scalars(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.user_id == user.id,
            SurveyResponse.state == "in_progress",
        )
    ).first()


def start_response(
    survey: Survey,
    *,
    language: str,
    user=None,
    code: SurveyCode | None = None,
    today: date | None = None,
    receipt_key: str | None = None,
) -> tuple[SurveyResponse, str]:
    """Begin answering; return the response and the secret for the "continue later" link.

    ``receipt_key`` (see :func:`receipt_keys`) is kept with the answers in progress, so the
    receipt is written for whoever started, wherever the answers are finally sent from."""
    if not survey.is_open_on(today or date.today()):
        raise SurveyError(_("This survey is not open for answers."))
    if survey.mode == "identified" and not (user and user.is_authenticated):
        raise SurveyError(_("Log in to answer this survey."))
    if survey.mode == "codes" and (code is None or code.is_used):
        raise SurveyError(_("That code does not work. Check it, or ask for a new one."))
    token = secrets.token_urlsafe(24)
    choices = answer_areas(survey)
    response = SurveyResponse(
        survey=survey,
        state="in_progress",
        language=language,
        is_anonymous=survey.mode != "identified",
        user_id=user.id if survey.mode == "identified" else None,
        area_id=choices[0].id if len(choices) == 1 else None,
        draft={},
        section_id=survey.sections[0].id if survey.sections else None,
        resume_hash=resume_hash(token),
        code_id=code.id if code is not None else None,
        receipt_key=receipt_key if survey.mode != "codes" else None,
    )
    db.session.add(response)
    db.session.flush()
    return response, token


def new_resume_token(response: SurveyResponse) -> str:
    """Replace the secret (e.g. after an identified person logs in on another device)."""
    token = secrets.token_urlsafe(24)
    response.resume_hash = resume_hash(token)
    db.session.flush()
    return token


def save_page(
    response: SurveyResponse,
    survey: Survey,
    values: Mapping[int, object],
    page_question_ids: Iterable[int],
    *,
    language: str,
    area_id: int | None = None,
    next_section_id: int | None = None,
) -> list[SurveyQuestion]:
    """Store one page's answers in the draft; drop answers that no longer apply.

    Returns the questions whose earlier answers were dropped because they are now hidden.
    """
    draft = dict(response.draft or {})
    for qid in page_question_ids:
        draft.pop(str(qid), None)
    for qid, value in values.items():
        draft[str(qid)] = value
    dropped = drop_hidden(survey, draft)
    response.draft = draft
    response.language = language
    if area_id is not None:
        response.area_id = area_id
    if next_section_id is not None:
        response.section_id = next_section_id
    response.updated_at = utcnow()
    db.session.flush()
    return dropped


def submit_response(
    response: SurveyResponse,
    survey: Survey,
    *,
    receipt_keys: Iterable[str | None] = (),
    source_url: str,
    user=None,
    today: date | None = None,
) -> list:
    """Send the answers: check, store them as rows, record the receipts, make contributions.

    Receipts are written for the key kept when the answers were started and for
    ``receipt_keys`` (whoever sends them now: account and browser), so neither can answer again.
    Raises :class:`Incomplete`, :class:`AlreadyAnswered` or :class:`SurveyError`; on any of
    them nothing has been written.
    """
    today = today or date.today()
    if not survey.is_open_on(today):
        raise SurveyError(_("This survey is not open for answers."))
    if response.area_id is None:
        raise Incomplete(_("Choose the area your answers are about."), survey.sections[0].id)
    draft = dict(response.draft or {})
    drop_hidden(survey, draft)
    missing = first_incomplete_section(survey, draft)
    if missing is not None:
        raise Incomplete(_("Some required questions have no answer yet."), missing)
    keys = [] if survey.mode == "codes" else list(dict.fromkeys(k for k in (response.receipt_key, *receipt_keys) if k))
    with db.session.begin_nested():
        for key in keys:
            db.session.add(SurveyReceipt(survey_id=survey.id, respondent_key=key))
        if response.code_id is not None:
            used = db.session.execute(
                update(SurveyCode)
                .where(SurveyCode.id == response.code_id, SurveyCode.is_used.is_(False))
                .values(is_used=True)
            ).rowcount
            if used != 1:
                raise AlreadyAnswered(_("That code has already been used."))
        try:
            db.session.flush()
        except IntegrityError as exc:
            raise AlreadyAnswered(_("You have already answered this survey. Thank you!")) from exc
    contributions = _store_answers(response, survey, draft, source_url=source_url, user=user, today=today)
    return contributions


def _store_answers(
    response: SurveyResponse, survey: Survey, draft: Mapping[str, object], *, source_url: str, user, today: date
) -> list:
    rows = []
    by_id = {q.id: q for q in survey.questions}
    for qid, value in draft.items():
        question = by_id.get(int(qid))
        if question is None or not question.collects_answer:
            continue
        rows.extend(
            answering.answer_rows(
                question,
                value,
                response_id=response.id,
                survey_id=survey.id,
                area_id=response.area_id,
                language=response.language,
            )
        )
    if rows:
        db.session.execute(insert(SurveyAnswer), rows)
    response.state = "submitted"
    response.submitted_on = today
    response.draft = {}
    response.resume_hash = None
    response.code_id = None
    response.receipt_key = None
    response.updated_at = None
    response.section_id = None
    db.session.flush()
    return _make_contributions(
        response, survey, draft, source_url=source_url, author=user if not response.is_anonymous else None
    )


def _make_contributions(
    response: SurveyResponse, survey: Survey, draft: Mapping[str, object], *, source_url: str, author
) -> list:
    """Free-text answers become contributions for the survey's theme groups (pre-moderated)."""
    made = []
    area = response.area or db.session.get(Area, response.area_id)
    for question in survey.ordered_questions():
        text = draft.get(str(question.id))
        if not (question.to_contribution and isinstance(text, str) and text.strip()):
            continue
        contribution = contribution_ops.create_contribution(
            source_kind="survey",
            area=area,
            topics=list(survey.topics),
            title=(translated(question.text, response.language) or question.code)[:200],
            body=text,
            language=response.language,
            author=author,
            source_id=response.id,
            source_url=source_url,
            consent_publish=False,
            idempotency_key=f"survey:{response.id}:{question.id}",
        )
        routed = {r.theme_group_id for r in contribution.routes}
        missing = [g for g in survey.theme_groups if g.id not in routed]
        if missing:
            # The survey's own groups asked the question: they get the answer, instead of the
            # fallback group and in addition to any group that covers the area and topic.
            contribution.routes = [r for r in contribution.routes if r.reason != "fallback"]
            for group in missing:
                contribution.routes.append(ContributionRoute(theme_group=group, reason="manual"))
                contribution_ops.log_event(contribution, "routed", None, group_id=group.id, reason="survey")
            if contribution.status == "received":
                contribution.status = "with_group"
                contribution_ops.log_event(contribution, "status", None, old="received", new="with_group")
        made.append(contribution)
    db.session.flush()
    return made


def record_paper_response(
    survey: Survey,
    values: Mapping[int, object],
    *,
    area: Area,
    language: str,
    source_url: str,
    today: date | None = None,
    is_paper: bool = True,
) -> SurveyResponse:
    """Staff type in a paper form: stored as a submitted, anonymous, paper response.

    (``is_paper=False`` records answers collected some other way, e.g. the demo data.)
    """
    draft = {str(qid): value for qid, value in values.items()}
    drop_hidden(survey, draft)
    missing = first_incomplete_section(survey, draft)
    if missing is not None:
        raise Incomplete(_("Some required questions have no answer yet."), missing)
    response = SurveyResponse(
        survey=survey,
        state="in_progress",
        language=language,
        is_anonymous=True,
        is_paper=is_paper,
        area_id=area.id,
        draft={},
    )
    db.session.add(response)
    db.session.flush()
    _store_answers(response, survey, draft, source_url=source_url, user=None, today=today or date.today())
    return response
