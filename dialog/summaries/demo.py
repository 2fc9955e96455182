"""Demo input about the way home in the dark, in four languages, and one published
"Vi hörde – vi gör" for Trygg i Norra Hisingen, so ``make run`` shows the whole loop."""

from __future__ import annotations

from sqlalchemy import func, select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..contributions import operations as contribution_ops
from ..contributions.models import Contribution
from ..extensions import db
from ..themegroups.models import ThemeGroup
from . import operations
from .drafting import write_draft
from .models import Summary

#: (area slug, language, title, body, consent to quote, the demo account that wrote it or None)
DEMO_INPUT = [
    (
        "backa",
        "sv",
        "Mörkt vid busshållplatsen",
        "Det är mörkt vid busshållplatsen på kvällen. Belysningen behöver lagas.",
        True,
        None,
    ),
    (
        "backa",
        "ar",
        "الطريق إلى البيت مظلم",
        "الطريق من محطة الترام إلى البيت مظلم في الشتاء. أخاف أن أمشي وحدي بعد الساعة السادسة.",
        True,
        "resident@demo.dialog",
    ),
    (
        "karra",
        "so",
        "Iftiin la'aan",
        "Waddada u dhaxaysa dugsiga iyo guriga waa mugdi. Iftiin ayaan u baahanahay.",
        False,
        None,
    ),
    ("brunnsbo", "fa", "چراغ‌های خاموش", "چراغ‌های پارک شب‌ها خاموش هستند و راه خانه تاریک است.", True, None),
    (
        "backa",
        "sv",
        "Fler vuxna ute",
        "Det skulle kännas tryggare med fler vuxna ute på kvällarna, till exempel nattvandrare.",
        True,
        None,
    ),
]


def load_demo_summaries() -> bool:
    """Create the demo input and the published summary once; return True if anything was made."""
    if db.session.scalar(select(func.count()).select_from(Summary)):
        return False
    operations.ensure_vocabulary()
    group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == "trygg-i-norra-hisingen")).first()
    lead = db.session.scalars(select(User).where(User.email == "lead@demo.dialog")).first()
    safety = db.session.scalars(select(Topic).where(Topic.slug == "safety")).first()
    if group is None or lead is None or safety is None:
        return False
    areas = {a.slug: a for a in db.session.scalars(select(Area))}
    for area_slug, language, title, body, quote, email in DEMO_INPUT:
        author = db.session.scalars(select(User).where(User.email == email)).first() if email else None
        contribution = contribution_ops.create_contribution(
            source_kind="idea",
            area=areas[area_slug],
            topics=[safety],
            title=title,
            body=body,
            language=language,
            author=author,
            consent_publish=True,
            consent_quote=quote,
            consent_contact=author is not None,
        )
        if contribution.moderation != "approved":
            contribution.moderation = "approved"
            contribution_ops.log_event(contribution, "moderation", lead, internal=True, old="pending", new="approved")
    summary = operations.create_summary(
        operations.SummarySettings(
            theme_group=group,
            title={
                "sv": "Vi hörde – vi gör: tryggare väg hem",
                "en": "We heard – we do: a safer way home",
                "ar": "سمعنا – سنفعل: طريق أكثر أمانًا إلى البيت",
                "so": "Waan maqalnay – waan samaynaynaa: jid badbaado leh oo guriga ah",
                "fa": "شنیدیم – انجام می‌دهیم: راه امن‌تر به خانه",
            },
            languages=["sv", "ar"],
        ),
        lead,
    )
    db.session.commit()
    write_draft(summary.id)
    summary = db.session.get(Summary, summary.id)
    titles = [row[2] for row in DEMO_INPUT[:4]] + ["إضاءة أفضل في الممر"]
    lighting = list(db.session.scalars(select(Contribution.id).where(Contribution.title.in_(titles))))
    operations.save_sentences(
        summary,
        [
            operations.SentenceEdit(
                None,
                {
                    "sv": (
                        "Vi har bett fastighetsägarna och trafikkontoret laga belysningen "
                        "på de platser ni nämner före december."
                    ),
                    "ar": "طلبنا من مالكي العقارات ومكتب المرور إصلاح الإضاءة في الأماكن التي ذكرتموها قبل ديسمبر.",
                },
                ", ".join(str(i) for i in lighting),
            )
        ],
        lead,
    )
    operations.publish(summary, lead)
    db.session.commit()
    return True
