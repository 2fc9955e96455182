"""Background jobs of the translation package, registered with the job queue by name."""

from __future__ import annotations

from sqlalchemy import select

from ..contributions.models import Contribution
from ..extensions import db
from .history import JOB as HISTORY_JOB
from .history import translate_history
from .models import ContributionTranslation
from .operations import contribution_hash, translate_contribution

JOBS = {"translate_contribution": translate_contribution, HISTORY_JOB: translate_history}


def missing_translations() -> list[int]:
    """Contributions with no current translation (never made, failed, or of an older text)."""
    made = {
        (cid, h)
        for cid, h in db.session.execute(
            select(ContributionTranslation.contribution_id, ContributionTranslation.source_hash).where(
                ContributionTranslation.state != "failed"
            )
        )
    }
    return [
        c.id
        for c in db.session.scalars(select(Contribution).order_by(Contribution.id))
        if (c.id, contribution_hash(c)) not in made
    ]
