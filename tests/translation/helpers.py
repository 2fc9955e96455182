"""Making contributions for the translation tests."""

from __future__ import annotations

from dialog.contributions import operations as ops
from dialog.extensions import db


def contribute(place, body, *, language="ar", title=None, source_kind="idea", **kw):
    contribution = ops.create_contribution(
        source_kind=source_kind,
        area=place["backa"],
        topics=[place["safety"]],
        title=title,
        body=body,
        language=language,
        consent_publish=True,
        **kw,
    )
    db.session.commit()
    return contribution
