"""The personal-data check: every valid personnummer, samordningsnummer, phone number and e-mail
address is held; ordinary numbers (case numbers, amounts, dates, postcodes) are not."""

from __future__ import annotations

import pytest

from dialog.contributions.detectors import find_personal_data, looks_like_a_case_number

ORDINARY = [
    "Ärendenummer 031013-0508 gäller parken",
    "Ärende 2023-04567 om belysningen vid skolan",
    "Bussen 16 och 19 går inte efter 22.00",
    "Det kostar 1 250 kronor per år att vara med",
    "Vi var 35 personer på mötet den 12 mars 2024",
    "Postnummer 422 42 Hisings Backa",
    "Backavägen 14, lägenhet 1102",
    "Föreningens organisationsnummer är 802456-1234",
    "Referens 850101-0000 från stadsdelen",
    "Faktura 0412250999 är betald",
    "Beställning 050607-1111 har kommit",
    "För unga mellan 18 och 29 år",
    "Ungefär 2000 barn bor i området",
    "Klockan 17.30–19.00 på Backa bibliotek",
    "Diarienummer 2024/1234",
    "Vi behöver 3-4 nya bänkar vid lekplatsen",
    "Det var -5 grader i morse",
    "Lokalen rymmer 120 personer",
    "Mellan 2019 och 2023 stängdes 4 fritidsgårdar",
    "Ärende 0909152208 hos fastighetsägaren",
    "Kontrakt 0203041234 för lokalen",
    "Linje 6 mot Kortedala går var 10:e minut",
]
PERSONAL = [
    "Mitt personnummer är 811218-9876",
    "pnr 640823-3234",
    "Barnets nummer 121212-1212",
    "Född 19121212-1212",
    "900101-1239 heter jag",
    "8507099284",
    "198507099284 är mitt",
    "Samordningsnummer 701063-2383",
    "461280-1235 är mitt samordningsnummer",
    "19701063-2383",
    "Ring 070-123 45 67",
    "0701234567",
    "+46 70 123 45 67",
    "0046701234567",
    "Kontor 031-123 45 67",
    "08-123 456 78",
    "0303-12 34 56",
    "073 987 65 43",
    "+46317001000",
    "anna@example.se",
    "a.b+c@gmail.com",
    "kontakt@sub.goteborg.se",
    "Skriv till ahmed.ali@hotmail.com",
    "info@forening.nu",
]


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_data_is_still_held(text):
    assert find_personal_data(text), text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_held(text):
    assert find_personal_data(text) == [], text


def test_the_figures():
    held = sum(1 for t in ORDINARY if find_personal_data(t))
    kept = sum(1 for t in PERSONAL if find_personal_data(t))
    assert (held, kept) == (0, len(PERSONAL)) == (0, 24)


@pytest.mark.parametrize(
    "candidate,case_number",
    [
        ("031013-0508", True),  # date-shaped, check digit wrong: a case number
        ("0310130508", True),
        ("031-013 05 08", False),  # written as a Gothenburg number: a phone number
        ("070-101 23 45", False),
        ("0701012345", False),  # mobile
        ("+46310130508", False),
        ("811218-9876", False),  # a valid personnummer is never a mere case number
    ],
)
def test_case_number_or_phone(candidate, case_number):
    assert looks_like_a_case_number(candidate) is case_number


def test_a_phone_number_written_like_one_is_held_even_if_date_shaped():
    kinds = [f.kind for f in find_personal_data("Ring mig på 031-013 05 08 efter fem")]
    assert kinds == ["phone"]
