"""A summary for the district's politicians (print page and PDF), and its covered contributions
as CSV or XLSX with status, themes and links."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response, stream_with_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..areas.models import Area
from ..contributions.models import MODERATION_STATES, SOURCE_KINDS, STATUSES, Contribution
from ..core import spreadsheet
from ..extensions import db
from ..i18n import LANGUAGES, translated
from .feedback import covered_ids_query
from .models import Summary, Theme, ThemeTag

BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def pdf_bytes(html: str, *, base_url: str) -> bytes:
    """The print page as PDF (WeasyPrint; the stylesheet names Debian's Noto and DejaVu fonts)."""
    from weasyprint import HTML  # local: WeasyPrint takes about a second to load; only a PDF export needs it

    return HTML(string=html, base_url=base_url).write_pdf()


def header() -> list[str]:
    return [
        _("Number"),
        _("Source"),
        _("Area"),
        _("Language"),
        _("Status"),
        _("Moderation"),
        _("Themes"),
        _("Received"),
        _("Public link"),
        _("Staff link"),
        _("Text"),
    ]


def rows(summary: Summary) -> Iterator[list]:
    """One row per covered contribution, read in keyset batches (flat memory)."""
    areas = {a.id: a.name for a in db.session.scalars(select(Area))}
    theme_names = {t.id: t.display_name for t in db.session.scalars(select(Theme))}
    covered = covered_ids_query(summary.id).subquery()
    last = 0
    while True:
        batch = db.session.execute(
            select(
                Contribution.id,
                Contribution.source_kind,
                Contribution.area_id,
                Contribution.language,
                Contribution.status,
                Contribution.moderation,
                Contribution.consent_publish,
                Contribution.created_at,
                Contribution.title,
                Contribution.body,
            )
            .where(Contribution.id.in_(select(covered.c.contribution_id)), Contribution.id > last)
            .order_by(Contribution.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        ids = [r.id for r in batch]
        tags: dict[int, list[str]] = {}
        for cid, tid in db.session.execute(
            select(ThemeTag.contribution_id, ThemeTag.theme_id).where(ThemeTag.contribution_id.in_(ids))
        ):
            if tid in theme_names:
                tags.setdefault(cid, []).append(theme_names[tid])
        for r in batch:
            public = r.moderation == "approved" and r.consent_publish
            yield [
                r.id,
                str(SOURCE_KINDS.get(r.source_kind, r.source_kind)),
                translated(areas.get(r.area_id)),
                LANGUAGES.get(r.language, r.language),
                str(STATUSES.get(r.status, r.status)),
                str(MODERATION_STATES.get(r.moderation, r.moderation)),
                "; ".join(tags.get(r.id, [])),
                r.created_at.date().isoformat(),
                url_for("contributions.contribution_page", ident=r.id, _external=True) if public else "",
                url_for("inbox.detail", ident=r.id, _external=True),
                safe_text("\n".join(filter(None, [r.title, r.body]))),
            ]
        last = ids[-1]


def csv_chunks(summary: Summary) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header())
    for count, row in enumerate(rows(summary), start=1):
        writer.writerow(row)
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def covered_response(summary: Summary, fmt: str) -> Response:
    if fmt == "csv":
        response = Response(stream_with_context(csv_chunks(summary)), mimetype="text/csv; charset=utf-8")
    else:
        chunks = spreadsheet.xlsx_chunks(header(), rows(summary), sheet_name="contributions")
        response = Response(
            stream_with_context(chunks),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="summary-{summary.id}-contributions.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
