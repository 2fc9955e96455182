"""Where a story links: its trust dialogue's public page (or the staff page when not public)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..contributions.sources import SourceLink
from ..extensions import db
from .models import TrustDialogue
from .queries import public_path


def trust_stories(contributions: list, public: bool) -> dict[int, SourceLink]:
    """Stories: ``source_id`` is the trust dialogue."""
    dialogues = {
        d.id: d
        for d in db.session.scalars(
            select(TrustDialogue).where(TrustDialogue.id.in_({c.source_id for c in contributions}))
        )
    }
    links = {}
    for contribution in contributions:
        dialogue = dialogues.get(contribution.source_id)
        if dialogue is None or (public and dialogue.state == "draft"):
            continue
        links[contribution.id] = SourceLink(
            _("Trust dialogue “%(title)s”", title=dialogue.display_title),
            contribution.source_url or public_path(dialogue),
        )
    return links
