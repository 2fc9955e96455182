"""Promises kept, per theme group: open contributions by age, the share answered, the median
days to an answer, the share answered or summarised by the promised date, the overdue list, and
participation by source over time per area.

Every figure comes from a fixed number of queries, whatever the number of contributions; the
computed figures are kept per process until the group's input, summaries or promises change.
"""

from __future__ import annotations

import statistics
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ..cafe.models import CafeNote, CafeProposal, CafeTable
from ..contributions.models import ANSWER_STATUSES, Contribution, ContributionAnswer, ContributionRoute, inbox_scope
from ..core.cache import current_version
from ..extensions import db
from ..surveys.models import SurveyResponse
from . import engagements
from .models import SUMMARIES_SCOPE, EngagementPromise, GroupPromise, Summary, SummaryCitation, SummarySentence

DEFAULT_ANSWER_DAYS = 30
AGE_BANDS = ((7, "0–7"), (30, "8–30"), (90, "31–90"), (None, "90+"))
OVERDUE_SHOWN = 20


@dataclass
class Dashboard:
    total: int = 0
    answered: int = 0
    open_by_age: list[tuple[str, int]] = field(default_factory=list)
    median_days: float | None = None
    #: Contributions whose promised date has come (or that were handled before it).
    due: int = 0
    kept: int = 0
    answer_days: int = DEFAULT_ANSWER_DAYS
    #: (contribution id, days overdue, source kind, area id)
    overdue: list[tuple[int, int, str, int]] = field(default_factory=list)
    overdue_count: int = 0
    #: area id → month "YYYY-MM" → source kind → count
    participation: dict = field(default_factory=dict)
    months: list[str] = field(default_factory=list)

    @property
    def answered_share(self) -> float | None:
        return 100.0 * self.answered / self.total if self.total else None

    @property
    def kept_rate(self) -> float | None:
        return 100.0 * self.kept / self.due if self.due else None


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def engagement_dues(group_id: int) -> dict[tuple[str, int], date]:
    """(kind, id) → promised date: the date staff set, else the engagement's own default."""
    dues = {(e.kind, e.id): e.default_due for e in engagements.for_group(group_id) if e.default_due}
    for row in db.session.scalars(select(EngagementPromise)):
        dues[(row.engagement_kind, row.engagement_id)] = row.promised_on
    return dues


def _engagement_of(group_id: int) -> dict[int, tuple[str, int]]:
    """Contribution id → (kind, engagement id) for the group's survey, café and trust input."""
    routed = select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id == group_id)
    out: dict[int, tuple[str, int]] = {}
    queries = (
        (
            "survey",
            select(Contribution.id, SurveyResponse.survey_id)
            .join(SurveyResponse, SurveyResponse.id == Contribution.source_id)
            .where(Contribution.source_kind == "survey"),
        ),
        (
            "cafe",
            select(Contribution.id, CafeTable.dialogue_id)
            .join(CafeNote, CafeNote.id == Contribution.source_id)
            .join(CafeTable, CafeTable.id == CafeNote.table_id)
            .where(Contribution.source_kind == "cafe_note"),
        ),
        (
            "cafe",
            select(Contribution.id, CafeProposal.dialogue_id)
            .join(CafeProposal, CafeProposal.id == Contribution.source_id)
            .where(Contribution.source_kind == "cafe_proposal"),
        ),
        (
            "trust",
            select(Contribution.id, Contribution.source_id).where(Contribution.source_kind == "story"),
        ),
    )
    for kind, query in queries:
        for contribution_id, engagement_id in db.session.execute(query.where(Contribution.id.in_(routed))):
            if engagement_id is not None:
                out[contribution_id] = (kind, engagement_id)
    return out


def compute(group_id: int, today: date | None = None) -> Dashboard:
    today = today or date.today()
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(days=1)
    promise = db.session.get(GroupPromise, group_id)
    board = Dashboard(answer_days=promise.answer_days if promise else DEFAULT_ANSWER_DAYS)
    routed = select(ContributionRoute.contribution_id).where(ContributionRoute.theme_group_id == group_id)
    # The first publication of a summary that covers each contribution.
    summarised = dict(
        db.session.execute(
            select(SummaryCitation.contribution_id, func.min(Summary.published_at))
            .join(SummarySentence, SummarySentence.id == SummaryCitation.sentence_id)
            .join(Summary, Summary.id == SummarySentence.summary_id)
            .where(Summary.status == "published", SummaryCitation.contribution_id.in_(routed))
            .group_by(SummaryCitation.contribution_id)
        ).all()
    )
    dues = engagement_dues(group_id)
    engagement_of = _engagement_of(group_id)
    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.source_kind,
            Contribution.area_id,
            Contribution.status,
            Contribution.created_at,
            ContributionAnswer.answered_at,
        )
        .outerjoin(ContributionAnswer, ContributionAnswer.contribution_id == Contribution.id)
        .where(Contribution.id.in_(routed), Contribution.moderation != "hidden")
        .execution_options(yield_per=10000)
    )
    ages: Counter = Counter()
    durations: list[float] = []
    overdue: list[tuple[int, int, str, int]] = []
    participation: dict = defaultdict(lambda: defaultdict(Counter))
    months: set[str] = set()
    answer_delta = timedelta(days=board.answer_days)
    for ident, source_kind, area_id, status, created_at, answered_at in rows:
        created_at, answered_at = _aware(created_at), _aware(answered_at)
        board.total += 1
        month = created_at.strftime("%Y-%m")
        months.add(month)
        participation[area_id][month][source_kind] += 1
        is_answered = status in ANSWER_STATUSES
        if is_answered:
            board.answered += 1
            if answered_at is not None:
                durations.append(max(0.0, (answered_at - created_at).total_seconds() / 86400))
        else:
            age = (now - created_at).days
            ages[next(label for limit, label in AGE_BANDS if limit is None or age <= limit)] += 1
        if source_kind == "idea":
            due = created_at + answer_delta
        else:
            due_day = dues.get(engagement_of.get(ident, ("", 0)))
            due = datetime.combine(due_day, datetime.max.time(), UTC) if due_day else None
        if due is None:
            continue
        handled = min(filter(None, [answered_at if is_answered else None, _aware(summarised.get(ident))]), default=None)
        if handled is not None and handled <= due:
            board.due += 1
            board.kept += 1
        elif due < now:
            board.due += 1
            if handled is None:
                overdue.append((ident, (now - due).days, source_kind, area_id))
    board.open_by_age = [(label, ages.get(label, 0)) for _limit, label in AGE_BANDS]
    board.median_days = statistics.median(durations) if durations else None
    overdue.sort(key=lambda o: (-o[1], o[0]))
    board.overdue_count = len(overdue)
    board.overdue = overdue[:OVERDUE_SHOWN]
    board.months = sorted(months)[-12:]
    board.participation = {a: {m: dict(c) for m, c in by_month.items()} for a, by_month in participation.items()}
    return board


_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def version(group_id: int) -> tuple:
    """Changes whenever the group's input, a summary or a promise changes, and every day."""
    return (current_version(inbox_scope(group_id)), current_version(SUMMARIES_SCOPE), date.today())


def dashboard(group_id: int) -> Dashboard:
    key = (group_id, version(group_id))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    board = compute(group_id)
    with _lock:
        _cache[key] = board
        while len(_cache) > 256:
            _cache.popitem(last=False)
    return board
