"""Who gets told what: authors when their contribution changes, members in a daily digest.

``notify_author`` is called by views *after* their commit; it only queues. The job functions
(``send_author_notification``, ``send_daily_digest``) load fresh data and send.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..contributions.models import STATUSES, Contribution, ContributionRoute
from ..core.mail import send_email
from ..core.models import utcnow
from ..extensions import db
from ..i18n import LANGUAGES, translated, translated_language
from ..themegroups.models import ThemeGroup, ThemeGroupMember
from .jobs import enqueue
from .models import EmailOptOut

OPT_OUT_KINDS = ("all", "status", "digest")


def notify_author(contribution_id: int, event: str) -> None:
    """Queue an e-mail to the author about ``event`` ("status" or "answered")."""
    enqueue("notify_author", contribution_id, event)


def queue_daily_digest() -> None:
    enqueue("daily_digest")


# --- Unsubscribe ---------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(email: str, kind: str) -> str:
    return _serializer().dumps({"e": email.lower(), "k": kind})


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in OPT_OUT_KINDS or not data.get("e"):
        return None
    return data["e"], data["k"]


def opt_out(email: str, kind: str) -> None:
    if db.session.get(EmailOptOut, (email, kind)) is None:
        db.session.add(EmailOptOut(email=email, kind=kind))
        db.session.flush()


def has_opted_out(email: str, kind: str) -> bool:
    return (
        db.session.scalar(
            select(EmailOptOut.email).where(EmailOptOut.email == email.lower(), EmailOptOut.kind.in_((kind, "all")))
        )
        is not None
    )


def _unsubscribe_headers(email: str, kind: str) -> tuple[str, dict[str, str]]:
    link = url_for("notifications.unsubscribe", token=unsubscribe_token(email, kind), _external=True)
    # RFC 8058: mail clients can offer a one-click "unsubscribe" button.
    return link, {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


#: The unsubscribe link and headers, for other domains' e-mails (summaries).
unsubscribe_link = _unsubscribe_headers


# --- Jobs ------------------------------------------------------------------------------------


def author_address(contribution: Contribution) -> str | None:
    """The address to tell, only if the author agreed to be contacted."""
    if not contribution.consent_contact:
        return None
    if contribution.contact_email:
        return contribution.contact_email
    if contribution.author is not None:
        return contribution.author.email
    return None


def send_author_notification(contribution_id: int, event: str) -> bool:
    """Send the status/answer e-mail. Return False when there is nobody to tell."""
    contribution = db.session.scalars(
        select(Contribution)
        .where(Contribution.id == contribution_id)
        .options(selectinload(Contribution.answer), selectinload(Contribution.author))
    ).first()
    if contribution is None:
        return False
    address = author_address(contribution)
    if not address or has_opted_out(address, "status"):
        return False
    language = contribution.language if contribution.language in LANGUAGES else "sv"
    if contribution.author is not None and contribution.author.language in LANGUAGES:
        language = contribution.author.language
    with force_locale(language):
        link = url_for("contributions.follow", code=contribution.display_receipt_code, _external=True)
        unsubscribe, headers = _unsubscribe_headers(address, "status")
        answer = translated(contribution.answer.body, language) if contribution.answer else ""
        subject = _("Your idea has been answered") if event == "answered" else _("News about your idea")
        body = render_template(
            "notifications/email/author.txt",
            contribution=contribution,
            status=str(STATUSES[contribution.status]),
            answer=answer,
            answer_language=translated_language(contribution.answer.body, language) if contribution.answer else None,
            event=event,
            link=link,
            unsubscribe=unsubscribe,
        )
        send_email(address, subject, body, headers=headers)
    return True


def send_daily_digest(now=None) -> int:
    """E-mail each member of each active group what reached the group in the last 24 hours."""
    now = now or utcnow()
    since = now - timedelta(hours=24)
    groups = db.session.scalars(
        select(ThemeGroup)
        .where(ThemeGroup.is_active)
        .options(selectinload(ThemeGroup.memberships).selectinload(ThemeGroupMember.user))
        .order_by(ThemeGroup.slug)
    ).all()
    rows = db.session.execute(
        select(ContributionRoute.theme_group_id, Contribution)
        .join(Contribution, Contribution.id == ContributionRoute.contribution_id)
        .where(ContributionRoute.created_at >= since, ContributionRoute.created_at < now)
        .order_by(Contribution.created_at)
    ).all()
    by_group: dict[int, list[Contribution]] = {}
    for group_id, contribution in rows:
        by_group.setdefault(group_id, []).append(contribution)
    sent = 0
    for group in groups:
        items = by_group.get(group.id)
        if not items:
            continue
        for membership in group.memberships:
            user: User = membership.user
            if user.is_blocked or has_opted_out(user.email, "digest"):
                continue
            with force_locale(user.language if user.language in LANGUAGES else "sv"):
                unsubscribe, headers = _unsubscribe_headers(user.email, "digest")
                body = render_template(
                    "notifications/email/digest.txt",
                    user=user,
                    group=group,
                    group_name=translated(group.name, user.language),
                    items=items,
                    inbox=url_for("inbox.group_inbox", slug=group.slug, _external=True),
                    detail=lambda c: url_for("inbox.detail", ident=c.id, _external=True),
                    unsubscribe=unsubscribe,
                )
                send_email(
                    user.email,
                    ngettext(
                        "%(num)d new in %(group)s",
                        "%(num)d new in %(group)s",
                        len(items),
                        group=translated(group.name, user.language),
                    ),
                    body,
                    headers=headers,
                )
            sent += 1
    return sent
