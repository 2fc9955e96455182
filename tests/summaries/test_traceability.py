"""Traceability enforced by code: drafts cite their sources, publishing is refused (with the
sentence pointed out) for an uncited sentence, a changed quote, a quote without consent, a
citation outside the scope or hidden; the coverage panel; bad input saves nothing."""

import pytest
from sqlalchemy import select

from dialog.extensions import db
from dialog.moderation.operations import hide
from dialog.summaries import operations
from dialog.summaries.models import Summary, SummaryCitation, SummarySentence
from dialog.summaries.queries import coverage
from dialog.summaries.traceability import publish_problems

from .helpers import build, draft


def sentences(summary):
    return db.session.scalars(
        select(SummarySentence).where(SummarySentence.summary_id == summary.id).order_by(SummarySentence.position)
    ).all()


def test_every_drafted_sentence_cites_and_the_draft_can_be_published(factories):
    place = build(factories)
    summary = draft(place)
    rows = sentences(summary)
    assert rows and all(s.citations for s in rows)
    assert summary.job_state == "done" and summary.job_progress == 100
    assert publish_problems(summary) == []
    texts = [s.text["sv"] for s in rows]
    assert "6 bidrag omfattas." in texts[0] or texts[0].startswith("6 ")
    assert all(s.text.get("ar") for s in rows)
    quotes = [s for s in rows if s.kind == "quote"]
    assert quotes, "a consenting author's words are quoted"
    cited = {c.contribution_id for q in quotes for c in q.citations}
    consenting = {c.id for c in place["contributions"] if c.consent_quote}
    assert cited <= consenting
    themes = [s for s in rows if s.section == "themes"]
    assert any(len(s.citations) >= 4 for s in themes), "sv, ar, so and fa in the lighting theme"


def test_the_contribution_outside_the_group_is_not_covered(factories):
    place = build(factories)
    summary = draft(place)
    cited = set(
        db.session.scalars(
            select(SummaryCitation.contribution_id)
            .join(SummarySentence)
            .where(SummarySentence.summary_id == summary.id)
        )
    )
    assert place["outside"].id not in cited
    assert summary.covered_count == 6


def refuse(summary, fragment):
    with pytest.raises(operations.SummaryError) as error:
        operations.publish(summary, None)
    messages = [p.message for p in error.value.problems]
    assert any(fragment in m for m in messages), messages
    db.session.rollback()
    assert db.session.get(Summary, summary.id).status == "draft"
    return error.value.problems


def test_publishing_refused_for_an_uncited_sentence(factories):
    place = build(factories)
    summary = draft(place)
    target = sentences(summary)[1]
    target.citations.clear()
    db.session.commit()
    problems = refuse(summary, "cites no contribution")
    assert problems[0].sentence_id == target.id and problems[0].position == target.position + 1


def test_publishing_refused_for_a_quote_changed_by_one_character(factories):
    place = build(factories)
    summary = draft(place)
    quote = next(s for s in sentences(summary) if s.kind == "quote")
    quote.quote = quote.quote[:-1] + ("x" if quote.quote[-1] != "x" else "y")
    db.session.commit()
    problems = refuse(summary, "word for word")
    assert problems[0].sentence_id == quote.id


def test_publishing_refused_for_a_quote_without_consent(factories):
    place = build(factories)
    summary = draft(place)
    somali = place["contributions"][2]  # did not consent to quoting
    quote = next(s for s in sentences(summary) if s.kind == "quote")
    quote.quote = somali.body.split(".")[0]
    quote.citations.clear()
    quote.citations.append(SummaryCitation(contribution_id=somali.id))
    db.session.commit()
    refuse(summary, "did not agree to be quoted")


def test_publishing_refused_for_a_hidden_citation(factories):
    place = build(factories)
    summary = draft(place)
    hide(place["contributions"][0], place["lead"], "personal data")
    db.session.commit()
    refuse(summary, "hidden by moderation")


def test_edit_refuses_a_citation_outside_the_scope_or_tampered_and_saves_nothing(factories):
    place = build(factories)
    summary = draft(place)
    first = sentences(summary)[1]
    before = {c.contribution_id for c in first.citations}
    edits = [
        operations.SentenceEdit(first.id, {"sv": "Ändrad text"}, str(place["outside"].id)),
        operations.SentenceEdit(None, {"sv": "Vi sätter upp lampor."}, "99999999"),
        operations.SentenceEdit(None, {"sv": "x"}, "drop table"),
    ]
    assert operations.save_sentences(summary, edits, place["lead"]) is False
    assert "not among the contributions" in edits[0].errors[0]
    assert "There is no contribution" in edits[1].errors[0]
    assert edits[2].errors
    db.session.rollback()
    again = db.session.get(SummarySentence, first.id)
    assert again.text["sv"] != "Ändrad text"
    assert {c.contribution_id for c in again.citations} == before
    assert len(sentences(summary)) == len(sentences(db.session.get(Summary, summary.id)))


def test_edit_adds_a_cited_sentence_and_a_published_summary_cannot_be_edited(factories):
    place = build(factories)
    summary = draft(place)
    cid = place["contributions"][0].id
    edits = [operations.SentenceEdit(None, {"sv": "Vi lagar belysningen i höst.", "ar": "سنصلح الإضاءة."}, f"{cid}")]
    assert operations.save_sentences(summary, edits, place["lead"])
    db.session.commit()
    added = sentences(summary)[-1]
    assert added.section == "own" and [c.contribution_id for c in added.citations] == [cid]
    operations.publish(summary, place["lead"])
    db.session.commit()
    with pytest.raises(operations.SummaryError):
        operations.save_sentences(summary, [operations.SentenceEdit(added.id, {"sv": "x"}, str(cid))], None)


def test_a_summary_over_nothing_is_refused(factories):
    place = build(factories)
    with pytest.raises(operations.SummaryError) as error:
        operations.create_summary(
            operations.SummarySettings(
                theme_group=place["other"], title={"sv": "Tomt"}, languages=["sv"], area=place["karra"]
            ),
            place["lead"],
        )
    assert error.value.field == "area"
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Summary)) == 0


def test_coverage_panel_lists_what_no_sentence_cites(factories):
    place = build(factories)
    summary = draft(place)
    count, first = coverage(summary)
    assert count == 0
    for sentence in sentences(summary):
        db.session.execute(
            SummaryCitation.__table__.delete().where(
                SummaryCitation.sentence_id == sentence.id,
                SummaryCitation.contribution_id == place["contributions"][5].id,
            )
        )
    db.session.commit()
    count, first = coverage(summary)
    assert count == 1 and first[0].id == place["contributions"][5].id


def test_language_counts_name_the_language_in_the_sentence_language(factories):
    # "7 were written in Svenska" read wrong: each sentence names the language in its own language.
    summary = draft(build(factories))
    counts = [s.text for s in sentences(summary) if s.section == "counts"]
    swedish_line = next(t for t in counts if "written in" in t["en"] and "Swedish" in t["en"])
    assert "svenska" in swedish_line["sv"].lower() and "Svenska\u2069" not in swedish_line["en"]
    assert "السويدية" in swedish_line["ar"]
    themes = [s.text for s in sentences(summary) if s.section == "themes" and "recurring" in s.text["en"]]
    assert themes and "Arabic" in " ".join(t["en"] for t in themes)
