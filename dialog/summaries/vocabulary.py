"""The district's starting theme vocabulary, in five languages. Staff edit it afterwards.

Keywords match as parts of words (``belysning`` finds "gatubelysningen", ``إضاءة`` finds
"الإضاءة"); keywords shorter than four letters match only at the start of a word.
"""

from __future__ import annotations


def _t(sv, en, ar, so, fa) -> dict:
    return {"sv": sv, "en": en, "ar": ar, "so": so, "fa": fa}


#: (name per language, keywords per language)
STARTING_THEMES = [
    (
        _t(
            "Belysning och trygghet på vägen hem",
            "Lighting and safety on the way home",
            "الإضاءة والأمان في طريق العودة",
            "Iftiinka iyo badbaadada jidka guriga",
            "روشنایی و امنیت در راه خانه",
        ),
        _t(
            ["belysning", "lampa", "lampor", "mörk", "mörker", "gatlykt", "upplyst", "otrygg"],
            ["light", "lamp", "dark", "unsafe"],
            ["إضاءة", "اضاءة", "ضوء", "أضواء", "اضواء", "مظلم", "ظلام", "مصابيح", "مصباح", "إنارة", "انارة"],
            ["iftiin", "nalal", "laydh", "mugdi", "madow", "nabadgelyo"],
            ["روشنایی", "چراغ", "تاریک", "تاریکی", "نور"],
        ),
    ),
    (
        _t(
            "Trafik och säkra vägar",
            "Traffic and safe streets",
            "المرور والطرق الآمنة",
            "Gaadiidka iyo waddooyin badbaado leh",
            "ترافیک و خیابان‌های امن",
        ),
        _t(
            ["trafik", "bilar", "fart", "övergångsställe", "cykelväg", "gångväg", "busshållplats"],
            ["traffic", "speed", "crossing", "cycle", "pavement"],
            ["مرور", "سيارات", "سرعة", "ممر المشاة", "دراجات"],
            ["gaadiid", "baabuur", "xawaare", "waddo"],
            ["ترافیک", "ماشین", "سرعت", "خیابان", "دوچرخه"],
        ),
    ),
    (
        _t(
            "Mötesplatser och fritid för unga",
            "Meeting places and leisure for young people",
            "أماكن لقاء وأنشطة للشباب",
            "Goobo kulan iyo waqti firaaqo dhallinyarada",
            "مکان‌های دیدار و اوقات فراغت جوانان",
        ),
        _t(
            ["fritidsgård", "ungdom", "unga", "mötesplats", "fritid", "aktivitet", "läxhjälp"],
            ["youth", "young", "meeting place", "leisure", "activit"],
            ["شباب", "نادي", "أنشطة", "انشطة", "مراهقين"],
            ["dhallinyar", "xarun", "hawlo", "waqti firaaqo"],
            ["جوانان", "نوجوان", "فعالیت", "باشگاه"],
        ),
    ),
    (
        _t(
            "Lekplatser, parker och grönska",
            "Playgrounds, parks and green spaces",
            "الملاعب والحدائق والمساحات الخضراء",
            "Goobaha ciyaarta, beeraha iyo cagaarka",
            "زمین بازی، پارک و فضای سبز",
        ),
        _t(
            ["lekplats", "park", "grönområde", "gunga", "träd", "grönska"],
            ["playground", "park", "green", "swing", "trees"],
            ["ملعب", "ملاعب", "حديقة", "حدائق", "أشجار", "مساحات خضراء"],
            ["goob ciyaar", "ciyaaraha", "beerta", "geedaha", "cagaar"],
            ["زمین بازی", "پارک", "فضای سبز", "درخت"],
        ),
    ),
    (
        _t(
            "Skräp och renhållning",
            "Litter and cleaning",
            "النفايات والنظافة",
            "Qashinka iyo nadaafadda",
            "زباله و نظافت",
        ),
        _t(
            ["skräp", "sopor", "städ", "nedskräp", "sophus", "klotter"],
            ["litter", "rubbish", "waste", "clean", "graffiti"],
            ["نفايات", "قمامة", "نظافة", "أوساخ"],
            ["qashin", "nadaaf", "wasakh"],
            ["زباله", "نظافت", "تمیز", "کثیف"],
        ),
    ),
    (
        _t("Arbete och praktik", "Work and work experience", "العمل والتدريب", "Shaqo iyo tababar", "کار و کارآموزی"),
        _t(
            ["jobb", "arbete", "praktik", "sommarjobb", "arbetslös"],
            ["job", "work", "internship", "unemploy"],
            ["عمل", "وظيفة", "وظائف", "تدريب", "بطالة"],
            ["shaqo", "tababar", "shaqo la'aan"],
            ["شغل", "کارآموزی", "بیکار", "استخدام"],
        ),
    ),
    (
        _t(
            "Tillit och att bli lyssnad på",
            "Trust and being listened to",
            "الثقة وأن يُستمع إلينا",
            "Kalsooni iyo in nala dhageysto",
            "اعتماد و شنیده شدن",
        ),
        _t(
            ["tillit", "lyssna", "förtroende", "grannar", "gemenskap", "inflytande"],
            ["trust", "listen", "neighbour", "community", "influence"],
            ["ثقة", "الثقة", "يستمع", "جيران", "مجتمع"],
            ["kalsooni", "dhageys", "deris", "bulsho"],
            ["اعتماد", "گوش", "همسایه", "جامعه"],
        ),
    ),
]
