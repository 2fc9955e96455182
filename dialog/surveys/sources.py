"""Where a contribution made from a free-text survey answer came from: the survey. A resolver
for ``dialog.contributions.sources``: one query for all of them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..contributions.sources import SourceLink
from ..extensions import db
from ..i18n import translated
from .models import Survey, SurveyResponse


def survey_answers(contributions: list, public: bool) -> dict[int, SourceLink]:
    """Free-text survey answers: ``source_id`` is the response; one query for all."""
    response_ids = {c.source_id for c in contributions}
    rows = db.session.execute(
        select(SurveyResponse.id, Survey.id, Survey.title, Survey.state)
        .join(Survey, SurveyResponse.survey_id == Survey.id)
        .where(SurveyResponse.id.in_(response_ids))
    ).all()
    surveys_by_response = {response_id: (survey_id, title, state) for response_id, survey_id, title, state in rows}
    links = {}
    for contribution in contributions:
        found = surveys_by_response.get(contribution.source_id)
        if found is None:
            continue
        survey_id, title, state = found
        hidden = public and state == "draft"
        links[contribution.id] = SourceLink(
            _("Survey “%(title)s”", title=translated(title)),
            None if hidden else (contribution.source_url or f"/surveys/{survey_id}"),
        )
    return links
