"""Surveys' part of a person's data: answers to identified surveys (anonymous answers name no
one, so there is nothing to find), answers in progress, and the surveys a staff member made."""

from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from ..core.data_rights import Holding, iso, register
from ..extensions import db
from ..i18n import translated
from .models import Survey, SurveyAnswer, SurveyOption, SurveyQuestion, SurveyResponse


def export(user) -> dict:
    responses = db.session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.user_id == user.id)
        .options(selectinload(SurveyResponse.answers))
        .order_by(SurveyResponse.id)
    ).all()
    question_ids = {a.question_id for r in responses for a in r.answers}
    option_ids = {i for r in responses for a in r.answers for i in (a.option_id, a.row_option_id) if i}
    questions = (
        {q.id: q for q in db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.id.in_(question_ids)))}
        if question_ids
        else {}
    )
    options = (
        {o.id: o for o in db.session.scalars(select(SurveyOption).where(SurveyOption.id.in_(option_ids)))}
        if option_ids
        else {}
    )
    surveys = {
        s.id: s for s in db.session.scalars(select(Survey).where(Survey.id.in_({r.survey_id for r in responses})))
    }
    out = []
    for response in responses:
        answers = []
        for a in response.answers:
            question = questions.get(a.question_id)
            answers.append(
                {
                    "question": translated(question.text) if question else None,
                    "choice": translated(options[a.option_id].label) if a.option_id in options else None,
                    "row": translated(options[a.row_option_id].label) if a.row_option_id in options else None,
                    "number": a.number,
                    "text": a.text,
                    "date": iso(a.date_value),
                }
            )
        survey = surveys.get(response.survey_id)
        out.append(
            {
                "survey": translated(survey.title) if survey else None,
                "state": response.state,
                "language": response.language,
                "sent_on": iso(response.submitted_on),
                "answers_in_progress": response.draft or {},
                "answers": answers,
            }
        )
    made = db.session.scalar(select(func.count()).select_from(Survey).where(Survey.created_by_id == user.id))
    return {"identified_responses": out, "staff_work": {"surveys_created": made}}


def erase(user) -> list[str]:
    mine = select(SurveyResponse.id).where(SurveyResponse.user_id == user.id)
    db.session.execute(
        delete(SurveyResponse).where(SurveyResponse.user_id == user.id, SurveyResponse.state != "submitted")
    )
    written = (
        db.session.execute(
            update(SurveyAnswer)
            .where(SurveyAnswer.response_id.in_(mine), SurveyAnswer.text.is_not(None))
            .values(text=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )
    count = db.session.scalar(select(func.count()).select_from(SurveyResponse).where(SurveyResponse.user_id == user.id))
    db.session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.user_id == user.id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Survey)
        .where(Survey.created_by_id == user.id)
        .values(created_by_id=None)
        .execution_options(synchronize_session=False)
    )
    if not count:
        return []
    kept = [
        ngettext(
            "Your answers to %(num)d identified survey are kept without your name, so the results still count them.",
            "Your answers to %(num)d identified surveys are kept without your name, so the results still count them.",
            count,
        )
    ]
    if written:
        kept.append(ngettext("%(num)d written answer is deleted.", "%(num)d written answers are deleted.", written))
    return kept


HOLDING = register(
    Holding(
        name="surveys",
        export=export,
        erase=erase,
        covers=frozenset({"survey_responses.user_id", "surveys.created_by_id"}),
    )
)
