"""The rules that tie every sentence of a summary to what residents wrote.

``publish_problems`` lists, sentence by sentence, why a summary cannot be published: a sentence
that cites nothing, a quote that is not word for word in the contribution it cites, a quote
whose author did not consent to quoting (or whose text is not public), a citation outside the
summary's scope or hidden by moderation, a survey question not of the summary's surveys.
``citation_problems`` checks the citations an edit asks for before anything is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..contributions.models import Contribution
from ..extensions import db
from ..surveys.models import Survey, SurveyQuestion
from .models import Summary, SummaryCitation, SummarySentence
from .scope import Scope, conditions, in_scope

UNCITED = _l("This sentence cites no contribution or survey question.")
NO_TEXT = _l("This sentence has no text.")
NOT_VERBATIM = _l("The quote is not word for word in the contribution it cites.")
NO_CONSENT = _l("The author of contribution %(id)s did not agree to be quoted.")
NOT_PUBLIC = _l("Contribution %(id)s is not public, so it cannot be quoted.")
OUT_OF_SCOPE = _l("Contribution %(id)s is not among the contributions this summary covers.")
HIDDEN = _l("Contribution %(id)s is hidden by moderation.")
UNKNOWN = _l("There is no contribution %(id)s.")
UNKNOWN_QUESTION = _l("Survey question %(id)s is not a question of this summary's surveys.")


@dataclass(frozen=True)
class Problem:
    sentence_id: int | None
    position: int
    message: str


def _same_words(text: str) -> str:
    """Only runs of white space are evened out: every other character must be as written."""
    return re.sub(r"\s+", " ", text or "").strip()


def quote_is_verbatim(quote: str, contribution: Contribution) -> bool:
    wanted = _same_words(quote)
    if not wanted:
        return False
    return wanted in _same_words(contribution.body) or wanted in _same_words(contribution.title or "")


def allowed_question_ids(summary_or_scope, question_ids: set[int]) -> set[int]:
    """Questions of the scope's survey, or (without a survey scope) of the group's surveys."""
    if not question_ids:
        return set()
    scope = summary_or_scope if isinstance(summary_or_scope, Scope) else Scope.of(summary_or_scope)
    query = select(SurveyQuestion.id).where(SurveyQuestion.id.in_(question_ids))
    if scope.engagement_kind == "survey":
        query = query.where(SurveyQuestion.survey_id == scope.engagement_id)
    else:
        query = query.join(Survey, Survey.id == SurveyQuestion.survey_id).where(
            Survey.theme_groups.any(id=scope.theme_group_id)
        )
    return set(db.session.scalars(query))


def citation_problems(scope: Scope, contribution_ids: set[int], question_ids: set[int]) -> list[str]:
    """Why these citations may not stand (unknown, hidden, outside the scope); empty when fine."""
    problems = []
    if contribution_ids:
        existing = dict(
            db.session.execute(
                select(Contribution.id, Contribution.moderation).where(Contribution.id.in_(contribution_ids))
            ).all()
        )
        covered = in_scope(scope, contribution_ids)
        for ident in sorted(contribution_ids):
            if ident not in existing:
                problems.append(str(UNKNOWN % {"id": ident}))
            elif existing[ident] == "hidden":
                problems.append(str(HIDDEN % {"id": ident}))
            elif ident not in covered:
                problems.append(str(OUT_OF_SCOPE % {"id": ident}))
    allowed = allowed_question_ids(scope, question_ids)
    for ident in sorted(question_ids - allowed):
        problems.append(str(UNKNOWN_QUESTION % {"id": ident}))
    return problems


def publish_problems(summary: Summary) -> list[Problem]:
    """Every reason, sentence by sentence, not to publish; a fixed number of queries."""
    scope = Scope.of(summary)
    sentences = db.session.scalars(
        select(SummarySentence).where(SummarySentence.summary_id == summary.id).order_by(SummarySentence.position)
    ).all()
    problems: list[Problem] = []
    if not sentences:
        return [Problem(None, 0, str(_l("The summary has no sentences.")))]
    cited: dict[int, list[int]] = {}
    questions: dict[int, list[int]] = {}
    for sentence_id, contribution_id, question_id in db.session.execute(
        select(SummaryCitation.sentence_id, SummaryCitation.contribution_id, SummaryCitation.survey_question_id)
        .join(SummarySentence, SummarySentence.id == SummaryCitation.sentence_id)
        .where(SummarySentence.summary_id == summary.id)
    ):
        if contribution_id is not None:
            cited.setdefault(sentence_id, []).append(contribution_id)
        else:
            questions.setdefault(sentence_id, []).append(question_id)
    all_ids = {cid for ids in cited.values() for cid in ids}
    moderation: dict[int, str] = {}
    in_scope_ids: set[int] = set()
    if all_ids:
        moderation = dict(
            db.session.execute(
                select(Contribution.id, Contribution.moderation).where(*conditions(scope, include_hidden=True))
            ).all()
        )
        in_scope_ids = set(moderation)
        outside = sorted(all_ids - in_scope_ids)
        for start in range(0, len(outside), 5000):
            chunk = outside[start : start + 5000]
            moderation.update(
                db.session.execute(select(Contribution.id, Contribution.moderation).where(Contribution.id.in_(chunk)))
            )
    quoted_ids = {cid for s in sentences if s.kind == "quote" for cid in cited.get(s.id, [])}
    quoted = (
        {c.id: c for c in db.session.scalars(select(Contribution).where(Contribution.id.in_(quoted_ids)))}
        if quoted_ids
        else {}
    )
    allowed_questions = allowed_question_ids(scope, {q for qs in questions.values() for q in qs})
    context = _Checked(moderation, in_scope_ids, allowed_questions, quoted, summary.languages or ["sv"])
    for sentence in sentences:
        for message in _sentence_problems(
            sentence, cited.get(sentence.id, []), questions.get(sentence.id, []), context
        ):
            problems.append(Problem(sentence.id, sentence.position + 1, str(message)))
    return problems


@dataclass(frozen=True)
class _Checked:
    moderation: dict
    in_scope: set
    allowed_questions: set
    quoted: dict
    languages: list


def _sentence_problems(sentence: SummarySentence, own: list[int], asked: list[int], known: _Checked) -> list:
    out = []
    if not own and not asked:
        out.append(UNCITED)
    if sentence.kind != "quote" and not any((sentence.text or {}).get(code, "").strip() for code in known.languages):
        out.append(NO_TEXT)
    for ident in own:
        if ident not in known.moderation:
            out.append(UNKNOWN % {"id": ident})
        elif known.moderation[ident] == "hidden":
            out.append(HIDDEN % {"id": ident})
        elif ident not in known.in_scope:
            out.append(OUT_OF_SCOPE % {"id": ident})
    out += [UNKNOWN_QUESTION % {"id": ident} for ident in asked if ident not in known.allowed_questions]
    if sentence.kind == "quote":
        for contribution in filter(None, (known.quoted.get(ident) for ident in own)):
            if not quote_is_verbatim(sentence.quote or "", contribution):
                out.append(NOT_VERBATIM)
            if not contribution.consent_quote:
                out.append(NO_CONSENT % {"id": contribution.id})
            elif not contribution.is_public:
                out.append(NOT_PUBLIC % {"id": contribution.id})
    return out


def uncovered_query(summary: Summary):
    """The scope's contributions that no sentence cites (the coverage panel)."""
    cited = (
        select(SummaryCitation.contribution_id)
        .join(SummarySentence, SummarySentence.id == SummaryCitation.sentence_id)
        .where(SummarySentence.summary_id == summary.id, SummaryCitation.contribution_id.is_not(None))
    )
    return select(Contribution).where(*conditions(Scope.of(summary)), Contribution.id.not_in(cited))
