"""Telling the people who spoke: an e-mail to each covered contributor who asked for feedback,
in their language, with links to the summary and their own contribution; once per summary."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from ..contributions.models import Contribution
from ..contributions.receipts import format_receipt_code
from ..core.mail import send_email
from ..extensions import db
from ..i18n import LANGUAGES, translated
from ..notifications.operations import author_address, has_opted_out, unsubscribe_link
from .models import Summary, SummaryCitation, SummaryDelivery, SummarySentence

BATCH = 500


def covered_ids_query(summary_id: int):
    return (
        select(SummaryCitation.contribution_id)
        .join(SummarySentence, SummarySentence.id == SummaryCitation.sentence_id)
        .where(SummarySentence.summary_id == summary_id, SummaryCitation.contribution_id.is_not(None))
        .distinct()
    )


def send_summary_feedback(summary_id: int) -> int:
    """The job: e-mail every covered author who agreed to be contacted and was not told yet."""
    summary = db.session.get(Summary, summary_id)
    if summary is None or not summary.is_published:
        return 0
    told = select(SummaryDelivery.contribution_id).where(SummaryDelivery.summary_id == summary_id)
    query = (
        select(Contribution)
        .where(
            Contribution.id.in_(covered_ids_query(summary_id)),
            Contribution.consent_contact.is_(True),
            Contribution.id.not_in(told),
        )
        .options(selectinload(Contribution.author))
        .order_by(Contribution.id)
    )
    sent = 0
    for contribution in db.session.scalars(query).all():
        address = author_address(contribution)
        if address and not has_opted_out(address, "status"):
            _send(summary, contribution, address)
            sent += 1
        # Recorded either way, so a retry after a failure further on does not send twice.
        db.session.execute(insert(SummaryDelivery).values(summary_id=summary_id, contribution_id=contribution.id))
        db.session.commit()
    return sent


def language_for(contribution: Contribution) -> str:
    if contribution.author is not None and contribution.author.language in LANGUAGES:
        return contribution.author.language
    return contribution.language if contribution.language in LANGUAGES else "sv"


def _send(summary: Summary, contribution: Contribution, address: str) -> None:
    language = language_for(contribution)
    with force_locale(language):
        summary_link = url_for("summaries.summary_page", ident=summary.id, _external=True)
        own_link = url_for("contributions.follow", code=format_receipt_code(contribution.receipt_code), _external=True)
        unsubscribe, headers = unsubscribe_link(address, "status")
        body = render_template(
            "summaries/email/feedback.txt",
            title=translated(summary.title, language),
            group=translated(summary.theme_group.name, language),
            summary_link=summary_link,
            own_link=own_link,
            code=format_receipt_code(contribution.receipt_code),
            unsubscribe=unsubscribe,
        )
        send_email(address, _("We heard you – this is what we do"), body, headers=headers)
