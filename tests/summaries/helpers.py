"""Shared set-up for the summaries tests: a district, a theme group and input in five languages."""

from __future__ import annotations

from dialog.contributions.operations import create_contribution
from dialog.extensions import db
from dialog.moderation.operations import approve
from dialog.summaries import operations
from dialog.summaries.drafting import write_draft

TEXTS = [
    ("sv", "Det är mörkt på vägen hem från bussen. Gatubelysningen är trasig sedan i vintras.", True),
    ("ar", "الطريق إلى البيت مظلم في الليل. نحتاج إلى إضاءة أفضل قرب المدرسة.", True),
    ("so", "Waddada guriga waa mugdi habeenkii. Iftiin dheeraad ah ayaa loo baahan yahay.", False),
    ("fa", "راه خانه شب تاریک است. چراغ‌های خیابان خاموش هستند.", True),
    ("sv", "Lekplatsen i parken behöver nya gungor och mer grönska.", True),
    ("en", "The playground in the park needs new swings.", False),
]


def build(factories, *, with_email=True):
    district = factories.area("nh", name={"sv": "Norra Hisingen", "ar": "شمال هيسينغن"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa", "ar": "باكا"})
    karra = factories.area("karra", parent=district, name={"sv": "Kärra"})
    safety = factories.topic("safety", name={"sv": "Trygghet", "en": "Safety"})
    work = factories.topic("work", name={"sv": "Arbete", "en": "Work"})
    lead = factories.staff(email="lead@example.org", language="en")
    outsider = factories.staff(email="outsider@example.org", language="en")
    resident = factories.user(email="resident@example.org", language="en")
    group = factories.group(
        "trygg",
        areas=[district],
        topics=[safety],
        district=district,
        members=[(lead, "lead")],
        name={"sv": "Trygg i Norra Hisingen", "ar": "آمن في شمال هيسينغن"},
    )
    other = factories.group("other", areas=[district], topics=[work], district=district, members=[(outsider, "member")])
    contributions = []
    for i, (language, body, quote) in enumerate(TEXTS):
        c = create_contribution(
            source_kind="idea",
            area=backa if i % 2 == 0 else karra,
            body=body,
            language=language,
            topics=[safety],
            title=None,
            # The Arabic and Somali authors wrote without an account: their e-mail follows the text's language.
            author=None if i in (1, 2) else resident,
            consent_publish=True,
            consent_quote=quote,
            consent_contact=with_email and i < 3,
            contact_email=f"author{i}@example.org" if with_email and i < 3 else None,
        )
        if c.moderation == "pending":
            approve(c, lead)
        contributions.append(c)
    outside = create_contribution(
        source_kind="idea", area=backa, body="Fler sommarjobb för unga.", language="sv", topics=[work], author=resident
    )
    operations.ensure_vocabulary()
    db.session.commit()
    return locals()


def draft(place, **settings) -> object:
    summary = operations.create_summary(
        operations.SummarySettings(
            theme_group=place["group"],
            title={"sv": "Vi hörde – vi gör: tryggare vägar hem", "ar": "سمعنا – نفعل"},
            languages=["sv", "ar"],
            **settings,
        ),
        place["lead"],
    )
    db.session.commit()
    write_draft(summary.id)
    db.session.expire_all()
    return summary
