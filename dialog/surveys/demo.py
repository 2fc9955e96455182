"""Demo surveys: the safety survey of "Trygg i Norra Hisingen" (seeds/000_*: "Medborgarenkät
genomförd och analyserad. En plan finns byggd utifrån enkäten.") in five languages with
conditions and some answers, and trust pulses for two areas over three quarters."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..extensions import db
from ..themegroups.models import ThemeGroup
from . import building, definitions
from . import responses as responding
from .models import Survey
from .pulse import create_pulse
from .pulse_standard import PULSE_CODES


def _t(sv, en, ar, so, fa) -> dict:
    return {"sv": sv, "en": en, "ar": ar, "so": so, "fa": fa}


def _options(*rows) -> list[dict]:
    return [{"code": code, "label": label, "is_other": code == "other"} for code, label in rows]


SAFE_LOW = _t("Mycket otrygg", "Very unsafe", "غير آمن إطلاقاً", "Aad ammaan darro", "خیلی ناامن")
SAFE_HIGH = _t("Mycket trygg", "Very safe", "آمن جداً", "Aad ammaan", "خیلی امن")

SAFETY_SURVEY = {
    "sections": [
        {
            "code": "about",
            "condition": None,
            "title": _t(
                "Trygghet där du bor",
                "Safety where you live",
                "الأمان حيث تسكن",
                "Ammaanka meesha aad ku nooshahay",
                "امنیت در محل زندگی‌تان",
            ),
            "intro": _t(
                "Några frågor om hur trygg du känner dig.",
                "A few questions about how safe you feel.",
                "بعض الأسئلة عن مدى شعورك بالأمان.",
                "Dhowr su'aalood oo ku saabsan sida aad ammaan u dareemayso.",
                "چند پرسش دربارهٔ اینکه چقدر احساس امنیت می‌کنید.",
            ),
            "questions": [
                {
                    "code": "safe_day",
                    "kind": "scale",
                    "required": True,
                    "min_value": 1,
                    "max_value": 5,
                    "min_label": SAFE_LOW,
                    "max_label": SAFE_HIGH,
                    "text": _t(
                        "Hur trygg känner du dig i ditt område på dagen?",
                        "How safe do you feel in your neighbourhood during the day?",
                        "ما مدى شعورك بالأمان في منطقتك خلال النهار؟",
                        "Intee in le'eg ayaad ammaan ku dareentaa xaafaddaada maalintii?",
                        "در طول روز در محله‌تان چقدر احساس امنیت می‌کنید؟",
                    ),
                },
                {
                    "code": "safe_evening",
                    "kind": "scale",
                    "required": True,
                    "min_value": 1,
                    "max_value": 5,
                    "min_label": SAFE_LOW,
                    "max_label": SAFE_HIGH,
                    "text": _t(
                        "Hur trygg känner du dig i ditt område på kvällen?",
                        "How safe do you feel in your neighbourhood in the evening?",
                        "ما مدى شعورك بالأمان في منطقتك في المساء؟",
                        "Intee in le'eg ayaad ammaan ku dareentaa xaafaddaada fiidkii?",
                        "عصرها در محله‌تان چقدر احساس امنیت می‌کنید؟",
                    ),
                },
                {
                    "code": "unsafe_places",
                    "kind": "multiple_choice",
                    "max_choices": 3,
                    "text": _t(
                        "Var känner du dig otrygg? Välj högst tre.",
                        "Where do you feel unsafe? Choose at most three.",
                        "أين تشعر بعدم الأمان؟ اختر ثلاثة على الأكثر.",
                        "Xaggee ayaad ka dareentaa ammaan darro? Dooro ugu badnaan saddex.",
                        "کجا احساس ناامنی می‌کنید؟ حداکثر سه مورد را انتخاب کنید.",
                    ),
                    "choices": _options(
                        (
                            "bus_stops",
                            _t(
                                "Vid busshållplatser",
                                "At bus stops",
                                "عند مواقف الحافلات",
                                "Meelaha baska la sugo",
                                "ایستگاه‌های اتوبوس",
                            ),
                        ),
                        (
                            "underpasses",
                            _t("I gångtunnlar", "In underpasses", "في الأنفاق", "Tuubooyinka lugta", "زیرگذرها"),
                        ),
                        ("parks", _t("I parker", "In parks", "في الحدائق", "Beerta dadweynaha", "پارک‌ها")),
                        ("square", _t("På torget", "On the square", "في الساحة", "Fagaaraha", "میدان")),
                        (
                            "school",
                            _t("Vid skolan", "Near the school", "قرب المدرسة", "Dugsiga agtiisa", "نزدیک مدرسه"),
                        ),
                        ("other", _t("Annat", "Other", "أخرى", "Kale", "سایر")),
                    ),
                },
                {
                    "code": "age_group",
                    "kind": "single_choice",
                    "display": "dropdown",
                    "text": _t(
                        "Hur gammal är du?", "How old are you?", "كم عمرك؟", "Da'daadu waa imisa?", "چند سال دارید؟"
                    ),
                    "choices": _options(
                        ("under_18", _t("Under 18 år", "Under 18", "أقل من 18", "Ka yar 18", "زیر ۱۸ سال")),
                        ("18_29", _t("18–29 år", "18–29", "18–29", "18–29", "۱۸ تا ۲۹ سال")),
                        ("30_49", _t("30–49 år", "30–49", "30–49", "30–49", "۳۰ تا ۴۹ سال")),
                        ("50_64", _t("50–64 år", "50–64", "50–64", "50–64", "۵۰ تا ۶۴ سال")),
                        (
                            "65_plus",
                            _t("65 år eller äldre", "65 or older", "65 أو أكثر", "65 ama ka weyn", "۶۵ سال یا بیشتر"),
                        ),
                        (
                            "no_say",
                            _t(
                                "Vill inte säga",
                                "Prefer not to say",
                                "أفضل عدم القول",
                                "Ma rabo inaan sheego",
                                "ترجیح می‌دهم نگویم",
                            ),
                        ),
                    ),
                },
            ],
        },
        {
            "code": "unsafe",
            "condition": {
                "match": "any",
                "rules": [
                    {"question": "safe_evening", "op": "le", "value": 3},
                    {"question": "unsafe_places", "op": "answered"},
                ],
            },
            "title": _t(
                "När du känner dig otrygg",
                "When you feel unsafe",
                "عندما تشعر بعدم الأمان",
                "Marka aad dareento ammaan darro",
                "وقتی احساس ناامنی می‌کنید",
            ),
            "intro": {},
            "questions": [
                {
                    "code": "what_helps",
                    "kind": "long_text",
                    "to_contribution": True,
                    "text": _t(
                        "Vad skulle få dig att känna dig tryggare?",
                        "What would make you feel safer?",
                        "ما الذي يجعلك تشعر بأمان أكبر؟",
                        "Maxaa kaa dhigi lahaa inaad dareento ammaan badan?",
                        "چه چیزی باعث می‌شود احساس امنیت بیشتری کنید؟",
                    ),
                    "help": _t(
                        "Skriv inte namn eller telefonnummer.",
                        "Do not write names or phone numbers.",
                        "لا تكتب أسماء أو أرقام هواتف.",
                        "Ha qorin magacyo ama lambarro telefoon.",
                        "نام یا شماره تلفن ننویسید.",
                    ),
                },
                {
                    "code": "safety_walk",
                    "kind": "yes_no",
                    "required": True,
                    "text": _t(
                        "Vill du gå med på en trygghetsvandring i ditt område?",
                        "Would you like to join a safety walk in your neighbourhood?",
                        "هل تود المشاركة في جولة أمان في منطقتك؟",
                        "Ma jeclaan lahayd inaad ka qaybgasho socod ammaan oo xaafaddaada ah?",
                        "آیا می‌خواهید در یک پیاده‌روی امنیت در محله‌تان شرکت کنید؟",
                    ),
                },
                {
                    "code": "walk_time",
                    "kind": "single_choice",
                    "required": True,
                    "condition": {
                        "match": "all",
                        "rules": [{"question": "safety_walk", "op": "equals", "value": "yes"}],
                    },
                    "text": _t(
                        "När passar en vandring dig bäst?",
                        "When would a walk suit you best?",
                        "متى يناسبك موعد الجولة أكثر؟",
                        "Goorma ayuu socodku kuugu habboon yahay?",
                        "چه زمانی پیاده‌روی برایتان مناسب‌تر است؟",
                    ),
                    "choices": _options(
                        (
                            "weekday_evening",
                            _t(
                                "En vardagskväll",
                                "A weekday evening",
                                "مساء يوم عمل",
                                "Fiid maalin shaqo",
                                "عصر یک روز کاری",
                            ),
                        ),
                        (
                            "weekend",
                            _t(
                                "En helg",
                                "At the weekend",
                                "في عطلة نهاية الأسبوع",
                                "Dhammaadka toddobaadka",
                                "آخر هفته",
                            ),
                        ),
                    ),
                },
            ],
        },
        {
            "code": "council",
            "condition": None,
            "title": _t(
                "Lokala trygghetsråd",
                "Local safety councils",
                "مجالس الأمان المحلية",
                "Golayaasha ammaanka ee deegaanka",
                "شوراهای محلی امنیت",
            ),
            "intro": _t(
                "Vi startar trygghetsråd där boende, föreningar och företagare är med.",
                "We are starting safety councils with residents, associations and businesses.",
                "نبدأ مجالس أمان يشارك فيها السكان والجمعيات وأصحاب الأعمال.",
                "Waxaan bilaabaynaa golayaal ammaan oo ay ku jiraan dadka degan, ururada iyo ganacsatada.",
                "شوراهای امنیت را با حضور ساکنان، انجمن‌ها و کسب‌وکارها راه می‌اندازیم.",
            ),
            "questions": [
                {
                    "code": "priorities",
                    "kind": "ranking",
                    "text": _t(
                        "Vad ska trygghetsrådet arbeta med först?",
                        "What should the safety council work on first?",
                        "بماذا يجب أن يبدأ مجلس الأمان؟",
                        "Maxay tahay inuu golaha ammaanku marka hore ka shaqeeyo?",
                        "شورای امنیت اول باید روی چه کاری کار کند؟",
                    ),
                    "choices": _options(
                        (
                            "lighting",
                            _t("Bättre belysning", "Better lighting", "إضاءة أفضل", "Iftiin wanaagsan", "روشنایی بهتر"),
                        ),
                        (
                            "adults_out",
                            _t(
                                "Fler vuxna ute på kvällarna",
                                "More adults out in the evenings",
                                "مزيد من البالغين في الخارج مساءً",
                                "Dad waaweyn oo badan oo fiidkii banaanka jooga",
                                "بزرگسالان بیشتر در عصرها بیرون",
                            ),
                        ),
                        (
                            "clean_up",
                            _t(
                                "Städning och klotter",
                                "Cleaning and graffiti",
                                "التنظيف والكتابة على الجدران",
                                "Nadiifin iyo qoraallada derbiyada",
                                "نظافت و دیوارنویسی",
                            ),
                        ),
                        (
                            "youth",
                            _t(
                                "Aktiviteter för unga",
                                "Activities for young people",
                                "أنشطة للشباب",
                                "Hawlo loogu talagalay dhalinyarada",
                                "فعالیت برای جوانان",
                            ),
                        ),
                    ),
                },
                {
                    "code": "trust",
                    "kind": "matrix",
                    "text": _t(
                        "Hur mycket litar du på …",
                        "How much do you trust …",
                        "إلى أي مدى تثق بـ …",
                        "Intee in le'eg ayaad aaminsan tahay …",
                        "چقدر اعتماد دارید به …",
                    ),
                    "choices": _options(
                        ("not_at_all", _t("Inte alls", "Not at all", "لا أثق إطلاقاً", "Haba yaraatee", "اصلاً")),
                        ("a_little", _t("Lite", "A little", "قليلاً", "Wax yar", "کمی")),
                        ("quite", _t("Ganska mycket", "Quite a lot", "كثيراً", "Si fiican", "نسبتاً زیاد")),
                        ("very", _t("Mycket", "A lot", "كثيراً جداً", "Aad", "خیلی")),
                    ),
                    "rows": _options(
                        ("police", _t("polisen", "the police", "الشرطة", "booliska", "پلیس")),
                        ("school", _t("skolan", "the school", "المدرسة", "dugsiga", "مدرسه")),
                        ("district", _t("stadsdelen", "the district", "الإدارة المحلية", "degmada", "منطقهٔ شهری")),
                        ("neighbours", _t("dina grannar", "your neighbours", "جيرانك", "deriskaaga", "همسایه‌هایتان")),
                    ),
                },
                {
                    "code": "ideas",
                    "kind": "long_text",
                    "to_contribution": True,
                    "text": _t(
                        "Har du fler idéer för ett tryggare Norra Hisingen?",
                        "Do you have more ideas for a safer Norra Hisingen?",
                        "هل لديك أفكار أخرى لنورا هيسينغن أكثر أماناً؟",
                        "Ma haysaa fikrado kale oo Norra Hisingen looga dhigo mid ammaan badan?",
                        "ایده‌های دیگری برای نورا هیسینگن امن‌تر دارید؟",
                    ),
                },
            ],
        },
    ],
}

SURVEY_TEXTS = {
    "title": _t(
        "Trygghetsenkät Norra Hisingen",
        "Safety survey Norra Hisingen",
        "استبيان الأمان في نورا هيسينغن",
        "Sahanka ammaanka Norra Hisingen",
        "نظرسنجی امنیت نورا هیسینگن",
    ),
    "description": _t(
        "Temagruppen Trygg i Norra Hisingen vill veta var och när du känner dig trygg eller otrygg.",
        "The theme group Trygg i Norra Hisingen wants to know where and when you feel safe or unsafe.",
        "تريد مجموعة العمل «Trygg i Norra Hisingen» أن تعرف أين ومتى تشعر بالأمان أو بعدمه.",
        "Kooxda mawduuca Trygg i Norra Hisingen waxay rabtaa inay ogaato halka iyo goorta aad dareento ammaan ama ammaan darro.",
        "گروه موضوعی «Trygg i Norra Hisingen» می‌خواهد بداند کجا و کی احساس امنیت یا ناامنی می‌کنید.",
    ),
    "promise": _t(
        "Svaren blir grunden för trygghetsplanen och de lokala trygghetsråden. Vi visar resultaten här och berättar vad vi gör.",
        "The answers become the basis of the safety plan and the local safety councils. We show the results here and tell you what we do.",
        "ستكون الإجابات أساس خطة الأمان ومجالس الأمان المحلية. سنعرض النتائج هنا ونخبرك بما نفعله.",
        "Jawaabaha ayaa saldhig u noqon doona qorshaha ammaanka iyo golayaasha ammaanka deegaanka. Natiijooyinka halkan ayaan ku soo bandhigi doonnaa, waxaanna kuu sheegi doonnaa waxa aan qabanno.",
        "پاسخ‌ها پایهٔ برنامهٔ امنیت و شوراهای محلی امنیت می‌شوند. نتایج را اینجا نشان می‌دهیم و می‌گوییم چه می‌کنیم.",
    ),
    "end_message": _t(
        "Tack för att du svarade! Dina skrivna svar går till temagruppen Trygg i Norra Hisingen.",
        "Thank you for answering! Your written answers go to the theme group Trygg i Norra Hisingen.",
        "شكراً لإجابتك! تصل إجاباتك المكتوبة إلى مجموعة العمل «Trygg i Norra Hisingen».",
        "Mahadsanid jawaabtaada! Jawaabahaaga qoraalka ah waxay u gudbaan kooxda Trygg i Norra Hisingen.",
        "از پاسخ شما سپاسگزاریم! پاسخ‌های نوشتاری شما به گروه «Trygg i Norra Hisingen» می‌رسد.",
    ),
}

#: (area slug, language, {code: answer}) — a few answers so the results show something.
DEMO_TEXTS = [
    ("backa", "sv", "Mer belysning i gångtunneln vid Backa bibliotek."),
    ("backa", "ar", "نحتاج إلى إضاءة أفضل قرب موقف الحافلات."),
    ("brunnsbo", "so", "Dad badan oo waaweyn fiidkii fagaaraha."),
    ("karra", "fa", "پارک شب‌ها خیلی تاریک است."),
    ("selma-stad", "sv", "Fler aktiviteter för unga på kvällarna."),
]


def _option_id(question, code):
    return next(o.id for o in question.choices if o.code == code)


def load_demo_surveys(today: date | None = None) -> None:
    """Create the demo safety survey with answers, and the trust pulses (idempotent)."""
    if db.session.scalar(select(Survey.id).limit(1)) is not None:
        return
    today = today or date.today()
    lead = db.session.scalars(select(User).where(User.email == "lead@demo.dialog")).first()
    district = db.session.scalars(select(Area).where(Area.slug == "norra-hisingen")).first()
    group = db.session.scalars(select(ThemeGroup).where(ThemeGroup.slug == "trygg-i-norra-hisingen")).first()
    safety = db.session.scalars(select(Topic).where(Topic.slug == "safety")).first()
    if district is None or group is None:
        return
    settings = building.SurveySettings(
        **SURVEY_TEXTS,
        participation_level="consultation",
        mode="anonymous",
        opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=60),
        results_public=True,
        areas=[district],
        topics=[safety] if safety else [],
        theme_groups=[group],
    )
    survey = definitions.create_from_definition(SAFETY_SURVEY, settings, lead)
    building.set_state(survey, "open")
    _demo_answers(survey, today)
    _demo_pulses(group, lead, today)


def _demo_answers(survey: Survey, today: date) -> None:
    rng = random.Random(2026)
    areas = {a.slug: a for a in db.session.scalars(select(Area))}
    by_code = {q.code: q for q in survey.questions}
    languages = ["sv"] * 5 + ["ar", "ar", "so", "fa", "en"]
    places = ["bus_stops", "underpasses", "parks", "square", "school"]
    for index in range(24):
        slug = ["backa", "brunnsbo", "karra", "selma-stad", "tuve"][index % 5]
        evening = rng.choice([1, 2, 2, 3, 3, 4, 5])
        values = {
            by_code["safe_day"].id: rng.choice([3, 4, 4, 5]),
            by_code["safe_evening"].id: evening,
            by_code["age_group"].id: {
                "option": _option_id(by_code["age_group"], rng.choice(["18_29", "30_49", "30_49", "50_64", "65_plus"]))
            },
            by_code["trust"].id: {
                str(row.id): _option_id(by_code["trust"], rng.choice(["a_little", "quite", "quite", "very"]))
                for row in by_code["trust"].rows
            },
            by_code["priorities"].id: {
                str(o.id): place for place, o in enumerate(rng.sample(by_code["priorities"].choices, 4), start=1)
            },
        }
        if evening <= 3:
            values[by_code["unsafe_places"].id] = {
                "options": [_option_id(by_code["unsafe_places"], p) for p in rng.sample(places, 2)]
            }
            walk = rng.choice(["yes", "no"])
            values[by_code["safety_walk"].id] = {"option": _option_id(by_code["safety_walk"], walk)}
            if walk == "yes":
                values[by_code["walk_time"].id] = {
                    "option": _option_id(by_code["walk_time"], rng.choice(["weekday_evening", "weekend"]))
                }
        language = languages[index % len(languages)]
        if index < len(DEMO_TEXTS) and evening <= 3:
            slug, language, text = DEMO_TEXTS[index]
            values[by_code["what_helps"].id] = text
        responding.record_paper_response(
            survey,
            values,
            area=areas[slug],
            language=language,
            source_url=f"/surveys/{survey.id}",
            today=today,
            is_paper=index % 6 == 0,
        )


def _quarter(day: date, back: int) -> str:
    index = day.year * 4 + (day.month - 1) // 3 - back
    return f"{index // 4}-Q{index % 4 + 1}"


def _demo_pulses(group: ThemeGroup, lead, today: date) -> None:
    rng = random.Random(7)
    for slug, base in (("backa", 2.9), ("brunnsbo", 3.3)):
        area = db.session.scalars(select(Area).where(Area.slug == slug)).first()
        if area is None:
            continue
        for back in (2, 1, 0):
            pulse = create_pulse(area, _quarter(today, back), [group], lead, open_now=True)
            by_code = {q.code: q for q in pulse.questions}
            level = base + (2 - back) * 0.25
            for _n in range(8 + back):
                values = {by_code[code].id: max(1, min(5, round(rng.gauss(level, 0.9)))) for code in PULSE_CODES}
                responding.record_paper_response(
                    pulse,
                    values,
                    area=area,
                    language=rng.choice(["sv", "sv", "ar", "so", "fa"]),
                    source_url=f"/surveys/{pulse.id}",
                    today=today,
                    is_paper=False,
                )
            if back:
                pulse.state = "closed"
    db.session.flush()
