"""The Norra Hisingen demo data, from ../shared/seeds/000_* (Jämlikt Norra Hisingen, 2017).

Texts are per-language maps like everything staff write. Loading is idempotent: rows are
matched on their slug or e-mail and left alone when present.
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts import two_factor
from ..accounts.models import User
from ..areas.models import Area, Topic
from ..cafe.demo import load_demo_cafe_dialogues
from ..contributions.demo import load_demo_ideas
from ..extensions import db
from ..matchmaking.demo import load_demo_matchmaking
from ..organisations.models import Organisation
from ..summaries.demo import load_demo_summaries
from ..surveys.demo import load_demo_surveys
from ..themegroups.models import ThemeGroup, ThemeGroupMember
from ..trust.demo import load_trust_demo

DEMO_PASSWORD = "dialog-demo-2026"
#: Demo only: the staff accounts' authenticator key, printed by ``flask demo load`` so anyone
#: trying the demo can add it to an app (or compute codes with ``flask demo code``).
DEMO_TOTP_SECRET = "DIALOGDEMOSTAFFKEYNORRAHISINGEN2"

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
        "ar": "نورا هيسينغن",
        "so": "Norra Hisingen",
        "fa": "نورا هیسینگن",
    },
    "description": {
        "sv": "Stadsdelen i norra Göteborg med Backa, Brunnsbo, Kärra, Rödbo, Selma Stad, Tuve och Säve. Här arbetar vi för en jämlik och socialt hållbar stadsdel.",
        "en": "The district in the north of Gothenburg with Backa, Brunnsbo, Kärra, Rödbo, Selma Stad, Tuve and Säve. Here we work for an equal and socially sustainable district.",
        "ar": "الحيّ الإداري في شمال غوتنبرغ، ويضم باكا وبرونسبو وشيرا وروذبو وسلما ستاد وتوفه وسيفه. نعمل هنا من أجل حيّ عادل ومستدام اجتماعياً.",
        "so": "Degmada waqooyiga Göteborg oo ay ku jiraan Backa, Brunnsbo, Kärra, Rödbo, Selma Stad, Tuve iyo Säve. Halkan waxaan uga shaqeynaa degmo siman oo bulsho ahaan waarta.",
        "fa": "منطقه\u200cای در شمال گوتنبرگ با باکا، برونسبو، شرا، رودبو، سلما استاد، توه و سوه. اینجا برای منطقه\u200cای برابر و از نظر اجتماعی پایدار کار می\u200cکنیم.",
    },
}

NEIGHBOURHOODS = [
    (
        "backa",
        {"sv": "Backa", "en": "Backa", "ar": "باكا", "so": "Backa", "fa": "باکا"},
        {
            "sv": "Ett av de största bostadsområdena i Norra Hisingen, med familjecentral och folkhögskola.",
            "en": "One of the largest neighbourhoods in Norra Hisingen, with a family centre and a folk high school.",
            "ar": "من أكبر الأحياء السكنية في نورا هيسينغن، وفيه مركز للأسرة ومدرسة شعبية للكبار.",
            "so": "Mid ka mid ah xaafadaha ugu waaweyn Norra Hisingen, oo leh xarun qoys iyo dugsi dadweyne.",
            "fa": "یکی از بزرگ\u200cترین محله\u200cهای نورا هیسینگن، با مرکز خانواده و مدرسهٔ مردمی بزرگسالان.",
        },
    ),
    (
        "brunnsbo",
        {"sv": "Brunnsbo", "en": "Brunnsbo", "ar": "برونسبو", "so": "Brunnsbo", "fa": "برونسبو"},
        {
            "sv": "Området runt Brunnsbo torg och Mötesplats Backa Brunnsbo.",
            "en": "The area around Brunnsbo square and the Backa Brunnsbo meeting place.",
            "ar": "المنطقة حول ساحة برونسبو وملتقى باكا برونسبو.",
            "so": "Aagga ku wareegsan fagaaraha Brunnsbo iyo goobta kulanka Backa Brunnsbo.",
            "fa": "محدودهٔ اطراف میدان برونسبو و پاتوق باکا برونسبو.",
        },
    ),
    (
        "karra",
        {"sv": "Kärra", "en": "Kärra", "ar": "شيرا", "so": "Kärra", "fa": "شرا"},
        {
            "sv": "Villor och flerbostadshus i norr. Här har vi haft flera lyssnande dialogmöten.",
            "en": "Houses and blocks of flats in the north. We have held several listening dialogue meetings here.",
            "ar": "فيلات وعمارات سكنية في الشمال. عقدنا هنا عدة لقاءات حوار للاستماع.",
            "so": "Guryo iyo dabaqyo ku yaal waqooyiga. Halkan waxaan ku qabannay dhowr kulan oo dhegeysi ah.",
            "fa": "خانه\u200cهای ویلایی و آپارتمان\u200cها در شمال. اینجا چند نشست گفت\u200cوگو برای شنیدن برگزار کرده\u200cایم.",
        },
    ),
    (
        "rodbo",
        {"sv": "Rödbo", "en": "Rödbo", "ar": "روذبو", "so": "Rödbo", "fa": "رودبو"},
        {
            "sv": "Landsbygd och små samhällen längs Göta älv.",
            "en": "Countryside and small villages along the Göta river.",
            "ar": "ريف وقرى صغيرة على امتداد نهر يوتا.",
            "so": "Miyi iyo tuulooyin yaryar oo ku teedsan webiga Göta.",
            "fa": "روستاها و آبادی\u200cهای کوچک در کنار رود یوتا.",
        },
    ),
    (
        "selma-stad",
        {"sv": "Selma Stad", "en": "Selma Stad", "ar": "سلما ستاد", "so": "Selma Stad", "fa": "سلما استاد"},
        {
            "sv": "En ny stadsdel som växer fram i Backa, med Selma Center.",
            "en": "A new neighbourhood growing in Backa, with Selma Center.",
            "ar": "حيّ جديد ينمو في باكا، وفيه مركز سلما.",
            "so": "Xaafad cusub oo ka koraysa Backa, oo leh Selma Center.",
            "fa": "محله\u200cای تازه که در باکا ساخته می\u200cشود، با مرکز سلما.",
        },
    ),
    (
        "tuve",
        {"sv": "Tuve", "en": "Tuve", "ar": "توفه", "so": "Tuve", "fa": "توه"},
        {
            "sv": "Bostadsområde med skolor, idrottsplatser och natur nära.",
            "en": "A residential area with schools, sports grounds and nature close by.",
            "ar": "حيّ سكني فيه مدارس وملاعب وطبيعة قريبة.",
            "so": "Xaafad leh dugsiyo, garoomo ciyaareed iyo dabiiciga oo u dhow.",
            "fa": "محلهٔ مسکونی با مدرسه، زمین ورزش و طبیعت نزدیک.",
        },
    ),
    (
        "save",
        {"sv": "Säve", "en": "Säve", "ar": "سيفه", "so": "Säve", "fa": "سوه"},
        {
            "sv": "Landsbygd med jordbruk och småorter.",
            "en": "Countryside with farms and small villages.",
            "ar": "ريف فيه مزارع وبلدات صغيرة.",
            "so": "Miyi leh beero iyo magaalooyin yaryar.",
            "fa": "روستا با کشاورزی و آبادی\u200cهای کوچک.",
        },
    ),
]

TOPICS = [
    (
        "good-start",
        {
            "sv": "En god start i livet",
            "en": "A good start in life",
            "ar": "بداية جيدة في الحياة",
            "so": "Bilow wanaagsan oo nolosha ah",
            "fa": "شروعی خوب در زندگی",
        },
        {
            "sv": "De tidiga åren: familjer, förskola och tidiga insatser.",
            "en": "The early years: families, preschool and early support.",
            "ar": "السنوات الأولى: الأسر، والروضة، والدعم المبكر.",
            "so": "Sannadaha hore: qoysaska, xannaanada iyo taageerada hore.",
            "fa": "سال\u200cهای نخست: خانواده، پیش\u200cدبستانی و کمک زودهنگام.",
        },
    ),
    (
        "school-years",
        {
            "sv": "Skolåren",
            "en": "School years",
            "ar": "سنوات الدراسة",
            "so": "Sannadaha dugsiga",
            "fa": "سال\u200cهای مدرسه",
        },
        {
            "sv": "Skola, fritid och stöd till barn och unga.",
            "en": "School, leisure and support for children and young people.",
            "ar": "المدرسة، ووقت الفراغ، ودعم الأطفال والشباب.",
            "so": "Dugsiga, waqtiga firaaqada iyo taageerada carruurta iyo dhallinyarada.",
            "fa": "مدرسه، اوقات فراغت و کمک به کودکان و نوجوانان.",
        },
    ),
    (
        "work",
        {
            "sv": "Förutsättningar för arbete",
            "en": "Work and income",
            "ar": "فرص العمل",
            "so": "Fursadaha shaqo",
            "fa": "زمینه\u200cهای کار",
        },
        {
            "sv": "Studier, praktik och vägar till jobb.",
            "en": "Studies, internships and ways into work.",
            "ar": "الدراسة، والتدريب العملي، والطرق إلى العمل.",
            "so": "Waxbarasho, tababar shaqo iyo waddooyinka shaqada.",
            "fa": "تحصیل، کارآموزی و راه\u200cهای رسیدن به کار.",
        },
    ),
    (
        "living-environment",
        {
            "sv": "Hållbar livsmiljö",
            "en": "Sustainable living environment",
            "ar": "بيئة معيشية مستدامة",
            "so": "Deegaan nololeed oo waara",
            "fa": "محیط زندگی پایدار",
        },
        {
            "sv": "Boende, mötesplatser, grönska och hur området fungerar.",
            "en": "Housing, meeting places, green spaces and how the area works.",
            "ar": "السكن، وأماكن اللقاء، والمساحات الخضراء، وكيف تعمل المنطقة.",
            "so": "Guryaha, goobaha kulanka, cagaarka iyo sida aaggu u shaqeeyo.",
            "fa": "مسکن، پاتوق\u200cها، فضای سبز و این\u200cکه محله چطور کار می\u200cکند.",
        },
    ),
    (
        "participation-trust",
        {
            "sv": "Delaktighet och tillit",
            "en": "Participation and trust",
            "ar": "المشاركة والثقة",
            "so": "Ka qaybqaadasho iyo kalsooni",
            "fa": "مشارکت و اعتماد",
        },
        {
            "sv": "Att bli lyssnad på, kunna påverka och lita på varandra.",
            "en": "Being listened to, being able to influence and trusting each other.",
            "ar": "أن يُستمع إليك، وأن تستطيع التأثير، وأن نثق ببعضنا.",
            "so": "In lagu dhegeysto, in aad saameyn karto iyo in la isku kalsoonaado.",
            "fa": "این\u200cکه به حرفت گوش دهند، بتوانی اثر بگذاری و به هم اعتماد کنیم.",
        },
    ),
    (
        "safety",
        {"sv": "Trygghet", "en": "Safety", "ar": "الأمان", "so": "Nabadgelyo", "fa": "امنیت"},
        {
            "sv": "Att känna sig trygg hemma, ute och i skolan.",
            "en": "Feeling safe at home, outdoors and at school.",
            "ar": "أن تشعر بالأمان في البيت وفي الخارج وفي المدرسة.",
            "so": "In aad nabad dareento guriga, bannaanka iyo dugsiga.",
            "fa": "احساس امنیت در خانه، بیرون و مدرسه.",
        },
    ),
]

#: slug, name, question, description, areas (slugs), topics (slugs), contact, fallback
THEME_GROUPS = [
    {
        "slug": "barn-och-unga",
        "name": {
            "sv": "Barn och Unga",
            "en": "Children and Young People",
            "ar": "الأطفال والشباب",
            "so": "Carruurta iyo Dhallinyarada",
            "fa": "کودکان و نوجوانان",
        },
        "question": {
            "sv": "Hur kan Norra Hisingen bli bra på tidiga upptäckter och tidiga insatser för barn 0–16 år?",
            "en": "How can Norra Hisingen get good at noticing early and helping early, for children aged 0–16?",
            "ar": "كيف يمكن لنورا هيسينغن أن تنجح في الاكتشاف المبكر والدعم المبكر للأطفال من 0 إلى 16 سنة؟",
            "so": "Sidee Norra Hisingen ugu fiicnaan kartaa ogaanshaha hore iyo caawinta hore ee carruurta 0–16 jir ah?",
            "fa": "نورا هیسینگن چطور می\u200cتواند در شناسایی زودهنگام و کمک زودهنگام به کودکان ۰ تا ۱۶ ساله خوب عمل کند؟",
        },
        "description": {
            "sv": "Vi har intervjuat nyckelpersoner och haft workshoppar. Det viktigaste är att alla som arbetar med barn och unga samarbetar i stället för att vara olika öar.",
            "en": "We have interviewed key people and held workshops. What matters most is that everyone who works with children and young people works together instead of being separate islands.",
            "ar": "أجرينا مقابلات مع أشخاص أساسيين ونظّمنا ورش عمل. الأهم أن يتعاون كل من يعمل مع الأطفال والشباب بدلاً من أن يعمل كلٌّ وحده.",
            "so": "Waxaan wareysannay dad muhiim ah oo qabannay aqoon-is-weydaarsiyo. Waxa ugu muhiimsan waa in dhammaan kuwa la shaqeeya carruurta iyo dhallinyaradu ay wada shaqeeyaan halkii ay kala go'naan lahaayeen.",
            "fa": "با افراد کلیدی گفت\u200cوگو کرده\u200cایم و کارگاه برگزار کرده\u200cایم. مهم\u200cترین چیز این است که همهٔ کسانی که با کودکان و نوجوانان کار می\u200cکنند با هم همکاری کنند، نه جدا از هم.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["good-start", "school-years"],
        "contact": "barnochunga@demo.dialog",
    },
    {
        "slug": "barnfattigdom",
        "name": {
            "sv": "Barnfattigdom",
            "en": "Child Poverty",
            "ar": "فقر الأطفال",
            "so": "Saboolnimada carruurta",
            "fa": "فقر کودکان",
        },
        "question": {
            "sv": "Hur kan vi lindra följderna för barn som växer upp med ont om pengar?",
            "en": "How can we ease the effects for children who grow up with little money?",
            "ar": "كيف نخفف من آثار نشأة الأطفال في ظروف مادية صعبة؟",
            "so": "Sidee u yarayn karnaa saameynta carruurta ku koraya lacag yari?",
            "fa": "چطور می\u200cتوانیم پیامدهای بزرگ شدن با کمبود پول را برای کودکان کمتر کنیم؟",
        },
        "description": {
            "sv": "Gruppens förslag ingår nu i stadens planer, till exempel att fler barn ska gå i förskolan och stanna där längre.",
            "en": "The group's proposals are now part of the city's plans, for example that more children go to preschool and stay there longer.",
            "ar": "أصبحت اقتراحات المجموعة جزءاً من خطط المدينة، مثلاً أن يذهب عدد أكبر من الأطفال إلى الروضة ويبقوا فيها مدة أطول.",
            "so": "Soo jeedinnada kooxda hadda waxay ka mid yihiin qorshayaasha magaalada, tusaale in carruur badan ay aadaan xannaanada oo ay muddo dheer joogaan.",
            "fa": "پیشنهادهای گروه اکنون بخشی از برنامه\u200cهای شهر است، مثلاً این\u200cکه کودکان بیشتری به پیش\u200cدبستانی بروند و مدت بیشتری آنجا بمانند.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["good-start"],
        "contact": "barnfattigdom@demo.dialog",
    },
    {
        "slug": "integration",
        "name": {
            "sv": "Integration – kommun och civilsamhälle tillsammans",
            "en": "Integration – the city and civil society together",
            "ar": "الاندماج – البلدية والمجتمع المدني معاً",
            "so": "Is-dhexgalka – dowladda hoose iyo bulshada rayidka ah oo wada jira",
            "fa": "ادغام – شهرداری و جامعهٔ مدنی با هم",
        },
        "question": {
            "sv": "Hur kan kommunen och föreningarna tillsammans stödja dem som är nya i Sverige?",
            "en": "How can the city and local associations together support people who are new to Sweden?",
            "ar": "كيف يمكن للبلدية والجمعيات أن تدعما معاً القادمين الجدد إلى السويد؟",
            "so": "Sidee dowladda hoose iyo ururadu si wadajir ah u taageeri karaan dadka ku cusub Iswiidhan?",
            "fa": "شهرداری و انجمن\u200cها چطور می\u200cتوانند با هم به تازه\u200cواردان سوئد کمک کنند؟",
        },
        "description": {
            "sv": "Vi samordnar kontakter och insatser mellan stadsdelen och civilsamhället kring arbete och stöd till nyanlända.",
            "en": "We coordinate contacts and efforts between the district and civil society on work and support for newcomers.",
            "ar": "ننسّق الاتصالات والجهود بين الحيّ والمجتمع المدني في مجالي العمل ودعم القادمين الجدد.",
            "so": "Waxaan isku dubbaridnaa xiriirada iyo dadaallada u dhexeeya degmada iyo bulshada rayidka ah ee ku saabsan shaqada iyo taageerada dadka cusub.",
            "fa": "تماس\u200cها و کارهای منطقه و جامعهٔ مدنی را دربارهٔ کار و پشتیبانی از تازه\u200cواردان هماهنگ می\u200cکنیم.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["work", "participation-trust"],
        "contact": "integration@demo.dialog",
    },
    {
        "slug": "unga-vuxna",
        "name": {
            "sv": "Unga Vuxna",
            "en": "Young Adults",
            "ar": "الشباب البالغون",
            "so": "Dhallinyarada qaangaarka ah",
            "fa": "جوانان",
        },
        "question": {
            "sv": "Hur stärker vi stödet till unga mellan 15 och 24 år, och var finns luckorna?",
            "en": "How do we strengthen support for young people aged 15 to 24, and where are the gaps?",
            "ar": "كيف نقوّي الدعم للشباب بين 15 و24 سنة، وأين الثغرات؟",
            "so": "Sidee u xoojin karnaa taageerada dhallinyarada 15 ilaa 24 jir ah, halkeese ay ka maqan tahay?",
            "fa": "چطور کمک به جوانان ۱۵ تا ۲۴ ساله را قوی\u200cتر کنیم و کمبودها کجاست؟",
        },
        "description": {
            "sv": "Fokus på meningsfull sysselsättning, delaktighet i samhället och minskat utanförskap.",
            "en": "Focus on meaningful occupation, taking part in society and less exclusion.",
            "ar": "التركيز على نشاط ذي معنى، والمشاركة في المجتمع، وتقليل الإقصاء.",
            "so": "Diiradda waxaa la saaraa shaqo macno leh, ka qaybqaadashada bulshada iyo yaraynta go'doominta.",
            "fa": "تمرکز بر فعالیت معنادار، مشارکت در جامعه و کاهش طردشدگی.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["work", "school-years"],
        "contact": "ungavuxna@demo.dialog",
    },
    {
        "slug": "omradesarbete-brunnsbo",
        "name": {
            "sv": "Områdesarbete Brunnsbo",
            "en": "Neighbourhood Work in Brunnsbo",
            "ar": "العمل المحلي في برونسبو",
            "so": "Shaqada xaafadda Brunnsbo",
            "fa": "کار محله\u200cای برونسبو",
        },
        "question": {
            "sv": "Vad är ett levande Brunnsbo för dig?",
            "en": "What does a lively Brunnsbo mean to you?",
            "ar": "ما معنى برونسبو الحيّة بالنسبة لك؟",
            "so": "Maxay kula tahay Brunnsbo nool?",
            "fa": "برونسبوی سرزنده برای شما یعنی چه؟",
        },
        "description": {
            "sv": "Grillning på torget, cykelturer, odlingar och nya aktiviteter för alla åldrar. Att skapa relationer är grunden.",
            "en": "Barbecues on the square, bike rides, gardening and new activities for all ages. Building relationships comes first.",
            "ar": "شواء في الساحة، وجولات بالدراجات، وزراعة، وأنشطة جديدة لكل الأعمار. بناء العلاقات هو الأساس.",
            "so": "Hilib dubis fagaaraha, socod baaskiil, beerid iyo hawlo cusub oo da' kasta ah. Abuuridda xiriirku waa aasaaska.",
            "fa": "کباب\u200cپزی در میدان، دوچرخه\u200cسواری، باغبانی و فعالیت\u200cهای تازه برای همهٔ سنین. ساختن رابطه پایهٔ کار است.",
        },
        "areas": ["brunnsbo"],
        "topics": ["living-environment", "participation-trust", "safety"],
        "contact": "brunnsbo@demo.dialog",
    },
    {
        "slug": "trygg-i-norra-hisingen",
        "name": {
            "sv": "Trygg i Norra Hisingen",
            "en": "Safe in Norra Hisingen",
            "ar": "آمن في نورا هيسينغن",
            "so": "Nabad ku ah Norra Hisingen",
            "fa": "امن در نورا هیسینگن",
        },
        "question": {
            "sv": "Vad behövs för att du ska känna dig trygg där du bor?",
            "en": "What do you need to feel safe where you live?",
            "ar": "ما الذي تحتاجه لتشعر بالأمان حيث تسكن؟",
            "so": "Maxaa loo baahan yahay si aad nabad ugu dareento meesha aad ku nooshahay?",
            "fa": "چه چیزی لازم است تا جایی که زندگی می\u200cکنید احساس امنیت کنید؟",
        },
        "description": {
            "sv": "Vi arbetar tillsammans med polisen. Planen bygger på medborgarenkäten, och lokala trygghetsråd med invånare, föreningar och företag ska starta.",
            "en": "We work together with the police. Our plan is built on the residents' survey, and local safety councils with residents, associations and businesses will start.",
            "ar": "نعمل مع الشرطة. تقوم خطتنا على استبيان السكان، وستبدأ مجالس أمان محلية تضم السكان والجمعيات والشركات.",
            "so": "Waxaan la shaqeynaa booliska. Qorshaha wuxuu ku salaysan yahay sahanka dadweynaha, waxaana bilaaban doona golayaal nabadgelyo oo deegaan ah oo ay ku jiraan dadka, ururada iyo shirkadaha.",
            "fa": "ما با پلیس کار می\u200cکنیم. برنامه بر پایهٔ نظرسنجی از ساکنان است و شوراهای محلی امنیت با ساکنان، انجمن\u200cها و کسب\u200cوکارها راه می\u200cافتد.",
        },
        "areas": ["norra-hisingen"],
        "topics": ["safety"],
        "contact": "trygg@demo.dialog",
    },
    {
        "slug": "jamlikt-norra-hisingen",
        "name": {
            "sv": "Jämlikt Norra Hisingen",
            "en": "Equal Norra Hisingen",
            "ar": "نورا هيسينغن المتساوية",
            "so": "Norra Hisingen siman",
            "fa": "نورا هیسینگنِ برابر",
        },
        "question": {
            "sv": "Vart ska ditt förslag? Vi ser till att det kommer till rätt personer.",
            "en": "Where should your idea go? We make sure it reaches the right people.",
            "ar": "إلى أين يذهب اقتراحك؟ نحن نتأكد من وصوله إلى الأشخاص المناسبين.",
            "so": "Halkee u socotaa soo jeedintaadu? Waxaan hubinaynaa inay gaarto dadka saxda ah.",
            "fa": "پیشنهاد شما به کجا برود؟ ما مطمئن می\u200cشویم که به افراد درست می\u200cرسد.",
        },
        "description": {
            "sv": "Processledningen för Jämlikt Norra Hisingen tar emot allt som ingen annan temagrupp har ansvar för.",
            "en": "The process leaders of Equal Norra Hisingen receive everything that no other theme group is responsible for.",
            "ar": "يستقبل فريق قيادة العمليات في «نورا هيسينغن المتساوية» كل ما لا تتحمل مسؤوليته مجموعة عمل أخرى.",
            "so": "Hoggaanka habsocodka Norra Hisingen siman wuxuu qaataa wax kasta oo aysan koox mawduuc kale mas'uul ka ahayn.",
            "fa": "رهبری فرایند «نورا هیسینگنِ برابر» هر چیزی را می\u200cگیرد که هیچ گروه موضوعی دیگری مسئولش نیست.",
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
    (
        "Mötesplats Backa Brunnsbo",
        "association",
        ["backa", "brunnsbo"],
        {
            "sv": "En öppen mötesplats med linedance, ukuleleträffar och odling.",
            "en": "An open meeting place with line dancing, ukulele meet-ups and gardening.",
            "ar": "ملتقى مفتوح فيه رقص جماعي ولقاءات عزف على اليوكوليلي وزراعة.",
            "so": "Goob kulan oo furan oo leh qoob-ka-ciyaar, kulamo ukulele iyo beerid.",
            "fa": "پاتوقی باز با رقص گروهی، دورهمی یوکللی و باغبانی.",
        },
        ["org@demo.dialog"],
    ),
    (
        "Backa i Fokus",
        "municipal_project",
        ["backa", "selma-stad"],
        {
            "sv": "Stadsdelens utvecklingsarbete i Backa, bland annat Selma Center och folkhögskolan.",
            "en": "The district's development work in Backa, including Selma Center and the folk high school.",
            "ar": "أعمال التطوير التي يقوم بها الحيّ في باكا، ومنها مركز سلما والمدرسة الشعبية.",
            "so": "Shaqada horumarinta degmada ee Backa, oo ay ku jiraan Selma Center iyo dugsiga dadweynaha.",
            "fa": "کارهای توسعهٔ منطقه در باکا، از جمله مرکز سلما و مدرسهٔ مردمی.",
        },
        [],
    ),
    (
        "Polisen Hisingen",
        "authority",
        ["norra-hisingen"],
        {
            "sv": "Lokalpolisområde Hisingen, partner i trygghetsarbetet.",
            "en": "The local police area of Hisingen, a partner in the safety work.",
            "ar": "منطقة الشرطة المحلية في هيسينغن، شريك في العمل من أجل الأمان.",
            "so": "Aagga booliska deegaanka Hisingen, oo la-hawlgal ka ah shaqada nabadgelyada.",
            "fa": "پلیس محلی هیسینگن، شریک در کار امنیت.",
        },
        [],
    ),
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
    db.session.flush()
    for user in users.values():
        if two_factor.required_for(user):
            two_factor.set_known_secret(user, DEMO_TOTP_SECRET)

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
    load_demo_ideas()
    load_demo_surveys()
    load_demo_cafe_dialogues()
    load_trust_demo(db.session)
    load_demo_matchmaking()
    load_demo_summaries()
    return True
