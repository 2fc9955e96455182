"""Languages: negotiation, html lang/dir, the translated() helper, catalogue health."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dialog.i18n import LANGUAGE_COOKIE, LANGUAGES, translated

ROOT = Path(__file__).resolve().parent.parent


def html_attrs(html: str):
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html)
    assert match, "no <html lang dir>"
    return match.groups()


@pytest.mark.parametrize("code,direction", [("sv", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("so", "ltr"), ("fa", "rtl")])
def test_html_lang_and_dir_follow_the_cookie(client, code, direction):
    client.set_cookie(LANGUAGE_COOKIE, code, domain="dialog.test")
    response = client.get("/")
    assert html_attrs(response.get_data(as_text=True)) == (code, direction)


def test_default_is_swedish(client):
    assert html_attrs(client.get("/").get_data(as_text=True)) == ("sv", "ltr")


def test_accept_language_is_used_without_a_choice(client):
    response = client.get("/", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert html_attrs(response.get_data(as_text=True)) == ("fa", "rtl")


def test_unknown_accept_language_falls_back_to_swedish(client):
    response = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert html_attrs(response.get_data(as_text=True)) == ("sv", "ltr")


def test_cookie_beats_accept_language(client):
    client.set_cookie(LANGUAGE_COOKIE, "so", domain="dialog.test")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert html_attrs(response.get_data(as_text=True)) == ("so", "ltr")


def test_switcher_sets_cookie_and_profile(client, factories, login):
    user = login(factories.user(language="sv"))
    response = client.post("/language", data={"language": "ar", "next": "/areas/x"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/areas/x")
    assert f"{LANGUAGE_COOKIE}=ar" in response.headers["Set-Cookie"]
    from dialog.extensions import db

    db.session.refresh(user)
    assert user.language == "ar"


def test_switcher_rejects_unknown_language_and_foreign_next(client):
    assert client.post("/language", data={"language": "xx"}).status_code == 400
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] in ("/", "http://dialog.test/")


def test_profile_language_used_when_no_cookie(client, factories, login):
    login(factories.user(language="fa"))
    client.delete_cookie(LANGUAGE_COOKIE, domain="dialog.test")
    assert html_attrs(client.get("/").get_data(as_text=True)) == ("fa", "rtl")


def test_ui_is_actually_translated(client):
    client.set_cookie(LANGUAGE_COOKIE, "en", domain="dialog.test")
    assert "Skip to content" in client.get("/").get_data(as_text=True)
    client.set_cookie(LANGUAGE_COOKIE, "sv", domain="dialog.test")
    assert "Hoppa till innehållet" in client.get("/").get_data(as_text=True)


def test_translated_helper_fallbacks():
    assert translated({"sv": "Hej", "ar": "مرحبا"}, "ar") == "مرحبا"
    assert translated({"sv": "Hej", "ar": ""}, "ar") == "Hej"
    assert translated({"en": "Hello", "so": "Salaan"}, "fa") == "Hello"
    assert translated({}, "sv") == ""
    assert translated(None, "sv") == ""


def test_catalogues_complete_and_not_fuzzy():
    for code in LANGUAGES:
        if code == "sv":
            continue
        po_path = ROOT / "translations" / code / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=code)
        missing = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:3]}"
        assert not fuzzy, f"{code}: fuzzy entries {fuzzy[:3]}"


def test_swedish_catalogue_complete():
    with (ROOT / "translations" / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    missing = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    assert not missing, f"sv: {missing[:5]}"


def test_messages_pot_is_not_stale(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "--omit-header",
            "--sort-output",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    committed = ROOT / "translations" / "messages.pot"

    def ids(path):
        with path.open("rb") as fh:
            return {m.id for m in read_po(fh) if m.id}

    assert ids(fresh) == ids(committed), "messages.pot is stale: run `make translations`"


# --- WTForms' own messages ---------------------------------------------------------------------

EXPECTED_FORM_MESSAGES = {
    # language: (a choice not in the list, a number that is not one, too long, too long in a sub-form)
    "sv": ("Välj ett av alternativen i listan.", "Skriv ett heltal, till exempel 12.", "Använd högst 5 tecken."),
    "en": ("Choose one of the options in the list.", "Write a whole number, like 12.", "Use at most 5 characters."),
    "ar": ("اختر أحد الخيارات من القائمة.", "اكتب عدداً صحيحاً، مثل 12.", "استخدم 5 أحرف على الأكثر."),
    "so": (
        "Ka dooro mid ka mid ah doorashooyinka liiska.",
        "Qor tiro dhan, tusaale 12.",
        "Isticmaal ugu badnaan 5 xaraf.",
    ),
    "fa": ("یکی از گزینه‌های فهرست را انتخاب کنید.", "یک عدد صحیح بنویسید، مثلاً 12.", "حداکثر 5 نویسه به کار ببرید."),
}


@pytest.mark.parametrize("code", LANGUAGES)
def test_wtforms_own_messages_are_ours_in_every_language(app, code):
    """A tampered choice, an unreadable number and a default length message read in the page's
    language and in plain words, in Somali too (WTForms has no Somali), and in sub-forms."""
    from flask_babel import force_locale
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict
    from wtforms import IntegerField, SelectField, StringField
    from wtforms.validators import Length

    from dialog.core.forms import translations_field

    class Probe(FlaskForm):
        class Meta:
            csrf = False

        colour = SelectField(choices=[("red", "Red")])
        count = IntegerField()
        name = StringField(validators=[Length(max=5)])
        title = translations_field("Title", required=False, max_length=5)

    data = MultiDict({"colour": "tampered", "count": "tolv", "name": "for long", "title-so": "for long"})
    with app.test_request_context("/", method="POST", data=data):
        app.preprocess_request()
        with force_locale(code):
            form = Probe()
            assert not form.validate()
            choice, number, length = EXPECTED_FORM_MESSAGES[code]
            assert form.colour.errors == [choice]
            assert form.count.errors == [number]
            assert form.name.errors == [length]
            assert form.title.form["so"].errors == [length]


def test_tampered_choice_on_a_public_form_is_explained_in_somali(client, factories):
    from dialog.cafe import links

    from .cafe.helpers import make_cafe_dialogue

    district = factories.area("nh", name={"sv": "Norra Hisingen"})
    backa = factories.area("backa", parent=district, name={"sv": "Backa"})
    group = factories.group("trygg", areas=[district], district=district)
    dialogue = make_cafe_dialogue(None, group, backa)
    client.set_cookie(LANGUAGE_COOKIE, "so", domain="dialog.test")
    response = client.post(
        f"/cafe/{links.event_token(dialogue)}/proposal",
        data={
            "body": "Garoon kubadda cagta",
            "table_number": "abc",
            "round_id": "0",
            "language": "xx",
            "idempotency_key": "k" * 24,
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.count("Ka dooro mid ka mid ah doorashooyinka liiska.") >= 2  # table and language
    assert "Not a valid choice" not in html and "could not coerce" not in html
    assert "Garoon kubadda cagta" in html  # what they wrote is kept


@pytest.mark.parametrize("code", ["sv", "en", "ar", "so", "fa"])
def test_a_meetings_date_and_time_show_no_seconds(app, code):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from dialog.i18n import date_and_time

    with app.test_request_context(), force_locale(code):
        shown = date_and_time(datetime(2026, 11, 4, 18, 0, 5, tzinfo=UTC))
    assert "2026" in shown and ":05" not in shown and ("19:00" in shown or "7:00" in shown), shown
