"""The demo trust dialogue in Backa (seeds/001_*: "tillitsdialogen – vad är din berättelse –
hur är det att bo och leva i Backa? hur kan vi tillsammans stärka tillit och delaktighet i
Backa?"), run by "Trygg i Norra Hisingen", with its prompts and themes in five languages and
three stories: one shared online in Swedish, one heard in person in Arabic, one in Somali
still waiting for a moderator.
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..moderation.operations import approve
from ..themegroups.models import ThemeGroup
from . import operations as ops
from .models import TrustDialogue


def _t(sv, en, ar, so, fa) -> dict:
    return {"sv": sv, "en": en, "ar": ar, "so": so, "fa": fa}


AREA = "backa"
GROUP = "trygg-i-norra-hisingen"
TOPICS = ("participation-trust", "safety")

TITLE = _t(
    "Tillitsdialog i Backa",
    "Trust dialogue in Backa",
    "حوار الثقة في باكا",
    "Wadahadalka kalsoonida ee Backa",
    "گفت‌وگوی اعتماد در باکا",
)
INTRO = _t(
    "Vi vill lyssna på dig som bor och lever i Backa. Berätta om din vardag: vad som är bra, "
    "vad som är svårt och vad som får dig att lita på grannar, föreningar och stadsdelen – eller inte.",
    "We want to listen to you who live in Backa. Tell us about your everyday life: what is good, "
    "what is hard, and what makes you trust your neighbours, local associations and the district – or not.",
    "نريد أن نستمع إليك أنت الذي تسكن وتعيش في باكا. حدّثنا عن حياتك اليومية: ما الجيد فيها، "
    "وما الصعب، وما الذي يجعلك تثق بجيرانك والجمعيات والحيّ الإداري – أو لا يجعلك تثق.",
    "Waxaan doonaynaa inaan ku dhegeysanno adiga oo deggan kuna nool Backa. Noo sheeg nolol "
    "maalmeedkaaga: waxa fiican, waxa adag, iyo waxa kaa dhigaya inaad ku kalsoonaato deriskaaga, "
    "ururada iyo degmada – ama aadan ku kalsoonaan.",
    "می‌خواهیم به حرف شما که در باکا زندگی می‌کنید گوش دهیم. از زندگی روزمره‌تان بگویید: چه چیزی "
    "خوب است، چه چیزی سخت است و چه چیزی باعث می‌شود به همسایه‌ها، انجمن‌ها و منطقه اعتماد کنید – یا نکنید.",
)
PROMISE = _t(
    "Temagruppen läser varje berättelse. Vi samlar det vi hört per tema och visar citat – bara från "
    "dem som sagt ja – på sidan ”Det här har vi hört”. I juni berättar vi på Selma Center vad vi gör med det.",
    "The theme group reads every story. We gather what we heard by theme and show quotes – only from "
    "those who said yes – on the “What we heard” page. In June we tell you at Selma Center what we will do with it.",
    "تقرأ مجموعة العمل كل قصة. نجمع ما سمعناه حسب الموضوع ونعرض اقتباسات – فقط ممن وافقوا – "
    "في صفحة «ما سمعناه». في يونيو نخبركم في مركز سلما بما سنفعله بذلك.",
    "Kooxda mawduucu waxay akhrisaa sheeko kasta. Waxaan u ururinnaa waxa aan maqalnay mawduuc ahaan, "
    "waxaana soo bandhignaa xigashooyin – kaliya kuwa oggolaaday – bogga “Waxa aan maqalnay”. "
    "Bisha Juun waxaan idiinku sheegi doonnaa Selma Center waxa aan ku samayn doonno.",
    "گروه موضوعی همهٔ داستان‌ها را می‌خواند. آنچه را شنیده‌ایم بر اساس موضوع جمع می‌کنیم و "
    "نقل‌قول‌ها را – فقط از کسانی که موافقت کرده‌اند – در صفحهٔ «آنچه شنیدیم» نشان می‌دهیم. "
    "در ماه ژوئن در مرکز سلما می‌گوییم با آن چه می‌کنیم.",
)
PROMPTS = [
    _t(
        "Vad är din berättelse - hur är det att bo i Backa?",
        "What is your story – what is it like to live in Backa?",
        "ما قصتك – كيف هي الحياة في باكا؟",
        "Waa maxay sheekadaadu – sidee tahay ku noolaanshaha Backa?",
        "داستان شما چیست – زندگی در باکا چطور است؟",
    ),
    _t(
        "Hur kan vi tillsammans stärka tilliten?",
        "How can we together strengthen trust?",
        "كيف يمكننا معاً أن نقوّي الثقة؟",
        "Sidee si wadajir ah u xoojin karnaa kalsoonida?",
        "چطور می‌توانیم با هم اعتماد را قوی‌تر کنیم؟",
    ),
]
THEMES = [
    _t("Mötesplatser", "Meeting places", "أماكن اللقاء", "Goobaha kulanka", "مکان‌های دیدار"),
    _t(
        "Trygghet på kvällarna",
        "Feeling safe in the evenings",
        "الأمان في المساء",
        "Nabadgelyada fiidkii",
        "احساس امنیت در شب‌ها",
    ),
    _t(
        "Att bli lyssnad på av myndigheter",
        "Being listened to by the authorities",
        "أن تستمع إلينا السلطات",
        "In ay hay'adaha dowladdu na dhegeystaan",
        "شنیده شدن از سوی نهادها",
    ),
    _t(
        "Grannar och gemenskap",
        "Neighbours and community",
        "الجيران والتآلف",
        "Deriska iyo wadajirka",
        "همسایه‌ها و همبستگی",
    ),
    _t(
        "Barn och unga",
        "Children and young people",
        "الأطفال والشباب",
        "Carruurta iyo dhallinyarada",
        "کودکان و نوجوانان",
    ),
    _t(
        "Språk och att vara ny",
        "Language and being new",
        "اللغة وأن تكون جديداً",
        "Luqadda iyo ku cusubaanshaha",
        "زبان و تازه‌وارد بودن",
    ),
]

#: (language, body, prompt index, theme indexes, age band, heard in person, publish, quote, approved)
STORIES = [
    (
        "sv",
        "När Selma Center öppnade fick jag en plats att gå till. Där har jag lärt känna grannar som jag "
        "bott bredvid i tio år utan att prata med. Nu hälsar vi på varandra i trappan.",
        0,
        (0, 3),
        "45_64",
        False,
        True,
        True,
        True,
    ),
    (
        "ar",
        "أثق بالناس هنا، لكن ليس دائماً بالسلطات. عندما يأتون إلى الحي ويستمعون إلينا بلغتنا، تنمو الثقة شيئاً فشيئاً.",
        1,
        (2, 5),
        "30_44",
        True,
        True,
        True,
        True,
    ),
    (
        "so",
        "Carruurtaydu way ku faraxsan yihiin dugsiga, laakiin fiidkii ma doonayo inay keligood ku "
        "socdaan jidka gaaban ee u socda maktabadda. Nal badan ayaa loo baahan yahay.",
        0,
        (1, 4),
        None,
        False,
        True,
        False,
        False,
    ),
]


def load_trust_demo(session) -> bool:
    """Create the Backa trust dialogue unless one is there. Return True if anything was created.

    Needs the Norra Hisingen demo data (areas, topics, theme groups, accounts); flushes, the
    caller commits.
    """
    area = session.scalars(select(Area).where(Area.slug == AREA)).first()
    group = session.scalars(select(ThemeGroup).where(ThemeGroup.slug == GROUP)).first()
    if area is None or group is None:
        return False
    if session.scalars(select(TrustDialogue.id).where(TrustDialogue.area_id == area.id)).first() is not None:
        return False
    lead = session.scalars(select(User).where(User.email == "lead@demo.dialog")).first()
    topics = list(session.scalars(select(Topic).where(Topic.slug.in_(TOPICS)).order_by(Topic.position)))

    dialogue = ops.create_dialogue(
        ops.TrustSettings(
            theme_group=group,
            area=area,
            title=TITLE,
            intro=INTRO,
            promise=PROMISE,
            topics=topics,
            participation_level="dialogue",
            heard_public=True,
        ),
        lead,
    )
    prompts = [ops.add_prompt(dialogue, text) for text in PROMPTS]
    themes = [ops.add_theme(dialogue, name) for name in THEMES]
    ops.set_state(dialogue, "open")

    for number, (language, body, prompt, tags, age, in_person, publish, quote, approved) in enumerate(STORIES):
        story = ops.submit_story(
            dialogue,
            body=body,
            language=language,
            prompt=prompts[prompt],
            age_band=age,
            area=area,
            consent_publish=publish,
            consent_quote=quote,
            idempotency_key=f"demo-trust-story-{number:04d}",
            recorded_by=lead if in_person else None,
            consent_noted=in_person,
        )
        if approved and story.contribution.moderation != "approved":
            approve(story.contribution, lead)
        ops.tag_story(story, [themes[i] for i in tags])
    session.flush()
    return True
