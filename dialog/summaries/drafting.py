"""Writing a draft from the contributions a summary covers, as a background job with progress.

The draft says only what the data says, and every sentence carries its sources: counts by
area, source, status and language cite the contributions counted; each recurring theme cites its
contributions; quotes are verbatim and only from authors who consented; survey charts cite their
question; what has been answered cites the answered contributions.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from ..areas.models import Area
from ..contributions.models import ANSWER_STATUSES, SOURCE_KINDS, STATUSES, Contribution
from ..core.language import detect_languages
from ..extensions import db
from ..i18n import LANGUAGES, language_name, translated
from ..surveys.models import SurveyQuestion
from . import themes
from .models import (
    DetectedLanguage,
    Summary,
    SummaryCitation,
    SummaryEvent,
    SummarySentence,
    Theme,
    ThemeTag,
)
from .scope import Scope, conditions

log = logging.getLogger(__name__)

#: Recurring themes shown in a draft: at least this many contributions, at most this many themes.
MIN_THEME_SIZE = 2
MAX_THEMES = 8
QUOTES_PER_THEME = 1
QUOTE_MAX = 300
CHART_KINDS = ("single_choice", "multiple_choice", "yes_no", "scale", "matrix", "ranking")
#: Rows read per batch, so memory stays flat over large sets.
BATCH = 5000


@dataclass
class Row:
    id: int
    area_id: int
    source_kind: str
    status: str
    language: str
    text: str
    quotable: bool
    detected: bool = False


@dataclass
class Sentence:
    section: str
    text: dict
    citations: list[int] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    kind: str = "statement"
    quote: str | None = None
    quote_language: str | None = None


def _in_every_language(render) -> dict:
    out = {}
    for code in LANGUAGES:
        with force_locale(code):
            out[code] = render(code)
    return out


def read_rows(scope: Scope) -> list[Row]:
    """The scope's contributions, read in batches of columns (no ORM objects)."""
    rows: list[Row] = []
    query = (
        select(
            Contribution.id,
            Contribution.area_id,
            Contribution.source_kind,
            Contribution.status,
            Contribution.language,
            Contribution.title,
            Contribution.body,
            Contribution.consent_quote,
            Contribution.consent_publish,
            Contribution.moderation,
            DetectedLanguage.language,
        )
        .outerjoin(DetectedLanguage, DetectedLanguage.contribution_id == Contribution.id)
        .where(*conditions(scope))
        .order_by(Contribution.id)
        .execution_options(yield_per=BATCH)
    )
    for r in db.session.execute(query):
        text = f"{r[5]}\n{r[6]}" if r[5] else r[6]
        quotable = bool(r[7] and r[8] and r[9] == "approved")
        rows.append(Row(r[0], r[1], r[2], r[3], r[10] or r[4], text, quotable, r[10] is not None))
    return rows


def detect_missing_languages(rows: list[Row]) -> None:
    """Detect the language of texts whose source did not let the author choose one; keep it."""
    todo = [r for r in rows if r.source_kind in themes.LANGUAGE_NOT_CHOSEN and not r.detected]
    if not todo:
        return
    found = detect_languages([r.text for r in todo])
    values = []
    for row, language in zip(todo, found, strict=True):
        if language:
            row.language = language
            values.append({"contribution_id": row.id, "language": language})
    if values:
        db.session.execute(insert(DetectedLanguage), values)


def vocabulary_tagger() -> themes.Tagger:
    accepted = db.session.scalars(select(Theme).where(Theme.origin == "vocabulary", Theme.state == "accepted")).all()
    return themes.Tagger([themes.VocabularyTheme(t.id, t.keywords or {}) for t in accepted])


def tag_rows(rows: list[Row], tagger: themes.Tagger) -> dict[int, list[tuple[int, list[str]]]]:
    """Vocabulary tags for the rows, stored (replacing earlier ones); {theme id: [(row id, words)]}."""
    theme_ids = [t.id for t in tagger.themes]
    ids = [r.id for r in rows]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        db.session.execute(
            delete(ThemeTag).where(ThemeTag.contribution_id.in_(chunk), ThemeTag.theme_id.in_(theme_ids))
        )
    by_theme: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    values = []
    for row in rows:
        for theme_id, words in tagger.tag(row.text, (row.language,)).items():
            by_theme[theme_id].append((row.id, words))
            values.append({"contribution_id": row.id, "theme_id": theme_id, "reasons": words})
    for start in range(0, len(values), BATCH):
        db.session.execute(insert(ThemeTag), values[start : start + BATCH])
    return by_theme


def propose_clusters(rows: list[Row], group_id: int) -> dict[int, list[tuple[int, list[str]]]]:
    """Cluster each language's texts; replace the group's earlier proposals (not accepted themes)."""
    proposed = select(Theme.id).where(
        Theme.theme_group_id == group_id, Theme.origin == "cluster", Theme.state == "proposed"
    )
    db.session.execute(delete(ThemeTag).where(ThemeTag.theme_id.in_(proposed)))
    db.session.execute(delete(Theme).where(Theme.id.in_(proposed)))
    by_language = defaultdict(list)
    for row in rows:
        by_language[row.language].append(row)
    out: dict[int, list[tuple[int, list[str]]]] = {}
    for language, items in sorted(by_language.items()):
        for cluster in themes.cluster_language(language, [r.text for r in items]):
            theme = Theme(
                origin="cluster",
                state="proposed",
                language=language,
                top_terms=cluster.top_terms,
                theme_group_id=group_id,
                name={},
                keywords={},
            )
            db.session.add(theme)
            db.session.flush()
            members = [(items[index].id, terms) for index, terms in cluster.members]
            db.session.execute(
                insert(ThemeTag),
                [{"contribution_id": cid, "theme_id": theme.id, "reasons": terms} for cid, terms in members],
            )
            out[theme.id] = members
    return out


def accepted_cluster_tags(rows: list[Row], group_id: int) -> dict[int, list[tuple[int, list[str]]]]:
    """Tags of the group's accepted cluster themes that fall in these rows."""
    ids = {r.id for r in rows}
    out: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    query = (
        select(ThemeTag.theme_id, ThemeTag.contribution_id, ThemeTag.reasons)
        .join(Theme, Theme.id == ThemeTag.theme_id)
        .where(Theme.theme_group_id == group_id, Theme.origin == "cluster", Theme.state == "accepted")
    )
    for theme_id, contribution_id, reasons in db.session.execute(query):
        if contribution_id in ids:
            out[theme_id].append((contribution_id, reasons or []))
    return out


def first_sentence(text: str) -> str:
    """A verbatim excerpt: the text's first sentence (or its first ``QUOTE_MAX`` characters)."""
    text = text.strip()
    match = re.search(r"[.!?؟۔]\s", text)
    piece = text[: match.end()].strip() if match else text
    return piece[:QUOTE_MAX].strip()


def isolate(text: str) -> str:
    """Keep a name in another script in its own direction inside a sentence (Unicode isolates)."""
    return f"\u2068{text}\u2069"


def theme_name(theme: Theme, language: str) -> str:
    return isolate(translated(theme.name, language) or ", ".join(theme.top_terms or []))


def count_sentences(rows: list[Row], area_names: dict[int, dict]) -> list[Sentence]:
    out = []
    total = len(rows)
    out.append(
        Sentence(
            "counts",
            _in_every_language(
                lambda c: ngettext("%(num)d contribution is covered.", "%(num)d contributions are covered.", total)
            ),
            [r.id for r in rows],
        )
    )
    dimensions = (
        ("area", lambda r: r.area_id),
        ("source", lambda r: r.source_kind),
        ("language", lambda r: r.language),
    )
    for name, key in dimensions:
        groups: dict = defaultdict(list)
        for row in rows:
            groups[key(row)].append(row.id)
        for value, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
            n = len(ids)
            if name == "area":
                text = _in_every_language(
                    lambda c, v=value, n=n: ngettext(
                        "%(num)d came from %(area)s.",
                        "%(num)d came from %(area)s.",
                        n,
                        area=isolate(translated(area_names.get(v), c)),
                    )
                )
            elif name == "source":
                text = _in_every_language(
                    lambda c, v=value, n=n: ngettext(
                        "%(num)d came in as: %(source)s.",
                        "%(num)d came in as: %(source)s.",
                        n,
                        source=str(SOURCE_KINDS.get(v, v)),
                    )
                )
            else:
                text = _in_every_language(
                    lambda c, v=value, n=n: ngettext(
                        "%(num)d were written in %(language)s.",
                        "%(num)d were written in %(language)s.",
                        n,
                        language=isolate(language_name(v)),
                    )
                )
            out.append(Sentence("counts", text, ids))
    return out


def theme_sentences(
    rows_by_id: dict[int, Row], tagged: dict[int, list[tuple[int, list[str]]]], theme_names: dict[int, Theme]
) -> list[Sentence]:
    out = []
    ranked = sorted(
        ((tid, members) for tid, members in tagged.items() if len(members) >= MIN_THEME_SIZE),
        key=lambda kv: (-len(kv[1]), kv[0]),
    )[:MAX_THEMES]
    for theme_id, members in ranked:
        theme = theme_names[theme_id]
        ids = [cid for cid, _words in members]
        languages = Counter(rows_by_id[cid].language for cid in ids)
        n = len(ids)

        def render(code, theme=theme, n=n, languages=languages):
            name = theme_name(theme, code)
            spread = ", ".join(isolate(f"{language_name(lang)} {count}") for lang, count in languages.most_common())
            return ngettext(
                "A recurring theme: “%(theme)s”, in %(num)d contribution (%(languages)s).",
                "A recurring theme: “%(theme)s”, in %(num)d contributions (%(languages)s).",
                n,
                theme=name,
                languages=spread,
            )

        out.append(Sentence("themes", _in_every_language(render), ids))
        quotable = [rows_by_id[cid] for cid in ids if rows_by_id[cid].quotable]
        for row in quotable[:QUOTES_PER_THEME]:
            quote = first_sentence(row.text.split("\n", 1)[-1] if "\n" in row.text else row.text)
            if quote:
                out.append(
                    Sentence(
                        "quotes",
                        _in_every_language(
                            lambda c, theme=theme: _(
                                "About “%(theme)s”, someone wrote:",
                                theme=translated(theme.name, c) or ", ".join(theme.top_terms or []),
                            )
                        ),
                        [row.id],
                        kind="quote",
                        quote=quote,
                        quote_language=row.language,
                    )
                )
    return out


def answered_sentences(rows: list[Row]) -> list[Sentence]:
    out = []
    answered = [r for r in rows if r.status in ANSWER_STATUSES]
    if not answered:
        return out
    n, total = len(answered), len(rows)
    out.append(
        Sentence(
            "answered",
            _in_every_language(
                lambda c: ngettext(
                    "%(num)d of %(total)d has been answered.",
                    "%(num)d of %(total)d have been answered.",
                    n,
                    total=total,
                )
            ),
            [r.id for r in answered],
        )
    )
    for status in ANSWER_STATUSES:
        ids = [r.id for r in answered if r.status == status]
        k = len(ids)
        if ids:
            out.append(
                Sentence(
                    "answered",
                    _in_every_language(
                        lambda c, s=status, k=k: _("%(status)s: %(number)d.", status=STATUSES[s], number=k)
                    ),
                    ids,
                )
            )
    return out


def survey_sentences(summary: Summary) -> list[Sentence]:
    if summary.engagement_kind != "survey":
        return []
    questions = db.session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == summary.engagement_id, SurveyQuestion.kind.in_(CHART_KINDS))
        .order_by(SurveyQuestion.position, SurveyQuestion.id)
    ).all()
    return [
        Sentence(
            "survey",
            _in_every_language(lambda c, q=q: _("The survey asked: “%(question)s”", question=translated(q.text, c))),
            questions=[q.id],
            kind="chart",
        )
        for q in questions
    ]


def _progress(summary: Summary, percent: int) -> None:
    summary.job_progress = percent
    db.session.commit()


def write_draft(summary_id: int) -> bool:
    """The job: read the scope, detect languages, tag, cluster, write the sentences."""
    summary = db.session.get(Summary, summary_id)
    if summary is None or summary.is_published:
        return False
    summary.job_state = "running"
    _progress(summary, 5)
    try:
        _write(summary)
    except Exception:
        db.session.rollback()
        summary = db.session.get(Summary, summary_id)
        summary.job_state = "failed"
        db.session.commit()
        raise
    return True


def _write(summary: Summary) -> None:
    scope = Scope.of(summary)
    rows = read_rows(scope)
    _progress(summary, 15)
    detect_missing_languages(rows)
    _progress(summary, 30)
    tagged = tag_rows(rows, vocabulary_tagger())
    _progress(summary, 45)
    tagged.update(propose_clusters(rows, summary.theme_group_id))
    tagged.update(accepted_cluster_tags(rows, summary.theme_group_id))
    _progress(summary, 75)
    theme_ids = list(tagged)
    theme_rows = (
        {t.id: t for t in db.session.scalars(select(Theme).where(Theme.id.in_(theme_ids)))} if theme_ids else {}
    )
    # Proposed clusters wait for staff: the draft names only vocabulary and accepted themes.
    tagged = {tid: m for tid, m in tagged.items() if tid in theme_rows and theme_rows[tid].state == "accepted"}
    area_names = {a.id: a.name for a in db.session.scalars(select(Area))}
    rows_by_id = {r.id: r for r in rows}
    sentences = (
        count_sentences(rows, area_names)
        + theme_sentences(rows_by_id, tagged, theme_rows)
        + survey_sentences(summary)
        + answered_sentences(rows)
    )
    store_sentences(summary, sentences if rows else [])
    summary.covered_count = len(rows)
    summary.job_state = "done"
    summary.job_progress = 100
    db.session.add(SummaryEvent(summary_id=summary.id, kind="drafted", data={"covered": len(rows)}))
    db.session.commit()


def store_sentences(summary: Summary, sentences: list[Sentence]) -> None:
    """Replace the summary's sentences; citations go in bulk."""
    db.session.execute(delete(SummarySentence).where(SummarySentence.summary_id == summary.id))
    citations = []
    for position, s in enumerate(sentences):
        row = SummarySentence(
            summary_id=summary.id,
            position=position,
            section=s.section,
            kind=s.kind,
            text=s.text,
            quote=s.quote,
            quote_language=s.quote_language,
        )
        db.session.add(row)
        db.session.flush()
        citations += [{"sentence_id": row.id, "contribution_id": cid} for cid in s.citations]
        citations += [{"sentence_id": row.id, "survey_question_id": qid} for qid in s.questions]
    for start in range(0, len(citations), BATCH):
        db.session.execute(insert(SummaryCitation), citations[start : start + BATCH])
    db.session.expire(summary, ["sentences"])
