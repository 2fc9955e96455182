"""The Norra Hisingen demo data, from ../shared/seeds/000_* (Jämlikt Norra Hisingen, 2017).

Texts are per-language maps like everything staff write. Loading is idempotent: rows are
matched on their slug or e-mail and left alone when present.
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..extensions import db
from ..organisations.models import Organisation
from ..themegroups.models import ThemeGroup, ThemeGroupMember

DEMO_PASSWORD = "dialog-demo-2026"

#: (email, display name, roles, language)
DEMO_ACCOUNTS = [
    ("admin@demo.dialog", "Åsa Processledare", {"admin", "staff"}, "sv"),
    ("lead@demo.dialog", "Christer Trygghetssamordnare", {"staff"}, "sv"),
    ("staff@demo.dialog", "Margareta Handläggare", {"staff"}, "sv"),
    ("org@demo.dialog", "Samir på Mötesplatsen", {"resident", "organisation"}, "sv"),
    ("resident@demo.dialog", "Amina i Backa", {"resident"}, "ar"),
]

DISTRICT = {
    "slug": "norra-hisingen",
    "name": {
        "sv": "Norra Hisingen",
        "en": "Norra Hisingen",
    },
    "description": {
        "sv": "Stadsdelen i norra Göteborg med Backa, Brunnsbo, Kärra, Rödbo, Selma Stad, Tuve och Säve. Här arbetar vi för en jämlik och socialt hållbar stadsdel.",
        "en": "The district in the north of Gothenburg with Backa, Brunnsbo, Kärra, Rödbo, Selma Stad, Tuve and Säve. Here we work for an equal and socially sustainable district.",
    },
}

NEIGHBOURHOODS = [
    ("backa", {"sv": "Backa", "en": "Backa"},
     {"sv": "Ett av de största bostadsområdena i Norra Hisingen, med familjecentral och folkhögskola.",
      "en": "One of the largest neighbourhoods in Norra Hisingen, with a family centre and a folk high school."}),
    ("brunnsbo", {"sv": "Brunnsbo", "en": "Brunnsbo"},
     {"sv": "Området runt Brunnsbo torg och Mötesplats Backa Brunnsbo.",
      "en": "The area around Brunnsbo square and the Backa Brunnsbo meeting place."}),
    ("karra", {"sv": "Kärra", "en": "Kärra"},
     {"sv": "Villor och flerbostadshus i norr. Här har vi haft flera lyssnande dialogmöten.",
      "en": "Houses and blocks of flats in the north. We have held several listening dialogue meetings here."}),
    ("rodbo", {"sv": "Rödbo", "en": "Rödbo"},
     {"sv": "Landsbygd och små samhällen längs Göta älv.",
      "en": "Countryside and small villages along the Göta river."}),
    ("selma-stad", {"sv": "Selma Stad", "en": "Selma Stad"},
     {"sv": "En ny stadsdel som växer fram i Backa, med Selma Center.",
      "en": "A new neighbourhood growing in Backa, with Selma Center."}),
    ("tuve", {"sv": "Tuve", "en": "Tuve"},
     {"sv": "Bostadsområde med skolor, idrottsplatser och natur nära.",
      "en": "A residential area with schools, sports grounds and nature close by."}),
    ("save", {"sv": "Säve", "en": "Säve"},
     {"sv": "Landsbygd med jordbruk och småorter.",
      "en": "Countryside with farms and small villages."}),
]

TOPICS = [
    ("good-start", {"sv": "En god start i livet", "en": "A good start in life"},
     {"sv": "De tidiga åren: familjer, förskola och tidiga insatser.",
      "en": "The early years: families, preschool and early support."}),
    ("school-years", {"sv": "Skolåren", "en": "School years"},
     {"sv": "Skola, fritid och stöd till barn och unga.",
      "en": "School, leisure and support for children and young people."}),
    ("work", {"sv": "Förutsättningar för arbete", "en": "Work and income"},
     {"sv": "Studier, praktik och vägar till jobb.",
      "en": "Studies, internships and ways into work."}),
    ("living-environment", {"sv": "Hållbar livsmiljö", "en": "Sustainable living environment"},
     {"sv": "Boende, mötesplatser, grönska och hur området fungerar.",
      "en": "Housing, meeting places, green spaces and how the area works."}),
    ("participation-trust", {"sv": "Delaktighet och tillit", "en": "Participation and trust"},
     {"sv": "Att bli lyssnad på, kunna påverka och lita på varandra.",
      "en": "Being listened to, being able to influence and trusting each other."}),
    ("safety", {"sv": "Trygghet", "en": "Safety"},
     {"sv": "Att känna sig trygg hemma, ute och i skolan.",
      "en": "Feeling safe at home, outdoors and at school."}),
]

#: slug, name, question, description, areas (slugs), topics (slugs), contact, fallback
THEME_GROUPS = [
    {
        "slug": "barn-och-unga",
        "name": {"sv": "Barn och Unga", "en": "Children and Young People"},
        "question": {
            "sv": "Hur kan Norra Hisingen bli bra på tidiga upptäckter och tidiga insatser för barn 0–16 år?",
            "en": "How can Norra Hisingen get good at noticing early and helping early, for children aged 0–16?",
        },
        "description": {
            "sv": "Vi har intervjuat nyckelpersoner och haft workshoppar. Det viktigaste är att alla som arbetar med barn och unga samarbetar i stället för att vara olika öar.",
            "en": "We have interviewed key people and held workshops. What matters most is that everyone who works with children and young people works together instead of being separate islands.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["good-start", "school-years"],
        "contact": "barnochunga@demo.dialog",
    },
    {
        "slug": "barnfattigdom",
        "name": {"sv": "Barnfattigdom", "en": "Child Poverty"},
        "question": {
            "sv": "Hur kan vi lindra följderna för barn som växer upp med ont om pengar?",
            "en": "How can we ease the effects for children who grow up with little money?",
        },
        "description": {
            "sv": "Gruppens förslag ingår nu i stadens planer, till exempel att fler barn ska gå i förskolan och stanna där längre.",
            "en": "The group's proposals are now part of the city's plans, for example that more children go to preschool and stay there longer.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["good-start"],
        "contact": "barnfattigdom@demo.dialog",
    },
    {
        "slug": "integration",
        "name": {"sv": "Integration – kommun och civilsamhälle tillsammans", "en": "Integration – the city and civil society together"},
        "question": {
            "sv": "Hur kan kommunen och föreningarna tillsammans stödja dem som är nya i Sverige?",
            "en": "How can the city and local associations together support people who are new to Sweden?",
        },
        "description": {
            "sv": "Vi samordnar kontakter och insatser mellan stadsdelen och civilsamhället kring arbete och stöd till nyanlända.",
            "en": "We coordinate contacts and efforts between the district and civil society on work and support for newcomers.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["work", "participation-trust"],
        "contact": "integration@demo.dialog",
    },
    {
        "slug": "unga-vuxna",
        "name": {"sv": "Unga Vuxna", "en": "Young Adults"},
        "question": {
            "sv": "Hur stärker vi stödet till unga mellan 15 och 24 år, och var finns luckorna?",
            "en": "How do we strengthen support for young people aged 15 to 24, and where are the gaps?",
        },
        "description": {
            "sv": "Fokus på meningsfull sysselsättning, delaktighet i samhället och minskat utanförskap.",
            "en": "Focus on meaningful occupation, taking part in society and less exclusion.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["work", "school-years"],
        "contact": "ungavuxna@demo.dialog",
    },
    {
        "slug": "omradesarbete-brunnsbo",
        "name": {"sv": "Områdesarbete Brunnsbo", "en": "Neighbourhood Work in Brunnsbo"},
        "question": {
            "sv": "Vad är ett levande Brunnsbo för dig?",
            "en": "What does a lively Brunnsbo mean to you?",
        },
        "description": {
            "sv": "Grillning på torget, cykelturer, odlingar och nya aktiviteter för alla åldrar. Att skapa relationer är grunden.",
            "en": "Barbecues on the square, bike rides, gardening and new activities for all ages. Building relationships comes first.",
        },
        "areas": ["brunnsbo"],
        "topics": ["living-environment", "participation-trust", "safety"],
        "contact": "brunnsbo@demo.dialog",
    },
    {
        "slug": "trygg-i-norra-hisingen",
        "name": {"sv": "Trygg i Norra Hisingen", "en": "Safe in Norra Hisingen"},
        "question": {
            "sv": "Vad behövs för att du ska känna dig trygg där du bor?",
            "en": "What do you need to feel safe where you live?",
        },
        "description": {
            "sv": "Vi arbetar tillsammans med polisen. Planen bygger på medborgarenkäten, och lokala trygghetsråd med invånare, föreningar och företag ska starta.",
            "en": "We work together with the police. Our plan is built on the residents' survey, and local safety councils with residents, associations and businesses will start.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["safety"],
        "contact": "trygg@demo.dialog",
    },
    {
        "slug": "jamlikt-norra-hisingen",
        "name": {"sv": "Jämlikt Norra Hisingen", "en": "Equal Norra Hisingen"},
        "question": {
            "sv": "Vart ska ditt förslag? Vi ser till att det kommer till rätt personer.",
            "en": "Where should your idea go? We make sure it reaches the right people.",
        },
        "description": {
            "sv": "Processledningen för Jämlikt Norra Hisingen tar emot allt som ingen annan temagrupp har ansvar för.",
            "en": "The process leaders of Equal Norra Hisingen receive everything that no other theme group is responsible for.",
        },
        "areas": ["norra-hisingen"],
        "topics": [],
        "contact": "jamlikt@demo.dialog",
        "fallback": True,
    },
]

#: group slug → [(account e-mail, role)]
MEMBERSHIPS = {
    "trygg-i-norra-hisingen": [("lead@demo.dialog", "lead"), ("staff@demo.dialog", "member")],
    "omradesarbete-brunnsbo": [("staff@demo.dialog", "lead")],
    "jamlikt-norra-hisingen": [("admin@demo.dialog", "lead")],
}

ORGANISATIONS = [
    ("Mötesplats Backa Brunnsbo", "association", ["backa", "brunnsbo"],
     {"sv": "En öppen mötesplats med linedance, ukuleleträffar och odling.",
      "en": "An open meeting place with line dancing, ukulele meet-ups and gardening."},
     ["org@demo.dialog"]),
    ("Backa i Fokus", "municipal_project", ["backa", "selma-stad"],
     {"sv": "Stadsdelens utvecklingsarbete i Backa, bland annat Selma Center och folkhögskolan.",
      "en": "The district's development work in Backa, including Selma Center and the folk high school."},
     []),
    ("Polisen Hisingen", "authority", ["norra-hisingen"],
     {"sv": "Lokalpolisområde Hisingen, partner i trygghetsarbetet.",
      "en": "The local police area of Hisingen, a partner in the safety work."},
     []),
]


def _one(model, **filters):
    return db.session.scalars(select(model).filter_by(**filters)).first()


def load_demo_data() -> bool:
    """Create whatever demo rows are missing. Return True if anything was created."""
    if _one(Area, slug=DISTRICT["slug"]) is not None:
        return False

    district = Area(slug=DISTRICT["slug"], name=DISTRICT["name"], description=DISTRICT["description"])
    db.session.add(district)
    areas = {district.slug: district}
    for position, (slug, name, description) in enumerate(NEIGHBOURHOODS):
        areas[slug] = Area(slug=slug, name=name, description=description, parent=district, position=position)
        db.session.add(areas[slug])

    topics = {}
    for position, (slug, name, description) in enumerate(TOPICS):
        topics[slug] = Topic(slug=slug, name=name, description=description, position=position)
        db.session.add(topics[slug])

    users = {}
    for email, name, roles, language in DEMO_ACCOUNTS:
        user = User(email=email, display_name=name, language=language, is_verified=True)
        user.set_password(DEMO_PASSWORD)
        user.roles = roles
        users[email] = user
        db.session.add(user)

    for spec in THEME_GROUPS:
        group = ThemeGroup(
            slug=spec["slug"],
            name=spec["name"],
            question=spec["question"],
            description=spec["description"],
            contact_email=spec["contact"],
            district=district,
            is_fallback=spec.get("fallback", False),
            areas=[areas[s] for s in spec["areas"]],
            topics=[topics[s] for s in spec["topics"]],
        )
        db.session.add(group)
        for email, role in MEMBERSHIPS.get(spec["slug"], []):
            group.memberships.append(ThemeGroupMember(user=users[email], role=role))

    for name, kind, area_slugs, description, reps in ORGANISATIONS:
        db.session.add(
            Organisation(
                name=name,
                kind=kind,
                description=description,
                areas=[areas[s] for s in area_slugs],
                representatives=[users[e] for e in reps],
            )
        )
    db.session.flush()
    from ..contributions.demo import load_demo_ideas

    load_demo_ideas()
    return True
