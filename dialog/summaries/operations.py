"""Every write on summaries, themes and promises; callable without HTTP. Operations flush; the
caller commits (jobs commit themselves)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from ..areas.models import Topic
from ..contributions.models import Contribution
from ..core.models import utcnow
from ..extensions import db
from ..i18n import LANGUAGES
from ..notifications.jobs import enqueue
from ..trust.models import TrustTheme
from . import engagements
from .models import (
    EngagementPromise,
    GroupPromise,
    Summary,
    SummaryCitation,
    SummaryEvent,
    SummarySentence,
    Theme,
    ThemeTag,
)
from .scope import Scope, conditions
from .traceability import Problem, citation_problems, publish_problems
from .vocabulary import STARTING_THEMES


class SummaryError(ValueError):
    """A request the rules refuse; ``field`` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None, problems: list[Problem] | None = None):
        super().__init__(str(message))
        self.field = field
        self.problems = problems or []


NOTHING_COVERED = _l("No contributions match this choice. Choose another area, engagement or period.")
PUBLISHED_LOCKED = _l("A published summary cannot be edited. Unpublish it first.")
NOT_PUBLISHED = _l("This summary is not published.")
DRAFT_RUNNING = _l("The draft is still being written. Wait until it is ready.")
BAD_CITATION = _l("Write contribution numbers like 12, 40 and survey questions like q7, separated by commas.")


def log(summary: Summary, kind: str, actor=None, **data) -> None:
    db.session.add(SummaryEvent(summary_id=summary.id, actor_id=actor.id if actor else None, kind=kind, data=data))


# --- The theme vocabulary --------------------------------------------------------------------


def _name_words(name: dict) -> dict:
    return {code: [w for w in re.findall(r"\w+", text or "") if len(w) >= 4][:4] for code, text in name.items()}


def ensure_vocabulary() -> int:
    """Seed the district's vocabulary once: the starting themes, the topics, the trust dialogues'
    themes (by Swedish name, once each). Return how many themes were added."""
    if db.session.scalar(select(func.count()).select_from(Theme).where(Theme.origin == "vocabulary")):
        return 0
    seen: set[str] = set()
    position = 0
    for name, keywords in STARTING_THEMES:
        db.session.add(Theme(name=name, keywords=keywords, position=position))
        seen.add(name["sv"].casefold())
        position += 1
    extra = [t.name for t in db.session.scalars(select(Topic).order_by(Topic.position))]
    extra += [
        t.name for t in db.session.scalars(select(TrustTheme).order_by(TrustTheme.dialogue_id, TrustTheme.position))
    ]
    for name in extra:
        key = (name.get("sv") or "").casefold()
        if not key or key in seen:
            continue
        seen.add(key)
        db.session.add(Theme(name=dict(name), keywords=_name_words(name), position=position))
        position += 1
    db.session.flush()
    return position


def parse_keywords(text: str) -> list[str]:
    return [w.strip() for w in re.split(r"[,،\n]", text or "") if w.strip()][:40]


def save_theme(theme: Theme | None, *, name: dict, keywords: dict[str, list[str]]) -> Theme:
    """Create or change a vocabulary theme."""
    if not any((v or "").strip() for v in name.values()):
        raise SummaryError(_l("Give the theme a name in at least one language."), "name")
    if theme is None:
        position = db.session.scalar(select(func.coalesce(func.max(Theme.position), 0))) + 1
        theme = Theme(origin="vocabulary", state="accepted", position=position)
        db.session.add(theme)
    theme.name = {code: (name.get(code) or "").strip() for code in LANGUAGES if (name.get(code) or "").strip()}
    if theme.origin == "vocabulary":
        theme.keywords = {code: keywords.get(code, []) for code in LANGUAGES if keywords.get(code)}
    db.session.flush()
    return theme


def accept_theme(theme: Theme, name: dict) -> None:
    """Accept a proposed cluster under a name (the top words when none is given)."""
    theme.state = "accepted"
    cleaned = {code: v.strip() for code, v in name.items() if (v or "").strip()}
    theme.name = cleaned or {theme.language or "sv": ", ".join(theme.top_terms or [])}
    db.session.flush()


def merge_themes(source: Theme, target: Theme) -> None:
    """Move the source's contributions into the target (keeping the target's reasons), drop the source."""
    if source.id == target.id:
        raise SummaryError(_l("Choose another theme to merge into."), "target")
    already = select(ThemeTag.contribution_id).where(ThemeTag.theme_id == target.id)
    db.session.execute(
        update(ThemeTag)
        .where(ThemeTag.theme_id == source.id, ThemeTag.contribution_id.not_in(already))
        .values(theme_id=target.id)
    )
    db.session.execute(delete(ThemeTag).where(ThemeTag.theme_id == source.id))
    db.session.delete(source)
    db.session.flush()


def drop_theme(theme: Theme) -> None:
    db.session.execute(delete(ThemeTag).where(ThemeTag.theme_id == theme.id))
    db.session.delete(theme)
    db.session.flush()


# --- Summaries -------------------------------------------------------------------------------


@dataclass
class SummarySettings:
    theme_group: object
    title: dict
    languages: list[str]
    area: object | None = None
    engagement_kind: str | None = None
    engagement_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None


def create_summary(settings: SummarySettings, actor) -> Summary:
    """A new draft over the chosen scope; refuses a scope with nothing in it. Queues the draft job."""
    kind = engagements.kind(settings.engagement_kind)
    if settings.engagement_kind and (kind is None or engagements.load(kind.key, settings.engagement_id) is None):
        raise SummaryError(_l("Choose an engagement from the list."), "engagement")
    if settings.period_start and settings.period_end and settings.period_end < settings.period_start:
        raise SummaryError(_l("The period must end on or after its first day."), "period_end")
    scope = Scope(
        settings.theme_group.id,
        settings.area.id if settings.area else None,
        settings.engagement_kind or None,
        settings.engagement_id if settings.engagement_kind else None,
        settings.period_start,
        settings.period_end,
    )
    covered = db.session.scalar(select(func.count()).select_from(Contribution).where(*conditions(scope)))
    if not covered:
        raise SummaryError(NOTHING_COVERED, "area")
    languages = [code for code in LANGUAGES if code in settings.languages] or ["sv"]
    summary = Summary(
        theme_group_id=scope.theme_group_id,
        area_id=scope.area_id,
        engagement_kind=scope.engagement_kind,
        engagement_id=scope.engagement_id,
        period_start=scope.period_start,
        period_end=scope.period_end,
        title={code: v.strip() for code, v in settings.title.items() if (v or "").strip()},
        languages=languages,
        created_by_id=actor.id if actor else None,
        job_state="queued",
        covered_count=covered,
    )
    db.session.add(summary)
    db.session.flush()
    log(summary, "created", actor)
    return summary


def queue_draft(summary: Summary) -> None:
    """Start (after the caller's commit) the job that writes the draft."""
    enqueue("summary_draft", summary.id)


def redraft(summary: Summary, actor) -> None:
    if summary.is_published:
        raise SummaryError(PUBLISHED_LOCKED)
    if summary.job_state in ("queued", "running"):
        raise SummaryError(DRAFT_RUNNING)
    summary.job_state = "queued"
    summary.job_progress = 0
    log(summary, "redraft", actor)
    db.session.flush()


def parse_citations(text: str) -> tuple[set[int], set[int]] | None:
    """ "12, 40, q7" → ({12, 40}, {7}); None when something else is written."""
    contributions, questions = set(), set()
    for part in re.split(r"[,،\s]+", (text or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(?:#)?(\d{1,12})|[qQ](\d{1,12})", part)
        if match is None:
            return None
        if match.group(1):
            contributions.add(int(match.group(1)))
        else:
            questions.add(int(match.group(2)))
    return contributions, questions


@dataclass
class SentenceEdit:
    #: None for a new sentence.
    sentence_id: int | None
    text: dict
    #: "12, 40, q7"; None keeps the sentence's citations as they are (large counted sets).
    citations: str | None
    quote: str | None = None
    delete: bool = False
    errors: list[str] = field(default_factory=list)


def _check_edits(summary: Summary, edits: list[SentenceEdit], by_id: dict) -> list:
    """Parse and check every edit's citations; fill each edit's ``errors``."""
    scope = Scope.of(summary)
    parsed = []
    for edit in edits:
        if edit.sentence_id is not None and edit.sentence_id not in by_id:
            raise SummaryError(_l("That sentence is not part of this summary."))
        if edit.delete or (edit.citations is None and edit.sentence_id is not None):
            parsed.append(None)
            continue
        citations = parse_citations(edit.citations or "")
        if citations is None:
            edit.errors.append(str(BAD_CITATION))
        else:
            edit.errors += citation_problems(scope, *citations)
        sentence = by_id.get(edit.sentence_id)
        if sentence is None and not any(v.strip() for v in edit.text.values()):
            edit.errors.append(str(_l("Write the sentence in at least one language.")))
        if sentence is not None and sentence.kind == "quote" and not (edit.quote or "").strip():
            edit.errors.append(str(_l("A quote needs its words.")))
        parsed.append(citations)
    return parsed


def save_sentences(summary: Summary, edits: list[SentenceEdit], actor) -> bool:
    """Apply the edits only when every one of them is sound; otherwise fill ``errors`` and save nothing."""
    if summary.is_published:
        raise SummaryError(PUBLISHED_LOCKED)
    by_id = {s.id: s for s in summary.sentences}
    parsed = _check_edits(summary, edits, by_id)
    if any(edit.errors for edit in edits):
        return False
    position = max((s.position for s in summary.sentences), default=-1) + 1
    for edit, citations in zip(edits, parsed, strict=True):
        sentence = by_id.get(edit.sentence_id)
        if edit.delete:
            if sentence is not None:
                db.session.delete(sentence)
            continue
        if sentence is None:
            sentence = SummarySentence(summary=summary, position=position, section="own", kind="statement")
            position += 1
            db.session.add(sentence)
        sentence.text = {code: v.strip() for code, v in edit.text.items() if v.strip()} | {
            code: v for code, v in (sentence.text or {}).items() if code not in edit.text
        }
        if sentence.kind == "quote":
            sentence.quote = edit.quote.strip()
        if citations is not None:
            _replace_citations(sentence, *citations)
    summary.updated_at = utcnow()
    log(summary, "edited", actor)
    db.session.flush()
    return True


def _replace_citations(sentence: SummarySentence, contribution_ids: set[int], question_ids: set[int]) -> None:
    current = {(c.contribution_id, c.survey_question_id) for c in sentence.citations}
    wanted = {(cid, None) for cid in contribution_ids} | {(None, qid) for qid in question_ids}
    if current == wanted:
        return
    sentence.citations.clear()
    db.session.flush()
    for cid, qid in sorted(wanted, key=lambda p: (p[0] or 0, p[1] or 0)):
        sentence.citations.append(SummaryCitation(contribution_id=cid, survey_question_id=qid))


def publish(summary: Summary, actor) -> None:
    """Publish when every sentence is traceable; otherwise refuse with the problems."""
    if summary.is_published:
        raise SummaryError(_l("This summary is already published."))
    if summary.job_state in ("queued", "running"):
        raise SummaryError(DRAFT_RUNNING)
    problems = publish_problems(summary)
    if problems:
        raise SummaryError(
            _l("The summary cannot be published yet. See the sentences marked below."), problems=problems
        )
    summary.status = "published"
    summary.published_at = utcnow()
    summary.published_by_id = actor.id if actor else None
    log(summary, "published", actor)
    db.session.flush()


def queue_feedback(summary: Summary) -> None:
    enqueue("summary_feedback", summary.id)


def unpublish(summary: Summary, actor, reason: str) -> None:
    if not summary.is_published:
        raise SummaryError(NOT_PUBLISHED)
    if not (reason or "").strip():
        raise SummaryError(_l("Say why the summary is taken down."), "reason")
    summary.status = "draft"
    log(summary, "unpublished", actor, reason=reason.strip())
    db.session.flush()


def delete_summary(summary: Summary) -> None:
    if summary.is_published:
        raise SummaryError(PUBLISHED_LOCKED)
    db.session.delete(summary)
    db.session.flush()


# --- Promises --------------------------------------------------------------------------------


def set_answer_days(group, days: int) -> None:
    row = db.session.get(GroupPromise, group.id)
    if row is None:
        row = GroupPromise(theme_group_id=group.id)
        db.session.add(row)
    row.answer_days = days
    db.session.flush()


def set_promised_date(kind: str, ident: int, promised_on: date | None) -> None:
    if engagements.load(kind, ident) is None:
        raise SummaryError(_l("Choose an engagement from the list."), "engagement")
    row = db.session.scalars(
        select(EngagementPromise).where(
            EngagementPromise.engagement_kind == kind, EngagementPromise.engagement_id == ident
        )
    ).first()
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    if promised_on is not None:
        db.session.add(EngagementPromise(engagement_kind=kind, engagement_id=ident, promised_on=promised_on))
    db.session.flush()
