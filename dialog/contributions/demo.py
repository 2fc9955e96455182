"""Demo ideas for the Norra Hisingen demo data (some answered, one waiting for moderation)."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..extensions import db
from . import operations as ops

#: (area slug, topic slug, language, title, body, place, publish, answer {lang: text} or None, status)
DEMO_IDEAS = [
    (
        "brunnsbo",
        "living-environment",
        "sv",
        "Odlingslådor vid torget",
        "Vi vill ha odlingslådor vid Brunnsbo torg där barn och äldre kan odla tillsammans.",
        "Brunnsbo torg",
        True,
        {
            "sv": "Tack! Vi bygger sex odlingslådor tillsammans med Mötesplatsen i maj.",
            "en": "Thank you! We will build six planting boxes with the meeting place in May.",
        },
        "planned",
    ),
    (
        "backa",
        "safety",
        "ar",
        "إضاءة أفضل في الممر",
        "الممر بين المدرسة والمكتبة مظلم في الشتاء. نريد مصابيح أكثر.",
        "الممر إلى مكتبة باكا",
        True,
        {
            "sv": "Vi har bett fastighetsägaren om fler lampor. Svar kommer i december.",
            "ar": "طلبنا من مالك العقار تركيب مصابيح أكثر. سيأتي الرد في ديسمبر.",
        },
        "in_progress",
    ),
    (
        "karra",
        "work",
        "sv",
        "Läxhjälp på biblioteket",
        "Många ungdomar i Kärra behöver läxhjälp på kvällarna. Kan biblioteket ha öppet längre?",
        None,
        True,
        None,
        "looking",
    ),
    (
        "tuve",
        "school-years",
        "so",
        "Ciyaaraha carruurta",
        "Waxaan rabnaa goob ciyaareed cusub oo ku taal dugsiga agtiisa.",
        None,
        True,
        None,
        "with_group",
    ),
    (
        "selma-stad",
        "participation-trust",
        "fa",
        "جلسه‌های محله",
        "لطفاً جلسه‌های بیشتری به زبان‌های مختلف برگزار کنید تا همه بتوانند شرکت کنند.",
        None,
        False,
        None,
        "with_group",
    ),
]


def load_demo_ideas() -> None:
    staff = db.session.scalars(select(User).where(User.email == "lead@demo.dialog")).first()
    areas = {a.slug: a for a in db.session.scalars(select(Area))}
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    for area, topic, language, title, body, place, publish, answer, status in DEMO_IDEAS:
        contribution = ops.create_contribution(
            source_kind="idea",
            area=areas[area],
            topics=[topics[topic]],
            title=title,
            body=body,
            place=place,
            language=language,
            consent_publish=publish,
            consent_quote=publish,
        )
        if publish:
            contribution.moderation = "approved"
            ops.log_event(contribution, "moderation", staff, internal=True, old="pending", new="approved")
        if answer:
            group = contribution.routes[0].theme_group if contribution.routes else None
            ops.answer(contribution, body=answer, status=status, actor=staff, group=group)
        elif status != contribution.status:
            ops.set_status(contribution, status, staff)
    db.session.flush()
