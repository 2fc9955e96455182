"""Where a contribution sent on from a matchmaking round came from: the organisation and the
round, linked back to the round page. A resolver for ``dialog.contributions.sources``: one
query for all the contributions of the kind."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..contributions.sources import SourceLink
from ..extensions import db
from ..i18n import translated
from ..organisations.models import Organisation
from .models import MatchItem, MatchRound


def round_items(contributions: list, public: bool) -> dict[int, SourceLink]:
    """``source_id`` is the item; drafts are not linked for the public."""
    rows = db.session.execute(
        select(MatchItem.id, Organisation.name, MatchRound.id, MatchRound.title, MatchRound.state)
        .join(Organisation, Organisation.id == MatchItem.organisation_id)
        .join(MatchRound, MatchRound.id == MatchItem.round_id)
        .where(MatchItem.id.in_({c.source_id for c in contributions}))
    ).all()
    found = {row[0]: row[1:] for row in rows}
    links = {}
    for contribution in contributions:
        if contribution.source_id not in found:
            continue
        name, round_id, title, state = found[contribution.source_id]
        if public and state == "draft":
            continue
        links[contribution.id] = SourceLink(
            _("%(organisation)s in the matchmaking round “%(title)s”", organisation=name, title=translated(title)),
            url_for("matchmaking.round_page", ident=round_id),
        )
    return links
