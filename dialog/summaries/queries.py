"""Reads for the summary pages: lists, the edit page, the published page, the includes on the
area, theme group, engagement and contribution pages. Each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..areas.models import Area
from ..contributions.models import Contribution, ContributionRoute
from ..extensions import db
from ..surveys.models import SurveyQuestion
from ..themegroups.models import ThemeGroup
from ..themegroups.operations import groups_covering
from .models import Summary, SummaryCitation, SummaryEvent, SummarySentence, Theme, ThemeTag
from .scope import area_subtree_ids
from .traceability import uncovered_query

#: Citations shown inline under a sentence; more are a link away.
INLINE_CITATIONS = 6
PAGE = 50


def load_summary(ident: int) -> Summary | None:
    return db.session.scalars(
        select(Summary)
        .where(Summary.id == ident)
        .options(selectinload(Summary.theme_group), selectinload(Summary.area))
    ).first()


def summaries_for(group_ids: list[int] | None) -> list[Summary]:
    query = select(Summary).options(selectinload(Summary.theme_group)).order_by(Summary.id.desc())
    if group_ids is not None:
        query = query.where(Summary.theme_group_id.in_(group_ids))
    return list(db.session.scalars(query.limit(200)))


@dataclass
class CitedSentence:
    sentence: SummarySentence
    count: int
    #: The first few cited contributions: (id, public, title or excerpt shown only when public)
    contributions: list[Contribution]
    questions: list[SurveyQuestion]


def sentences_with_citations(summary: Summary) -> list[CitedSentence]:
    """Sentences, how many sources each cites, and the first few of them: four queries."""
    sentences = db.session.scalars(
        select(SummarySentence).where(SummarySentence.summary_id == summary.id).order_by(SummarySentence.position)
    ).all()
    ids = [s.id for s in sentences]
    if not ids:
        return []
    counts: dict[int, int] = {}
    windows = []
    for sentence_id, count, first_id in db.session.execute(
        select(SummaryCitation.sentence_id, func.count(), func.min(SummaryCitation.id))
        .where(SummaryCitation.sentence_id.in_(ids))
        .group_by(SummaryCitation.sentence_id)
    ):
        counts[sentence_id] = count
        # A sentence's citations are stored together (drafted or replaced at once): the first few
        # follow its lowest id, so an index range gives them without reading all of them.
        windows.append(
            (SummaryCitation.sentence_id == sentence_id)
            & SummaryCitation.id.between(first_id, first_id + INLINE_CITATIONS * 4)
        )
    first = []
    if windows:
        seen: dict[int, int] = {}
        for row in db.session.execute(
            select(SummaryCitation.sentence_id, SummaryCitation.contribution_id, SummaryCitation.survey_question_id)
            .where(or_(*windows))
            .order_by(SummaryCitation.sentence_id, SummaryCitation.id)
        ):
            if seen.get(row.sentence_id, 0) < INLINE_CITATIONS:
                seen[row.sentence_id] = seen.get(row.sentence_id, 0) + 1
                first.append(row)
    contribution_ids = {r.contribution_id for r in first if r.contribution_id}
    question_ids = {r.survey_question_id for r in first if r.survey_question_id}
    contributions = (
        {c.id: c for c in db.session.scalars(select(Contribution).where(Contribution.id.in_(contribution_ids)))}
        if contribution_ids
        else {}
    )
    questions = (
        {q.id: q for q in db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.id.in_(question_ids)))}
        if question_ids
        else {}
    )
    by_sentence: dict[int, tuple[list, list]] = {i: ([], []) for i in ids}
    for r in first:
        if r.contribution_id in contributions:
            by_sentence[r.sentence_id][0].append(contributions[r.contribution_id])
        elif r.survey_question_id in questions:
            by_sentence[r.sentence_id][1].append(questions[r.survey_question_id])
    return [CitedSentence(s, counts.get(s.id, 0), *by_sentence[s.id]) for s in sentences]


def citation_text(sentence: SummarySentence) -> str:
    """The citations field as staff edit it: "12, 40, q7"."""
    parts = [
        str(c.contribution_id) if c.contribution_id else f"q{c.survey_question_id}"
        for c in sorted(sentence.citations, key=lambda c: c.id)
    ]
    return ", ".join(parts)


def citation_texts(summary: Summary) -> dict[int, str]:
    """{sentence id: "12, 40, q7"} for the edit form, in one query."""
    out: dict[int, list[str]] = {}
    for sentence_id, cid, qid in db.session.execute(
        select(SummaryCitation.sentence_id, SummaryCitation.contribution_id, SummaryCitation.survey_question_id)
        .join(SummarySentence, SummarySentence.id == SummaryCitation.sentence_id)
        .where(SummarySentence.summary_id == summary.id)
        .order_by(SummaryCitation.id)
    ):
        out.setdefault(sentence_id, []).append(str(cid) if cid else f"q{qid}")
    return {k: ", ".join(v) for k, v in out.items()}


def sentence_citations(sentence: SummarySentence, after: int = 0) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution)
            .join(SummaryCitation, SummaryCitation.contribution_id == Contribution.id)
            .where(SummaryCitation.sentence_id == sentence.id, Contribution.id > after)
            .order_by(Contribution.id)
            .limit(PAGE)
        )
    )


def coverage(summary: Summary) -> tuple[int, list[Contribution]]:
    """How many of the scope's contributions no sentence cites, and the first of them."""
    query = uncovered_query(summary)
    count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    first = list(db.session.scalars(query.order_by(Contribution.id).limit(PAGE))) if count else []
    return count, first


def published_for(
    *, area: Area | None = None, group_id: int | None = None, group_slug: str | None = None, engagement=None
) -> list[Summary]:
    """Published summaries for an area (and the areas above it), a theme group or an engagement."""
    query = select(Summary).where(Summary.status == "published").order_by(Summary.published_at.desc()).limit(10)
    if area is not None:
        # Summaries of the area or an area above it, and group-wide ones of the groups covering it.
        groups = [g.id for g in groups_covering(area)]
        query = query.where(
            Summary.area_id.in_(area.ancestor_ids()) | (Summary.area_id.is_(None) & Summary.theme_group_id.in_(groups))
        )
    if group_id is not None:
        query = query.where(Summary.theme_group_id == group_id)
    if group_slug is not None:
        query = query.join(ThemeGroup, ThemeGroup.id == Summary.theme_group_id).where(ThemeGroup.slug == group_slug)
    if engagement is not None:
        kind, ident = engagement
        query = query.where(Summary.engagement_kind == kind, Summary.engagement_id == ident)
    return list(db.session.scalars(query))


def published_citing(contribution_id: int) -> list[Summary]:
    cited = (
        select(SummarySentence.summary_id)
        .join(SummaryCitation, SummaryCitation.sentence_id == SummarySentence.id)
        .where(SummaryCitation.contribution_id == contribution_id)
    )
    return list(
        db.session.scalars(
            select(Summary).where(Summary.id.in_(cited), Summary.status == "published").order_by(Summary.id)
        )
    )


def themes_for(group_id: int) -> tuple[list[Theme], list[Theme], dict[int, int]]:
    """The vocabulary, the group's cluster themes, and how many contributions each holds."""
    vocabulary = list(
        db.session.scalars(select(Theme).where(Theme.origin == "vocabulary").order_by(Theme.position, Theme.id))
    )
    clusters = list(
        db.session.scalars(
            select(Theme)
            .where(Theme.origin == "cluster", Theme.theme_group_id == group_id)
            .order_by(Theme.state, Theme.language, Theme.id)
        )
    )
    counts = dict(db.session.execute(select(ThemeTag.theme_id, func.count()).group_by(ThemeTag.theme_id)).all())
    return vocabulary, clusters, counts


def theme_members(theme: Theme, group_id: int, after: int = 0) -> list[tuple[Contribution, list[str]]]:
    """The theme's contributions routed to the group, each with why it is in the theme."""
    routed = select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id == group_id)
    rows = db.session.execute(
        select(Contribution, ThemeTag.reasons)
        .join(ThemeTag, ThemeTag.contribution_id == Contribution.id)
        .where(ThemeTag.theme_id == theme.id, Contribution.id.in_(routed), Contribution.id > after)
        .order_by(Contribution.id)
        .limit(PAGE)
    ).all()
    return [(c, reasons or []) for c, reasons in rows]


def area_choices(group: ThemeGroup) -> list[Area]:
    ids = set()
    for area in group.areas:
        ids.update(area_subtree_ids(area.id))
    return list(
        db.session.scalars(select(Area).where(Area.id.in_(ids)).order_by(Area.parent_id.is_not(None), Area.slug))
    )


def events(summary: Summary) -> list[SummaryEvent]:
    return list(
        db.session.scalars(
            select(SummaryEvent)
            .where(SummaryEvent.summary_id == summary.id)
            .options(selectinload(SummaryEvent.actor))
            .order_by(SummaryEvent.id.desc())
            .limit(30)
        )
    )
