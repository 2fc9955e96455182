"""Demo: an Idésluss for social sustainability in the spirit of Lundby's (seeds/003): a spring
round that is over (nine actors at meeting 1, seven at meeting 2 — four returning, three new —
and two collaborations, one matching the right person to the right placement, one a local
volunteer sluice), and this season's round: meeting 1 held, meeting 2 coming, seven
organisations with ideas, needs and resources in Swedish and Arabic, suggestions computed,
some pairs confirmed and a schedule solved."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..core.models import utcnow
from ..extensions import db
from ..organisations.models import Organisation
from ..themegroups.models import ThemeGroup
from . import conversations as placing
from . import operations as ops
from . import suggestions as scoring
from .models import (
    MatchAttendance,
    MatchCollaboration,
    MatchFollowUp,
    MatchItem,
    MatchMeeting,
    MatchParticipant,
    MatchRound,
    MatchSuggestion,
    MatchTag,
)

TAGS = {
    "praktik": {"sv": "praktik", "en": "work placement", "ar": "تدريب عملي", "so": "tababar shaqo", "fa": "کارآموزی"},
    "mentor": {"sv": "mentor", "en": "mentor", "ar": "مرشد", "so": "lataliye", "fa": "منتور"},
    "volontar": {"sv": "volontär", "en": "volunteer", "ar": "متطوع", "so": "tabarruce", "fa": "داوطلب"},
    "lokal": {"sv": "lokal", "en": "premises", "ar": "قاعة", "so": "goob kulan", "fa": "سالن"},
    "laxhjalp": {
        "sv": "läxhjälp",
        "en": "homework help",
        "ar": "مساعدة في الواجبات",
        "so": "caawin casharro",
        "fa": "کمک درسی",
    },
    "svenska": {
        "sv": "svenska",
        "en": "Swedish language",
        "ar": "اللغة السويدية",
        "so": "af iswiidhish",
        "fa": "زبان سوئدی",
    },
    "jobb": {"sv": "jobb", "en": "jobs", "ar": "عمل", "so": "shaqo", "fa": "شغل"},
    "ungdomar": {"sv": "ungdomar", "en": "young people", "ar": "الشباب", "so": "dhallinyaro", "fa": "جوانان"},
    "fritid": {"sv": "fritid", "en": "leisure", "ar": "أنشطة ترفيهية", "so": "waqti firaaqo", "fa": "اوقات فراغت"},
    "boende": {"sv": "boende", "en": "housing", "ar": "سكن", "so": "hoy", "fa": "مسکن"},
    "validering": {
        "sv": "validering",
        "en": "validation of skills",
        "ar": "تقييم المهارات",
        "so": "qiimeyn xirfadeed",
        "fa": "ارزیابی مهارت",
    },
    "studiebesok": {
        "sv": "studiebesök",
        "en": "study visit",
        "ar": "زيارة دراسية",
        "so": "booqasho waxbarasho",
        "fa": "بازدید آموزشی",
    },
}

#: (name, kind, description in Swedish, language its representative writes in)
ORGANISATIONS = [
    ("Mötesplats Backa Brunnsbo", "association", None, "sv"),
    ("Backa i Fokus", "municipal_project", None, "sv"),
    ("Flyktinghjälp Hisingen", "association", "Nätverk av frivilliga som stöttar nyanlända.", "sv"),
    ("Rörläggarna i Backa AB", "company", "VVS-företag med tolv anställda i Backa.", "sv"),
    ("Föreningen Al-Amal", "association", "Kultur- och läxhjälpsförening för arabisktalande familjer.", "ar"),
    ("Backa församling", "faith_community", "Svenska kyrkan i Backa, med öppet hus och språkcafé.", "sv"),
    ("Arbetsförmedlingen Hisingen", "authority", "Statlig myndighet: matchning till jobb och praktik.", "sv"),
    ("Polisen Hisingen", None, None, "sv"),
    ("Hisingens IK", "association", "Idrottsförening med fotboll och innebandy för unga.", "sv"),
    ("Fastighets AB Backahus", "company", "Hyresvärd med 900 lägenheter i Backa.", "sv"),
    ("Studieförbundet i Backa", "association", "Studiecirklar och kurser i svenska och samhälle.", "sv"),
    ("Jobbsteget", "municipal_project", "Kommunalt EU-projekt för unga vuxna på väg till arbete.", "sv"),
]
SPRING_MEETING_1 = ORGANISATIONS[:4] + ORGANISATIONS[7:]  # nine actors
SPRING_MEETING_2 = ORGANISATIONS[:4] + ORGANISATIONS[4:7]  # four returning, three new

#: This season's items: (organisation, kind, title, text, language, tags)
ITEMS = [
    (
        "Mötesplats Backa Brunnsbo",
        "need",
        "Volontärer till läxhjälpen",
        "Vi behöver fler volontärer som kan hjälpa barn och ungdomar med läxor två kvällar i veckan.",
        "sv",
        ("volontar", "laxhjalp", "ungdomar"),
    ),
    (
        "Mötesplats Backa Brunnsbo",
        "resource",
        "Lokal på kvällar och helger",
        "Vår lokal vid torget står ledig på kvällar och helger och kan lånas av föreningar.",
        "sv",
        ("lokal",),
    ),
    (
        "Backa i Fokus",
        "idea",
        "Lokal volontärsluss",
        "En volontärsluss i Backa där nya volontärer börjar med studiebesök hos alla deltagare och sedan matchas"
        " med en förening.",
        "sv",
        ("volontar", "studiebesok"),
    ),
    (
        "Flyktinghjälp Hisingen",
        "need",
        "Praktikplatser för nyanlända",
        "Flera av dem vi stöttar har yrkeserfarenhet men behöver praktik och validering för att komma in på"
        " arbetsmarknaden.",
        "sv",
        ("praktik", "validering", "jobb"),
    ),
    (
        "Flyktinghjälp Hisingen",
        "resource",
        "Mentorer med yrkeserfarenhet",
        "Vi har tjugo frivilliga mentorer som kan följa en ung person under ett halvår.",
        "sv",
        ("mentor",),
    ),
    (
        "Rörläggarna i Backa AB",
        "resource",
        "Praktik inom VVS",
        "Vi kan ta emot två praktikanter per termin och låta dem följa våra montörer ute på jobb.",
        "sv",
        ("praktik", "jobb"),
    ),
    (
        "Rörläggarna i Backa AB",
        "need",
        "Svenska på arbetsplatsen",
        "Våra nyanställda behöver träna svenska för jobbet, gärna i ett språkcafé efter arbetstid.",
        "sv",
        ("svenska", "jobb"),
    ),
    (
        "Föreningen Al-Amal",
        "resource",
        "مساعدة في الواجبات باللغة العربية",
        "لدينا متطوعون يقدمون مساعدة في الواجبات للأطفال والشباب باللغتين العربية والسويدية كل أسبوع.",
        "ar",
        ("laxhjalp", "volontar", "ungdomar"),
    ),
    (
        "Föreningen Al-Amal",
        "need",
        "قاعة للأنشطة",
        "نحتاج إلى قاعة للأنشطة مساء يوم السبت للأطفال والعائلات.",
        "ar",
        ("lokal", "fritid"),
    ),
    (
        "Föreningen Al-Amal",
        "need",
        "تدريب عملي للشباب",
        "كثير من الشباب في جمعيتنا يبحثون عن تدريب عملي ومرشد يساعدهم في دخول سوق العمل.",
        "ar",
        ("praktik", "mentor", "ungdomar"),
    ),
    (
        "Backa församling",
        "resource",
        "Språkcafé varje torsdag",
        "I vårt språkcafé tränar vi svenska tillsammans, med fika och volontärer som samtalsledare.",
        "sv",
        ("svenska", "volontar"),
    ),
    (
        "Arbetsförmedlingen Hisingen",
        "resource",
        "Validering och matchning",
        "Vi kan göra validering av yrkeskunskaper och stödja arbetsgivare som tar emot praktikanter.",
        "sv",
        ("validering", "praktik", "jobb"),
    ),
    (
        "Arbetsförmedlingen Hisingen",
        "idea",
        "Rätt person till rätt plats",
        "Tillsammans matcha rätt individ med rätt plats utifrån intresse, kompetens och utbildning: mentorskap,"
        " volontärer och praktik.",
        "sv",
        ("mentor", "volontar", "praktik"),
    ),
]


def _t(sv: str, en: str, ar: str, so: str, fa: str) -> dict:
    return {"sv": sv, "en": en, "ar": ar, "so": so, "fa": fa}


def _at(day: datetime, hour: int) -> datetime:
    return datetime.combine(day.date(), time(hour, 0), tzinfo=UTC)


def _organisations() -> dict[str, Organisation]:
    found = {o.name: o for o in db.session.scalars(select(Organisation))}
    for name, kind, description, _language in ORGANISATIONS:
        if name not in found:
            found[name] = Organisation(name=name, kind=kind or "association", description={"sv": description or ""})
            db.session.add(found[name])
        found[name].is_verified = True
    db.session.flush()
    return found


def _round(area: Area, topic: Topic | None, group: ThemeGroup | None, title: dict, state: str, starts) -> MatchRound:
    match_round = MatchRound(
        area=area,
        title=title,
        purpose=_t(
            "Samla idéer, kunskap och engagemang för att förbättra situationen för nyanlända och unga: boende,"
            " utbildning, praktik, sysselsättning och fritid.",
            "Gather ideas, knowledge and commitment to improve things for newcomers and young people: housing,"
            " education, work placements, jobs and leisure.",
            "جمع الأفكار والمعرفة والالتزام لتحسين وضع القادمين الجدد والشباب: السكن والتعليم والتدريب العملي والعمل"
            " والأنشطة الترفيهية.",
            "Isu keenista fikradaha, aqoonta iyo dadaalka si loo hagaajiyo xaaladda dadka cusub iyo dhallinyarada.",
            "گردآوری ایده‌ها، دانش و تعهد برای بهبود وضعیت تازه‌واردان و جوانان: مسکن، آموزش، کارآموزی، شغل و"
            " اوقات فراغت.",
        ),
        invitation=_t(
            "Välkommen till Idéslussen! Vid första mötet berättar varje organisation om sina idéer, behov och"
            " resurser. Vid andra mötet formulerar vi aktiviteter och matchar er med varandra.",
            "Welcome to the Idea Sluice! At the first meeting each organisation tells about its ideas, needs and"
            " resources. At the second we form activities and match you with each other.",
            "مرحباً بكم في منتدى الأفكار! في اللقاء الأول تعرض كل منظمة أفكارها واحتياجاتها ومواردها. وفي اللقاء"
            " الثاني نصوغ الأنشطة ونربطكم ببعضكم.",
            "Ku soo dhawoow Idéslussen! Kulanka koowaad urur kastaa wuxuu ka warramaa fikradihiisa, baahiyihiisa iyo"
            " kheyraadkiisa. Kulanka labaad waxaan samaynaa hawlo oo idin isku xirnaa.",
            "به ایده‌سلوس خوش آمدید! در جلسهٔ اول هر سازمان ایده‌ها، نیازها و منابع خود را می‌گوید. در جلسهٔ دوم"
            " فعالیت‌ها را شکل می‌دهیم و شما را با هم جفت می‌کنیم.",
        ),
        promise=_t(
            "Vi skickar ett personligt tack efter varje möte och följer upp varje samarbete efter tre och sex månader.",
            "We send a personal thank-you after each meeting and follow up every collaboration after three and six"
            " months.",
            "نرسل شكراً شخصياً بعد كل لقاء ونتابع كل تعاون بعد ثلاثة وستة أشهر.",
            "Waxaan dirnaa mahadnaq shakhsi ah kulan kasta kadib, waxaanan la socnaa iskaashi kasta saddex iyo lix"
            " bilood kadib.",
            "پس از هر جلسه یک تشکر شخصی می‌فرستیم و هر همکاری را پس از سه و شش ماه پیگیری می‌کنیم.",
        ),
        participation_level="co_creation",
        state=state,
        registration_opens=(starts - timedelta(days=30)).date(),
        registration_closes=(starts + timedelta(days=33)).date(),
        answers_close=(starts + timedelta(days=33)).date(),
        slot_minutes=20,
        slot_count=4,
        table_count=3,
        topics=[topic] if topic else [],
        theme_groups=[group] if group else [],
    )
    db.session.add(match_round)
    for n, day in enumerate((starts, starts + timedelta(days=35))):
        db.session.add(
            MatchMeeting(
                round=match_round,
                starts_at=_at(day, 16),
                ends_at=_at(day, 19),
                place="Backa bibliotek, Selma Center" if n == 0 else "Stadsdelskontoret, Backa torg",
                accessibility=_t(
                    "Entré utan trappsteg, hörslinga, tolk på arabiska.",
                    "Step-free entrance, hearing loop, Arabic interpreter.",
                    "مدخل بدون درج، حلقة سمعية، مترجم للغة العربية.",
                    "Albaab aan jaranjaro lahayn, wareeg maqal, turjumaan Carabi ah.",
                    "ورودی بدون پله، حلقهٔ شنوایی، مترجم عربی.",
                ),
                languages=["sv", "ar"],
            )
        )
    db.session.flush()
    db.session.refresh(match_round, ["meetings"])
    return match_round


def load_demo_matchmaking() -> None:
    """Two rounds in Backa: last spring's (over, followed up) and this season's (matching soon)."""
    district = db.session.scalars(select(Area).where(Area.parent_id.is_(None)).order_by(Area.id)).first()
    backa = db.session.scalars(select(Area).where(Area.slug == "backa")).first() or district
    topic = (
        db.session.scalars(select(Topic).where(Topic.slug == "work")).first()
        or db.session.scalars(select(Topic).order_by(Topic.position)).first()
    )
    group = db.session.scalars(
        select(ThemeGroup).where(ThemeGroup.is_fallback.is_(False)).order_by(ThemeGroup.id)
    ).first()
    staff = db.session.scalars(select(User).where(User.email == "staff@demo.dialog")).first()
    for slug, name in TAGS.items():
        db.session.add(MatchTag(area_id=district.id, slug=slug, name=name))
    organisations = _organisations()
    ar_rep = db.session.scalars(select(User).where(User.email == "resident@demo.dialog")).first()
    if ar_rep is not None and ar_rep not in organisations["Föreningen Al-Amal"].representatives:
        organisations["Föreningen Al-Amal"].representatives.append(ar_rep)
        ar_rep.roles = ar_rep.roles | {"organisation"}
    now = utcnow()

    spring = _round(
        backa,
        topic,
        group,
        _t(
            "Idésluss för social hållbarhet – våren",
            "Idea Sluice for social sustainability – spring",
            "منتدى الأفكار للاستدامة الاجتماعية – الربيع",
            "Idéslussen ee waarta bulshada – gu'ga",
            "ایده‌سلوس برای پایداری اجتماعی – بهار",
        ),
        "closed",
        now - timedelta(days=240),
    )
    for name, *_rest in {o[0]: o for o in SPRING_MEETING_1 + SPRING_MEETING_2}.values():
        db.session.add(MatchParticipant(round=spring, organisation=organisations[name]))
    for meeting, present in zip(spring.meetings, (SPRING_MEETING_1, SPRING_MEETING_2), strict=True):
        for name, *_rest in present:
            db.session.add(MatchAttendance(meeting_id=meeting.id, organisation_id=organisations[name].id))
    db.session.flush()
    _spring_collaborations(spring, organisations, staff)

    current = _round(
        backa,
        topic,
        group,
        _t(
            "Idésluss för social hållbarhet – vintern",
            "Idea Sluice for social sustainability – winter",
            "منتدى الأفكار للاستدامة الاجتماعية – الشتاء",
            "Idéslussen ee waarta bulshada – jiilaalka",
            "ایده‌سلوس برای پایداری اجتماعی – زمستان",
        ),
        "open",
        now - timedelta(days=14),
    )
    for name, *_rest in SPRING_MEETING_2:
        db.session.add(MatchParticipant(round=current, organisation=organisations[name]))
        db.session.add(MatchAttendance(meeting_id=current.meetings[0].id, organisation_id=organisations[name].id))
    tags = {t.slug: t for t in db.session.scalars(select(MatchTag).where(MatchTag.area_id == district.id))}
    for name, kind, title, body, language, slugs in ITEMS:
        db.session.add(
            MatchItem(
                round_id=current.id,
                organisation_id=organisations[name].id,
                kind=kind,
                title=title,
                body=body,
                language=language,
                tags=[tags[s] for s in slugs],
            )
        )
    db.session.flush()
    job = ops.start_suggestions(current)
    db.session.flush()
    items, tag_names = ops._scoring_items(current)
    ops.store_suggestions(current, scoring.suggest(items, tag_names, ops._history(current)))
    job.state, job.done, job.total, job.finished_at = "done", 4, 4, utcnow()
    # The strongest pairs: both sides said "want to meet" already.
    best = db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.round_id == current.id).order_by(MatchSuggestion.score.desc())
    ).all()
    idea = next(i for i in items if i.title == "Rätt person till rätt plats")
    around_idea = [s for s in best if idea.id in (s.item_a_id, s.item_b_id)][:3]
    for suggestion in best[:5] + around_idea:
        suggestion.answer_a = suggestion.answer_b = "yes"
        suggestion.state = "confirmed"
    db.session.flush()
    placing.build_conversations(current)
    placing.solve_schedule(current, time_limit=2)


def _spring_collaborations(spring: MatchRound, organisations: dict, staff) -> None:
    meeting = spring.meetings[1]
    specs = [
        (
            ["Arbetsförmedlingen Hisingen", "Rörläggarna i Backa AB", "Flyktinghjälp Hisingen"],
            "placement",
            "Matcha rätt individ med rätt plats utifrån intresse, kompetens och utbildning: mentorskap, volontärer"
            " och praktik.",
            "Två praktikplatser i VVS i höst",
            ("work_started", "agreement"),
        ),
        (
            ["Backa i Fokus", "Mötesplats Backa Brunnsbo", "Backa församling", "Föreningen Al-Amal"],
            "volunteering",
            "En lokalt förankrad volontärsluss som börjar med gemensamma studiebesök hos deltagarna för att lära"
            " känna varandra.",
            "Första studiebesöket på Mötesplatsen",
            ("contact", None),
        ),
    ]
    for names, form, activity, next_step, outcomes in specs:
        collaboration = MatchCollaboration(
            round_id=spring.id,
            activity=activity,
            form=form,
            contact_name="Emma Edvardsson",
            contact_email="emma@demo.dialog",
            next_step=next_step,
            next_step_on=(meeting.starts_at + timedelta(days=30)).date(),
            is_public=True,
            language="sv",
            created_by_id=staff.id if staff else None,
            organisations=[organisations[n] for n in names],
        )
        for months, outcome in zip((3, 6), outcomes, strict=True):
            collaboration.follow_ups.append(
                MatchFollowUp(
                    months=months,
                    due_on=(meeting.starts_at + timedelta(days=30 * months)).date(),
                    sent_at=meeting.starts_at + timedelta(days=30 * months),
                    outcome=outcome,
                    answered_at=meeting.starts_at + timedelta(days=30 * months + 2) if outcome else None,
                )
            )
        db.session.add(collaboration)
    db.session.flush()
