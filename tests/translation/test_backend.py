"""The translation interface against the LibreTranslate test server, and sentence splitting."""

import json
import urllib.request

import pytest

from dialog.translation.backend import Unavailable, Unsupported, get_translator
from dialog.translation.libretranslate import LibreTranslateClient
from dialog.translation.sentences import split_text, text_hash


def test_stub_speaks_libretranslates_api(stub):
    languages = json.loads(urllib.request.urlopen(stub.url + "/languages").read())
    assert {"code": "ar", "name": "Arabic", "targets": ["sv", "en", "fa"]} in languages
    assert "so" not in {entry["code"] for entry in languages}
    request = urllib.request.Request(
        stub.url + "/translate",
        data=json.dumps({"q": "ملعب", "source": "ar", "target": "sv", "format": "text"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert json.loads(urllib.request.urlopen(request).read()) == {"translatedText": "lekplats"}


def test_client_translates_a_batch(stub):
    client = LibreTranslateClient(stub.url)
    assert client.translate(["ملعب", "مدرسة"], "ar", "sv") == ["lekplats", "skola"]
    assert client.supports("ar", "sv") and not client.supports("so", "sv")


def test_missing_pair_is_unsupported_not_an_error(stub):
    client = LibreTranslateClient(stub.url)
    with pytest.raises(Unsupported):
        client.translate(["Waxaan jeclahay xaafadda"], "so", "sv")
    assert stub.translate_calls == 0  # known from /languages: nothing was sent


def test_server_down_or_slow_is_unavailable(stub):
    stub.down = True
    with pytest.raises(Unavailable):
        LibreTranslateClient(stub.url).translate(["x"], "ar", "sv")
    stub.down, stub.latency = False, 0.5
    client = LibreTranslateClient(stub.url, timeout=0.1)
    with pytest.raises(Unavailable):
        client.translate(["x"], "ar", "sv")
    with pytest.raises(Unavailable):
        LibreTranslateClient("http://127.0.0.1:9", timeout=0.5).translate(["x"], "ar", "sv")


def test_server_error_is_unavailable(stub):
    client = LibreTranslateClient(stub.url)
    client.pairs()
    stub.fail_next = 1
    with pytest.raises(Unavailable):
        client.translate(["x"], "ar", "sv")
    assert client.translate(["ملعب"], "ar", "sv") == ["lekplats"]


def test_no_backend_configured(app):
    assert get_translator(app) is None


def test_split_at_sentence_boundaries():
    text = "Första meningen är här. Andra meningen kommer sedan! Tredje? " + "Sista meningen."
    pieces = split_text(text, 40)
    assert pieces == ["Första meningen är här.", "Andra meningen kommer sedan! Tredje?", "Sista meningen."]
    assert all(len(p) <= 40 for p in pieces)
    arabic = "جملة أولى طويلة؟ جملة ثانية طويلة أيضا؟ جملة ثالثة"
    assert split_text(arabic, 25) == ["جملة أولى طويلة؟", "جملة ثانية طويلة أيضا؟", "جملة ثالثة"]
    long_word = "a" * 30
    assert split_text(long_word, 12) == ["a" * 12, "a" * 12, "a" * 6]
    assert split_text("kort", 100) == ["kort"]


def test_hash_changes_with_the_text():
    assert text_hash("a", None, "b") == text_hash("a", "", "b")
    assert text_hash("a", None, "b") != text_hash("a", None, "c")
    assert text_hash("ab", None, "c") != text_hash("a", "b", "c")


def test_argos_without_the_package_is_off(app):
    from dialog.translation.argos import argos_available
    from dialog.translation.backend import reset_translator

    app.config["TRANSLATE_BACKEND"] = "argos"
    reset_translator(app)
    try:
        if argos_available():
            pytest.skip("argostranslate is installed here")
        assert get_translator(app) is None  # the app behaves as with no back end
    finally:
        app.config["TRANSLATE_BACKEND"] = ""
        reset_translator(app)


def test_argos_with_its_models_translates(app):
    """Runs only where argostranslate and an Arabic→English model are installed."""
    pytest.importorskip("argostranslate")
    from dialog.translation.argos import ArgosTranslator

    translator = ArgosTranslator()
    if not translator.supports("ar", "en"):
        pytest.skip("no Arabic→English Argos model installed")
    [text] = translator.translate(["مرحبا"], "ar", "en")
    assert text.strip()
    if not translator.supports("so", "sv"):
        with pytest.raises(Unsupported):
            translator.translate(["x"], "so", "sv")
