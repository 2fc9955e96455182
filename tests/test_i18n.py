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


@pytest.mark.parametrize(
    "code,direction", [("sv", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("so", "ltr"), ("fa", "rtl")]
)
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
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "--no-location", "--omit-header", "--sort-output", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    committed = ROOT / "translations" / "messages.pot"

    def ids(path):
        with path.open("rb") as fh:
            return {m.id for m in read_po(fh) if m.id}

    assert ids(fresh) == ids(committed), "messages.pot is stale: run `make translations`"
