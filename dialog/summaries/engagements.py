"""The kinds of engagement a summary can cover, as one list.

Each kind says which contributions belong to one of its engagements (a SQL condition on
``Contribution``), which engagements a theme group runs, their titles, public pages and promise
texts. The matchmaking rounds join by adding one ``EngagementKind`` to ``ENGAGEMENT_KINDS``
(source kind ``round_offer``) when that domain lands; nothing else here changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..areas.models import Area
from ..cafe.models import CafeDialogue, CafeNote, CafeProposal, CafeTable
from ..contributions.models import Contribution
from ..extensions import db
from ..i18n import translated
from ..surveys.models import Survey, SurveyResponse
from ..themegroups.models import ThemeGroup
from ..trust.models import TrustDialogue


@dataclass(frozen=True)
class Engagement:
    kind: str
    id: int
    title: str
    #: A path to its public page, or None when it has none the public may see.
    url: str | None
    promise: dict
    #: When feedback is due by default (the engagement's own closing or meeting date + 30 days).
    default_due: date | None
    area_id: int | None


@dataclass(frozen=True)
class EngagementKind:
    key: str
    label: object
    #: The contributions' ``source_kind`` values this kind produces.
    source_kinds: tuple[str, ...]
    #: ident → SQL condition on Contribution.
    condition: Callable[[int], object]
    #: theme group id → its engagements of this kind.
    for_group: Callable[[int], list[Engagement]]
    #: ident → the engagement, or None.
    load: Callable[[int], Engagement | None]


# --- Idea box (one per area) ---------------------------------------------------------------


def _idea_condition(area_id: int):
    return (Contribution.source_kind == "idea") & (Contribution.area_id == area_id)


def _idea_engagement(area: Area) -> Engagement:
    return Engagement(
        "idea_box",
        area.id,
        str(_l("Idea box: %(area)s", area=area.display_name)),
        url_for("contributions.idea_list", slug=area.slug),
        {},
        None,
        area.id,
    )


def _idea_for_group(group_id: int) -> list[Engagement]:
    group = db.session.get(ThemeGroup, group_id)
    if group is None:
        return []
    areas = {a.id: a for a in group.areas}
    for area in list(group.areas):
        for child in area.children:
            areas.setdefault(child.id, child)
    return [_idea_engagement(a) for a in sorted(areas.values(), key=lambda a: (a.parent_id is not None, a.slug))]


def _idea_load(ident: int) -> Engagement | None:
    area = db.session.get(Area, ident)
    return _idea_engagement(area) if area else None


# --- Surveys ---------------------------------------------------------------------------------


def _survey_condition(ident: int):
    responses = select(SurveyResponse.id).where(SurveyResponse.survey_id == ident)
    return (Contribution.source_kind == "survey") & Contribution.source_id.in_(responses)


def _survey_engagement(survey: Survey) -> Engagement:
    due = survey.closes_on + timedelta(days=30) if survey.closes_on else None
    public = survey.state != "draft"
    return Engagement(
        "survey",
        survey.id,
        translated(survey.title),
        url_for("surveys.survey_page", ident=survey.id) if public else None,
        survey.promise or {},
        due,
        survey.areas[0].id if survey.areas else None,
    )


def _survey_for_group(group_id: int) -> list[Engagement]:
    surveys = db.session.scalars(
        select(Survey).where(Survey.theme_groups.any(id=group_id)).order_by(Survey.id.desc())
    ).all()
    return [_survey_engagement(s) for s in surveys]


def _survey_load(ident: int) -> Engagement | None:
    survey = db.session.get(Survey, ident)
    return _survey_engagement(survey) if survey else None


# --- Café dialogues --------------------------------------------------------------------------


def _cafe_condition(ident: int):
    notes = select(CafeNote.id).join(CafeTable, CafeTable.id == CafeNote.table_id).where(CafeTable.dialogue_id == ident)
    proposals = select(CafeProposal.id).where(CafeProposal.dialogue_id == ident)
    return ((Contribution.source_kind == "cafe_note") & Contribution.source_id.in_(notes)) | (
        (Contribution.source_kind == "cafe_proposal") & Contribution.source_id.in_(proposals)
    )


def _cafe_engagement(dialogue: CafeDialogue) -> Engagement:
    return Engagement(
        "cafe",
        dialogue.id,
        translated(dialogue.title),
        url_for("cafe.event", ident=dialogue.id) if dialogue.state != "draft" else None,
        dialogue.feedback_promise or {},
        dialogue.ends_at.date() + timedelta(days=30),
        dialogue.area_id,
    )


def _cafe_for_group(group_id: int) -> list[Engagement]:
    rows = db.session.scalars(
        select(CafeDialogue).where(CafeDialogue.theme_group_id == group_id).order_by(CafeDialogue.starts_at.desc())
    ).all()
    return [_cafe_engagement(d) for d in rows]


def _cafe_load(ident: int) -> Engagement | None:
    dialogue = db.session.get(CafeDialogue, ident)
    return _cafe_engagement(dialogue) if dialogue else None


# --- Trust dialogues -------------------------------------------------------------------------


def _trust_condition(ident: int):
    return (Contribution.source_kind == "story") & (Contribution.source_id == ident)


def _trust_engagement(dialogue: TrustDialogue) -> Engagement:
    return Engagement(
        "trust",
        dialogue.id,
        translated(dialogue.title),
        url_for("trust.dialogue", ident=dialogue.id) if dialogue.state != "draft" else None,
        dialogue.promise or {},
        dialogue.closes_on + timedelta(days=30) if dialogue.closes_on else None,
        dialogue.area_id,
    )


def _trust_for_group(group_id: int) -> list[Engagement]:
    rows = db.session.scalars(
        select(TrustDialogue).where(TrustDialogue.theme_group_id == group_id).order_by(TrustDialogue.id.desc())
    ).all()
    return [_trust_engagement(d) for d in rows]


def _trust_load(ident: int) -> Engagement | None:
    dialogue = db.session.get(TrustDialogue, ident)
    return _trust_engagement(dialogue) if dialogue else None


#: Every kind a summary can cover. Matchmaking rounds are added here when that domain lands.
ENGAGEMENT_KINDS: list[EngagementKind] = [
    EngagementKind("idea_box", _l("Idea box"), ("idea",), _idea_condition, _idea_for_group, _idea_load),
    EngagementKind("survey", _l("Survey"), ("survey",), _survey_condition, _survey_for_group, _survey_load),
    EngagementKind(
        "cafe", _l("Café dialogue"), ("cafe_note", "cafe_proposal"), _cafe_condition, _cafe_for_group, _cafe_load
    ),
    EngagementKind("trust", _l("Trust dialogue"), ("story",), _trust_condition, _trust_for_group, _trust_load),
]


def kind(key: str | None) -> EngagementKind | None:
    return next((k for k in ENGAGEMENT_KINDS if k.key == key), None)


def load(key: str | None, ident: int | None) -> Engagement | None:
    found = kind(key)
    return found.load(ident) if found and ident is not None else None


def for_group(group_id: int) -> list[Engagement]:
    """Every engagement the group runs, kind by kind in the list's order."""
    out: list[Engagement] = []
    for k in ENGAGEMENT_KINDS:
        out.extend(k.for_group(group_id))
    return out
