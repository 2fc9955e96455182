"""Demo café dialogues in Backa: one coming up (open for registration), one held last month
with its notes harvested and its summary published. Texts in all five languages."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..core.models import utcnow
from ..extensions import db
from ..themegroups.models import ThemeGroup
from . import harvest as harvesting
from . import operations as ops
from .models import CafeDialogue, CafeNote, CafeRound, CafeTable

TITLE = {
    "sv": "Kafédialog: Trygg och jämlik i Backa",
    "en": "Café dialogue: Safe and equal in Backa",
    "ar": "حوار المقهى: الأمان والمساواة في باكا",
    "so": "Wada-hadal maqaaxi: Ammaan iyo sinnaan ku jira Backa",
    "fa": "گفت‌وگوی کافه: امنیت و برابری در باکا",
}
PURPOSE = {
    "sv": "Vi vill höra hur det är att bo i Backa, var det känns tryggt och otryggt, och vad vi kan göra tillsammans. Stadsdelen, föreningar och boende sitter vid samma bord.",
    "en": "We want to hear what it is like to live in Backa, where it feels safe and unsafe, and what we can do together. The district, associations and residents sit at the same table.",
    "ar": "نريد أن نسمع كيف هي الحياة في باكا، وأين تشعر بالأمان وأين لا تشعر به، وماذا يمكننا أن نفعل معًا. الحي والجمعيات والسكان يجلسون إلى الطاولة نفسها.",
    "so": "Waxaan rabnaa inaan maqalno sida ay tahay ku noolaanshaha Backa, meelaha ay ammaan tahay iyo meelaha aysan ahayn, iyo waxa aan wada samayn karno. Degmada, ururrada iyo dadka deegaanka waxay fadhiyaan miis isku mid ah.",
    "fa": "می‌خواهیم بشنویم زندگی در باکا چطور است، کجا احساس امنیت می‌کنید و کجا نه، و با هم چه کاری می‌توانیم بکنیم. منطقه، انجمن‌ها و ساکنان دور یک میز می‌نشینند.",
}
INFLUENCE = {
    "sv": "Var belysning och trygghetsvandringar ska prioriteras våren 2027, och vad mötesplatserna ska erbjuda kvällstid.",
    "en": "Where lighting and safety walks are prioritised in spring 2027, and what the meeting places offer in the evenings.",
    "ar": "أين تكون الأولوية للإنارة وجولات الأمان في ربيع 2027، وماذا تقدم أماكن اللقاء في المساء.",
    "so": "Meelaha iftiinka iyo socodka ammaanka mudnaanta la siinayo guga 2027, iyo waxa goobaha kulanku bixiyaan fiidkii.",
    "fa": "اینکه روشنایی و گشت‌های امنیت در بهار ۲۰۲۷ در کجا اولویت دارند، و مکان‌های دیدار عصرها چه چیزی ارائه می‌دهند.",
}
NOT_INFLUENCE = {
    "sv": "Polisens arbete och bostadsbolagens hyror beslutas inte här.",
    "en": "Police work and the housing companies' rents are not decided here.",
    "ar": "عمل الشرطة وإيجارات شركات السكن لا تُقرَّر هنا.",
    "so": "Shaqada booliska iyo kirada shirkadaha guryaha halkan laguma go'aamiyo.",
    "fa": "کار پلیس و اجاره‌بهای شرکت‌های مسکن اینجا تصمیم‌گیری نمی‌شود.",
}
PROMISE = {
    "sv": "Inom fyra veckor publicerar vi vad vi hörde och vart varje förslag gick. Vill du får du det på e-post.",
    "en": "Within four weeks we publish what we heard and where each proposal went. If you want, you get it by e-mail.",
    "ar": "خلال أربعة أسابيع ننشر ما سمعناه وإلى أين ذهب كل اقتراح. إذا أردت، يصلك ذلك بالبريد الإلكتروني.",
    "so": "Afar toddobaad gudahood waxaan daabacaynaa waxa aan maqalnay iyo meesha soo-jeedin kastaa u socotay. Haddii aad rabto, waxaad ku heli kartaa iimayl.",
    "fa": "ظرف چهار هفته منتشر می‌کنیم چه شنیدیم و هر پیشنهاد به کجا رفت. اگر بخواهید، آن را با ایمیل دریافت می‌کنید.",
}
ACCESS = {
    "sv": "Entré utan trappsteg, hörslinga och toalett anpassad för rullstol. Barnpassning finns om du anmäler behov.",
    "en": "Step-free entrance, hearing loop and a wheelchair-accessible toilet. Childcare is available if you tell us when you register.",
    "ar": "مدخل بلا درج، وحلقة سمعية، ومرحاض مناسب للكراسي المتحركة. تتوفر رعاية للأطفال إذا أخبرتنا عند التسجيل.",
    "so": "Albaab aan jaranjaro lahayn, wareegga maqalka iyo musqul ku habboon kursiga curyaanka. Xanaanada carruurta waa la heli karaa haddii aad noo sheegto marka aad is diiwaan gelinayso.",
    "fa": "ورودی بدون پله، حلقهٔ شنوایی و توالت مناسب ویلچر. اگر هنگام ثبت‌نام بگویید، نگهداری از کودکان هم هست.",
}
ROUNDS = [
    {
        "sv": "Vad är din berättelse – hur är det att bo och leva i Backa?",
        "en": "What is your story – what is it like to live in Backa?",
        "ar": "ما قصتك؟ كيف هي الحياة في باكا؟",
        "so": "Waa maxay sheekadaadu – sidee tahay ku noolaanshaha Backa?",
        "fa": "داستان شما چیست؟ زندگی در باکا چطور است؟",
    },
    {
        "sv": "Var och när känns det tryggt eller otryggt?",
        "en": "Where and when does it feel safe or unsafe?",
        "ar": "أين ومتى تشعر بالأمان أو بعدم الأمان؟",
        "so": "Xagee iyo goorma ayay dareemaysaa ammaan ama ammaan darro?",
        "fa": "کجا و کی احساس امنیت یا ناامنی می‌کنید؟",
    },
    {
        "sv": "Hur kan vi tillsammans stärka tilliten i Backa?",
        "en": "How can we strengthen trust in Backa together?",
        "ar": "كيف يمكننا معًا أن نقوّي الثقة في باكا؟",
        "so": "Sidee wadajir ugu xoojin karnaa kalsoonida Backa?",
        "fa": "چطور می‌توانیم با هم اعتماد را در باکا تقویت کنیم؟",
    },
]
TABLES = [
    (
        {
            "sv": "Trygga vägar och belysning",
            "en": "Safe paths and lighting",
            "ar": "طرق آمنة وإنارة",
            "so": "Waddooyin ammaan ah iyo iftiin",
            "fa": "مسیرهای امن و روشنایی",
        },
        "lead@demo.dialog",
        None,
    ),
    (
        {
            "sv": "Unga och fritid",
            "en": "Young people and free time",
            "ar": "الشباب ووقت الفراغ",
            "so": "Dhallinyarada iyo waqtiga firaaqada",
            "fa": "جوانان و اوقات فراغت",
        },
        "staff@demo.dialog",
        None,
    ),
    (
        {
            "sv": "Mötesplatser och gemenskap",
            "en": "Meeting places and community",
            "ar": "أماكن اللقاء والتواصل",
            "so": "Goobaha kulanka iyo bulshada",
            "fa": "مکان‌های دیدار و همبستگی",
        },
        None,
        "Samir (volontär)",
    ),
]
SUMMARY = {
    "sv": "<p>Ett trettiotal boende, föreningar och tjänstepersoner samtalade vid tre bord. Många känner sig trygga i sitt eget kvarter men undviker gångvägen mot Backa torg efter mörkrets inbrott.</p>",
    "en": "<p>About thirty residents, associations and staff talked at three tables. Many feel safe in their own block but avoid the footpath to Backa torg after dark.</p>",
    "ar": "<p>تحدّث نحو ثلاثين من السكان والجمعيات والموظفين حول ثلاث طاولات. كثيرون يشعرون بالأمان في حيّهم لكنهم يتجنبون ممر المشاة إلى ساحة باكا بعد حلول الظلام.</p>",
    "so": "<p>Qiyaastii soddon qof oo ka mid ah dadka deegaanka, ururrada iyo shaqaalaha ayaa ka wada hadlay saddex miis. Qaar badan ayaa ammaan ku dareema xaafaddooda laakiin way ka fogaadaan waddada lugta ee Backa torg marka mugdigu dhaco.</p>",
    "fa": "<p>حدود سی نفر از ساکنان، انجمن‌ها و کارکنان دور سه میز گفت‌وگو کردند. بسیاری در محلهٔ خودشان احساس امنیت می‌کنند اما بعد از تاریکی از پیاده‌روی به سمت میدان باکا دوری می‌کنند.</p>",
}
THEMES = {
    "sv": "<ul><li>Belysning och trygga vägar</li><li>Fler vuxna ute på kvällarna</li><li>Mötesplatser som är öppna när unga är lediga</li></ul>",
    "en": "<ul><li>Lighting and safe paths</li><li>More adults out in the evenings</li><li>Meeting places open when young people are free</li></ul>",
    "ar": "<ul><li>الإنارة والطرق الآمنة</li><li>مزيد من البالغين في الخارج مساءً</li><li>أماكن لقاء مفتوحة عندما يكون الشباب متفرغين</li></ul>",
    "so": "<ul><li>Iftiinka iyo waddooyinka ammaanka ah</li><li>Dad waaweyn oo badan oo fiidkii banaanka jooga</li><li>Goobo kulan oo furan marka dhallinyaradu firaaqo yihiin</li></ul>",
    "fa": "<ul><li>روشنایی و مسیرهای امن</li><li>بزرگسالان بیشتر در بیرون هنگام عصر</li><li>مکان‌های دیدار که وقتی جوانان آزادند باز باشند</li></ul>",
}
PAST_NOTES = [
    (0, 1, "point", "sv", "Gångvägen mot torget är mörk och folk tar omvägar."),
    (0, 2, "proposal", "sv", "Sätt upp belysning längs gångvägen mellan Backa torg och skolan."),
    (1, 2, "quote", "ar", "أحب حيّي لكنني لا أخرج بعد الساعة التاسعة."),
    (1, 2, "proposal", "sv", "Håll fritidsgården öppen till 22 på fredagar."),
    (2, 2, "proposal", "so", "Kulan bille ah oo hooyooyinka iyo shaqaalaha degmada ah."),
]


def _one(model, **filters):
    return db.session.scalars(select(model).filter_by(**filters)).first()


def _dialogue(group, area, topics, users, *, start, state="published") -> CafeDialogue:
    dialogue = CafeDialogue(
        theme_group=group,
        area=area,
        topics=topics,
        title=TITLE,
        purpose=PURPOSE,
        influence=INFLUENCE,
        not_influence=NOT_INFLUENCE,
        feedback_promise=PROMISE,
        participation_level="dialogue",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Selma Center",
        address="Selma Lagerlöfs Torg 4, Hisings Backa",
        accessibility=ACCESS,
        languages=["sv", "ar", "so", "fa"],
        interpretation=["ar", "so"],
        capacity=30,
        state=state,
        created_by_id=users["lead@demo.dialog"].id,
    )
    dialogue.rounds = [CafeRound(position=i + 1, question=q, minutes=25) for i, q in enumerate(ROUNDS)]
    dialogue.tables = [
        CafeTable(number=i + 1, theme=theme, host_user=users.get(email) if email else None, host_name=name)
        for i, (theme, email, name) in enumerate(TABLES)
    ]
    db.session.add(dialogue)
    return dialogue


def load_demo_cafe_dialogues() -> None:
    group = _one(ThemeGroup, slug="trygg-i-norra-hisingen")
    backa = _one(Area, slug="backa")
    if group is None or backa is None or _one(CafeDialogue, area_id=backa.id) is not None:
        return
    topics = [t for t in (_one(Topic, slug="safety"), _one(Topic, slug="participation-trust")) if t]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.like("%@demo.dialog")))}
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    # An evening meeting, as the district holds them (18:00 in Gothenburg in winter), whenever the demo is loaded.
    evening = (now + timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
    _dialogue(group, backa, topics, users, start=evening)
    past = _dialogue(group, backa, topics, users, start=now - timedelta(days=30))
    past.walk_ins = 12
    db.session.flush()
    notes = []
    for table_index, round_index, kind, language, body in PAST_NOTES:
        note = CafeNote(
            table_id=past.tables[table_index].id,
            round_id=past.rounds[round_index].id,
            kind=kind,
            body=body,
            language=language,
            client_note_id=f"demo-{len(notes)}",
        )
        db.session.add(note)
        notes.append(note)
    db.session.flush()
    lead = users.get("lead@demo.dialog")
    with current_app.test_request_context("/"):  # the contributions link back to the event page
        harvesting.harvest_notes(past, [n.id for n in notes if n.kind == "proposal"], lead)
    ops.save_summary(past, summary=SUMMARY, themes=THEMES, follow_up=None)
    ops.publish_summary(past)
    past.feedback_sent_at = utcnow()
