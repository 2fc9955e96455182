"""Shared set-up for the matchmaking tests: a district with a tag list, an open round with two
meetings, and organisations with representatives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dialog.extensions import db
from dialog.matchmaking import operations as ops
from dialog.matchmaking.models import MatchRound, MatchTag
from dialog.organisations.models import Organisation

TAGS = {
    "praktik": {"sv": "praktik", "en": "work placement", "ar": "تدريب عملي", "so": "tababar shaqo", "fa": "کارآموزی"},
    "lokal": {"sv": "lokal", "en": "premises", "ar": "قاعة", "so": "goob", "fa": "سالن"},
    "laxhjalp": {
        "sv": "läxhjälp",
        "en": "homework help",
        "ar": "مساعدة في الواجبات",
        "so": "caawin casharro",
        "fa": "کمک درسی",
    },
    "mentor": {"sv": "mentor", "en": "mentor", "ar": "مرشد", "so": "lataliye", "fa": "مربی"},
}


def make_round(factories, *, meeting_in_days=30, state="open", slots=4, tables=3) -> MatchRound:
    district = factories.area("lundby", name={"sv": "Lundby", "en": "Lundby"})
    area = factories.area(parent=district, name={"sv": "Eriksberg", "en": "Eriksberg"})
    for slug, name in TAGS.items():
        db.session.add(MatchTag(area_id=district.id, slug=slug, name=name))
    match_round = MatchRound(
        area=area,
        title={"sv": "Idésluss Lundby", "en": "Idea sluice Lundby", "ar": "منتدى الأفكار لوندبي"},
        purpose={"sv": "Social hållbarhet"},
        invitation={"sv": "Välkomna!", "ar": "أهلا وسهلا"},
        promise={"sv": "Vi följer upp varje samarbete."},
        participation_level="co_creation",
        state=state,
        slot_count=slots,
        table_count=tables,
        slot_minutes=20,
    )
    db.session.add(match_round)
    db.session.flush()
    now = datetime.now(UTC)
    for n, days in enumerate((meeting_in_days - 30, meeting_in_days)):
        ops.add_meeting(
            match_round,
            ops.MeetingSettings(
                starts_at=now + timedelta(days=days),
                ends_at=now + timedelta(days=days, hours=2),
                place=f"Lundby stadsdelskontor, sal {n + 1}",
                accessibility={"sv": "Hiss och hörslinga"},
                languages=["sv", "ar"],
            ),
        )
    db.session.commit()
    return match_round


def make_org(factories, name, kind="association", *, language="sv", rep=None) -> tuple[Organisation, object]:
    rep = rep or factories.user(roles=("resident", "organisation"), language=language)
    organisation = Organisation(name=name, kind=kind, description={"sv": f"{name} i Lundby"})
    organisation.representatives = [rep]
    db.session.add(organisation)
    db.session.commit()
    return organisation, rep


def tag_ids(match_round, *slugs) -> list[int]:
    tags = {t.slug: t.id for t in ops.round_tags(match_round)}
    return [tags[s] for s in slugs]


def join(match_round, organisation, rep):
    ops.join_round(match_round, organisation, rep)
    db.session.commit()


def item(match_round, organisation, rep, kind, title, body, language="sv", tags=()):
    found = ops.add_item(
        match_round,
        organisation,
        ops.ItemSettings(kind=kind, title=title, body=body, language=language, tag_ids=tag_ids(match_round, *tags)),
        rep,
    )
    db.session.commit()
    return found


def run_job(match_round) -> int:
    job = ops.start_suggestions(match_round)
    db.session.commit()
    return ops.run_suggestions(job.id)


def request_context(app):
    """Operations translate their messages: give them a request (in English)."""
    return app.test_request_context(headers={"Accept-Language": "en"})
