"""What we heard: consented quotes by theme with counts, for the public and the staff page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..contributions.models import Contribution
from ..extensions import db
from .models import TrustDialogue, TrustStory, TrustTheme, trust_story_themes

#: Quotes shown per theme on the "what we heard" page (the count always covers every story).
QUOTES_PER_THEME = 12


@dataclass
class Quote:
    body: str
    language: str


@dataclass
class HeardTheme:
    theme: TrustTheme
    count: int
    quotes: list[Quote]


@dataclass
class Heard:
    themes: list[HeardTheme]
    #: Stories in the dialogue (hidden ones not counted).
    total: int
    #: Of those, how many are tagged with at least one theme.
    tagged: int


def heard(dialogue: TrustDialogue, quotes_per_theme: int = QUOTES_PER_THEME) -> Heard:
    """Consented quotes grouped by theme, with how many stories spoke of each theme.

    A quote is shown only when its teller agreed to be quoted and a moderator approved the
    text; the counts cover every story not hidden by a moderator. Three queries (the themes
    come with the dialogue), whatever the number of stories.
    """
    not_hidden = Contribution.moderation != "hidden"
    story_rows = (
        select(TrustStory.id)
        .join(Contribution, Contribution.id == TrustStory.contribution_id)
        .where(TrustStory.dialogue_id == dialogue.id, not_hidden)
    )
    counts = dict(
        db.session.execute(
            select(trust_story_themes.c.theme_id, func.count(func.distinct(trust_story_themes.c.story_id)))
            .where(trust_story_themes.c.story_id.in_(story_rows))
            .group_by(trust_story_themes.c.theme_id)
        ).all()
    )
    totals = db.session.execute(
        select(
            func.count(func.distinct(TrustStory.id)),
            func.count(func.distinct(trust_story_themes.c.story_id)),
        )
        .select_from(TrustStory)
        .join(Contribution, Contribution.id == TrustStory.contribution_id)
        .outerjoin(trust_story_themes, trust_story_themes.c.story_id == TrustStory.id)
        .where(TrustStory.dialogue_id == dialogue.id, not_hidden)
    ).one()
    ranked = (
        select(
            trust_story_themes.c.theme_id.label("theme_id"),
            Contribution.body.label("body"),
            Contribution.language.label("language"),
            func.row_number()
            .over(
                partition_by=trust_story_themes.c.theme_id,
                order_by=(Contribution.created_at.desc(), TrustStory.id.desc()),
            )
            .label("rank"),
        )
        .select_from(trust_story_themes)
        .join(TrustStory, TrustStory.id == trust_story_themes.c.story_id)
        .join(Contribution, Contribution.id == TrustStory.contribution_id)
        .where(
            TrustStory.dialogue_id == dialogue.id,
            Contribution.consent_quote.is_(True),
            Contribution.moderation == "approved",
        )
        .subquery()
    )
    quotes: dict[int, list[Quote]] = {}
    rows = db.session.execute(
        select(ranked.c.theme_id, ranked.c.body, ranked.c.language)
        .where(ranked.c.rank <= quotes_per_theme)
        .order_by(ranked.c.theme_id, ranked.c.rank)
    )
    for theme_id, body, language in rows:
        quotes.setdefault(theme_id, []).append(Quote(body=body, language=language))
    return Heard(
        themes=[
            HeardTheme(theme=theme, count=counts.get(theme.id, 0), quotes=quotes.get(theme.id, []))
            for theme in dialogue.themes
        ],
        total=totals[0] or 0,
        tagged=totals[1] or 0,
    )
