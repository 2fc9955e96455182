"""The standard trust pulse: its five questions and comment in five languages, its texts, and
the quarters it runs in. Pure definitions, no database: the builder and the pulse both use them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import gettext as _

PERIOD = re.compile(r"^\d{4}-Q[1-4]$")


AGREE_LOW = {
    "sv": "Stämmer inte alls",
    "en": "Not at all true",
    "ar": "لا أوافق إطلاقاً",
    "so": "Haba yaraatee ma raaci",
    "fa": "اصلاً موافق نیستم",
}


AGREE_HIGH = {
    "sv": "Stämmer helt",
    "en": "Completely true",
    "ar": "أوافق تماماً",
    "so": "Si buuxda ayaan u raacsanahay",
    "fa": "کاملاً موافقم",
}


#: (code, question text) — the five pulse questions, on a 1–5 scale.
PULSE_QUESTIONS = [
    (
        "trust_people",
        {
            "sv": "Jag litar på de flesta människor i mitt område.",
            "en": "I trust most people in my neighbourhood.",
            "ar": "أثق بمعظم الناس في منطقتي.",
            "so": "Waxaan aaminsanahay dadka badankooda ee xaafaddayda.",
            "fa": "به بیشتر مردم محله‌ام اعتماد دارم.",
        },
    ),
    (
        "feel_safe",
        {
            "sv": "Jag känner mig trygg när jag är ute i mitt område på kvällen.",
            "en": "I feel safe when I am out in my neighbourhood in the evening.",
            "ar": "أشعر بالأمان عندما أكون في الخارج في منطقتي في المساء.",
            "so": "Waxaan dareemaa ammaan marka aan fiidkii ku jiro xaafaddayda.",
            "fa": "وقتی عصرها در محله‌ام بیرون هستم، احساس امنیت می‌کنم.",
        },
    ),
    (
        "feel_heard",
        {
            "sv": "Staden lyssnar på vad vi som bor i mitt område tycker.",
            "en": "The city listens to what we who live in my neighbourhood think.",
            "ar": "تستمع المدينة إلى رأي سكان منطقتي.",
            "so": "Magaaladu waxay dhegaysataa waxa aan qabno annaga oo ku nool xaafaddayda.",
            "fa": "شهر به نظر ما ساکنان محله‌ام گوش می‌دهد.",
        },
    ),
    (
        "can_influence",
        {
            "sv": "Jag tror att jag kan påverka hur det blir i mitt område.",
            "en": "I believe I can influence what happens in my neighbourhood.",
            "ar": "أعتقد أنني أستطيع التأثير في ما يحدث في منطقتي.",
            "so": "Waxaan rumaysanahay inaan saameyn ku yeelan karo waxa ka dhaca xaafaddayda.",
            "fa": "باور دارم که می‌توانم بر آنچه در محله‌ام رخ می‌دهد اثر بگذارم.",
        },
    ),
    (
        "belonging",
        {
            "sv": "Jag känner att jag hör hemma i mitt område.",
            "en": "I feel that I belong in my neighbourhood.",
            "ar": "أشعر بأنني أنتمي إلى منطقتي.",
            "so": "Waxaan dareemaa inaan ka mid ahay xaafaddayda.",
            "fa": "احساس می‌کنم به محله‌ام تعلق دارم.",
        },
    ),
]


PULSE_CODES = [code for code, _text in PULSE_QUESTIONS]


COMMENT = {
    "sv": "Vad skulle göra ditt område till en bättre plats att leva på? (frivilligt)",
    "en": "What would make your neighbourhood a better place to live? (optional)",
    "ar": "ما الذي يجعل منطقتك مكاناً أفضل للعيش؟ (اختياري)",
    "so": "Maxaa xaafaddaada ka dhigi lahaa meel ka wanaagsan oo lagu noolaado? (ikhtiyaari)",
    "fa": "چه چیزی محله‌تان را جای بهتری برای زندگی می‌کند؟ (اختیاری)",
}


COMMENT_HELP = {
    "sv": "Skriv inte namn eller telefonnummer. Det du skriver går till temagruppen.",
    "en": "Do not write names or phone numbers. What you write goes to the theme group.",
    "ar": "لا تكتب أسماء أو أرقام هواتف. ما تكتبه يصل إلى مجموعة العمل المختصة.",
    "so": "Ha qorin magacyo ama lambarro telefoon. Waxa aad qorto waxay u gudbaan kooxda mawduuca.",
    "fa": "نام یا شماره تلفن ننویسید. آنچه می‌نویسید به گروه موضوعی می‌رسد.",
}


TITLE = {"sv": "Tillitspulsen", "en": "Trust pulse", "ar": "نبض الثقة", "so": "Garaaca kalsoonida", "fa": "نبض اعتماد"}


DESCRIPTION = {
    "sv": "Fem korta frågor om hur det är att bo i ditt område. Det tar två minuter och du är anonym.",
    "en": "Five short questions about what it is like to live in your neighbourhood. It takes two minutes and you are anonymous.",
    "ar": "خمسة أسئلة قصيرة عن الحياة في منطقتك. تستغرق دقيقتين ولا يُعرف من أنت.",
    "so": "Shan su'aalood oo gaagaaban oo ku saabsan sida ay tahay ku noolaanshaha xaafaddaada. Waxay qaadanaysaa laba daqiiqo, cidna ma oga cidda aad tahay.",
    "fa": "پنج پرسش کوتاه دربارهٔ زندگی در محله‌تان. دو دقیقه طول می‌کشد و ناشناس می‌مانید.",
}


PROMISE = {
    "sv": "Vi ställer samma frågor varje kvartal och visar öppet hur svaren förändras. Temagrupperna använder dem när de planerar. Grupper med färre än fem svar visas inte.",
    "en": "We ask the same questions every quarter and show openly how the answers change. The theme groups use them when they plan. Groups with fewer than five answers are not shown.",
    "ar": "نطرح الأسئلة نفسها كل ثلاثة أشهر ونعرض علناً كيف تتغير الإجابات. تستخدمها مجموعات العمل عند التخطيط. لا تُعرض المجموعات التي فيها أقل من خمس إجابات.",
    "so": "Su'aalahan isku midka ah ayaan weydiinnaa rubuc kasta, waxaanna si furan u muujinnaa sida jawaabuhu isu beddelaan. Kooxaha mawduucyadu waxay isticmaalaan marka ay qorsheynayaan. Kooxaha ka yar shan jawaabood lama muujiyo.",
    "fa": "هر سه ماه همین پرسش‌ها را می‌پرسیم و آشکارا نشان می‌دهیم پاسخ‌ها چگونه تغییر می‌کنند. گروه‌های موضوعی هنگام برنامه‌ریزی از آن‌ها استفاده می‌کنند. گروه‌هایی با کمتر از پنج پاسخ نمایش داده نمی‌شوند.",
}


END = {
    "sv": "Tack! Om några månader frågar vi igen, så att vi ser om det blir bättre.",
    "en": "Thank you! We will ask again in a few months, so that we can see if things get better.",
    "ar": "شكراً! سنسأل مرة أخرى بعد بضعة أشهر لنرى إن كانت الأمور تتحسن.",
    "so": "Mahadsanid! Dhowr bilood kadib mar kale ayaan ku weydiin doonnaa, si aan u aragno in xaaladdu soo hagaagayso.",
    "fa": "سپاس! چند ماه دیگر دوباره می‌پرسیم تا ببینیم اوضاع بهتر می‌شود یا نه.",
}


def pulse_definition() -> dict:
    questions = [
        {
            "code": code,
            "kind": "scale",
            "text": dict(text),
            "required": True,
            "min_value": 1,
            "max_value": 5,
            "min_label": dict(AGREE_LOW),
            "max_label": dict(AGREE_HIGH),
        }
        for code, text in PULSE_QUESTIONS
    ]
    questions.append(
        {
            "code": "comment",
            "kind": "long_text",
            "text": dict(COMMENT),
            "help": dict(COMMENT_HELP),
            "required": False,
            "to_contribution": True,
        }
    )
    return {"sections": [{"code": "pulse", "title": {}, "intro": {}, "condition": None, "questions": questions}]}


def period_label(period: str) -> str:
    year, quarter = period.split("-Q")
    return _("Q%(quarter)s %(year)s", quarter=quarter, year=year)


#: The questions every pulse shares; they cannot be changed, so quarters stay comparable.
STANDARD_CODES = frozenset([*PULSE_CODES, "comment"])


def is_standard_question(question) -> bool:
    return question.survey.kind == "pulse" and question.code in STANDARD_CODES


def quarter_bounds(period: str) -> tuple[date, date]:
    """The first and the last day of a quarter such as "2026-Q2"."""
    year, quarter = (int(part) for part in period.split("-Q"))
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)


def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def next_period(period: str) -> str:
    year, quarter = (int(part) for part in period.split("-Q"))
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"
