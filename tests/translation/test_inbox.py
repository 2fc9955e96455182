"""Staff read contributions in their language in the inbox: labelled, original a click away, searchable."""

import re

from dialog.extensions import db
from dialog.moderation import operations as moderation

from .helpers import contribute

ARABIC_TITLE = "ملعب أفضل للأطفال في باكا"
ARABIC_BODY = "نحتاج إلى إضاءة في الطريق إلى المدرسة، فالأطفال يخافون في الشتاء."


def test_inbox_row_shows_the_translation_labelled_with_the_original(client, stub, place, login):
    contribute(place, ARABIC_BODY, title=ARABIC_TITLE)
    login(place["member"])
    html = client.get("/inbox/trygg").get_data(as_text=True)
    assert 'lang="sv" dir="ltr">En bättre lekplats för barnen i Backa</a>' in html
    assert "Maskinöversättning" in html or "Machine translation" in html
    assert f'<span lang="ar" dir="auto">{ARABIC_TITLE}</span>' in html
    assert "<details" in html


def test_detail_shows_translation_and_original(client, stub, place, login):
    c = contribute(place, ARABIC_BODY, title=ARABIC_TITLE)
    login(place["member"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert re.search(r'<h1 lang="sv" dir="ltr">En bättre lekplats för barnen i Backa</h1>', html)
    assert 'lang="sv" dir="ltr">Vi behöver belysning på vägen till skolan, barnen är rädda på vintern.</div>' in html
    assert '<details class="original-text">' in html and ARABIC_BODY in html
    assert 'lang="ar" dir="auto"' in html


def test_reader_of_the_same_language_sees_only_the_original(client, stub, place, login):
    c = contribute(place, "Bättre belysning", language="sv")
    login(place["member"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "original-text" not in html and "machine-note" not in html


def test_public_page_always_shows_the_original(client, stub, place, factories):
    c = contribute(place, ARABIC_BODY, title=ARABIC_TITLE)
    moderation.approve(c, place["member"])
    db.session.commit()
    html = client.get(f"/contributions/{c.id}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert ARABIC_BODY in html and "Vi behöver belysning" not in html


def test_somali_says_no_machine_translation(client, stub, place, login):
    c = contribute(place, "Waxaan rabaa nal ku yaal waddada dugsiga", language="so")
    login(place["member"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "Ingen maskinöversättning för det här språket" in html or "No machine translation" in html
    assert "Waxaan rabaa nal" in html
    assert client.get("/inbox/trygg").status_code == 200


def test_held_text_says_why_it_is_not_translated(client, stub, place, login):
    c = contribute(place, "اتصل بي 070-123 45 67")
    login(place["member"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "personuppgifter" in html or "personal data" in html
    assert stub.received == []


def test_server_down_serves_the_original_with_a_note(client, stub, place, login):
    stub.down = True
    c = contribute(place, ARABIC_BODY)
    login(place["member"])
    response = client.get(f"/inbox/contributions/{c.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ARABIC_BODY in html and "machine-note" in html
    assert client.get("/inbox/trygg").status_code == 200


def test_no_backend_looks_as_before(client, place, login):
    c = contribute(place, ARABIC_BODY)
    login(place["member"])
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "machine-note" not in html and "machine-label" not in html and ARABIC_BODY in html


def test_search_finds_words_of_the_translation(client, stub, place, login):
    contribute(place, "حديقة جديدة", title="حديقة")
    contribute(place, "Något annat helt", language="sv", title="Annat")
    login(place["member"])
    html = client.get("/inbox/trygg?q=park").get_data(as_text=True)
    assert "حديقة" in html and "Annat" not in html
    # the original's words still find it
    assert "حديقة" in client.get("/inbox/trygg?q=حديقة").get_data(as_text=True)


def test_inbox_queries_do_not_grow_with_translations(client, stub, place, login, count_queries):
    login(place["member"])

    def run():
        from dialog.core import cache

        cache.clear()
        with count_queries() as statements:
            assert client.get("/inbox/trygg").status_code == 200
        return len(statements)

    contribute(place, "ملعب", title="ملعب")
    few = run()
    for i in range(12):
        contribute(place, f"مدرسة {i}", title=f"مدرسة {i}")
        contribute(place, f"Waxaan {i}", language="so")
    assert run() == few


def test_translate_now_for_a_contribution_from_before(client, app, place, login, stub_server):
    c = contribute(place, ARABIC_BODY)  # arrives while machine translation is off
    from dialog.translation.backend import reset_translator

    stub_server.reset()
    app.config.update(TRANSLATE_URL=stub_server.url, TRANSLATE_TARGETS="sv")
    reset_translator(app)
    try:
        login(place["member"])
        html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
        assert "translate-now" in html
        assert client.post(f"/inbox/contributions/{c.id}/translate").status_code == 302
        html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
        assert "Vi behöver belysning" in html and "translate-now" not in html
    finally:
        app.config.update(TRANSLATE_URL=None)
        reset_translator(app)


def test_translate_now_into_the_readers_language(client, stub, place, login):
    c = contribute(place, "پارک مدرسه", language="fa")
    somali = contribute(place, "Waxaan rabaa nal", language="so")
    login(place["member"])
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "translate-now" in html  # Arabic is no staff member's profile language: not made yet
    client.post(f"/inbox/contributions/{c.id}/translate")
    html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    assert "translate-now" not in html and "[ar] پارک مدرسه" in html
    # The server has no Somali: known from its languages, said at once, nothing to press.
    html = client.get(f"/inbox/contributions/{somali.id}").get_data(as_text=True)
    assert "translate-now" not in html and "(\u2068الصومالية\u2069)" in html


def test_cached_inbox_shows_a_translation_once_made(client, stub, place, login):
    stub.down = True
    contribute(place, "ملعب", title="ملعب")
    login(place["member"])
    assert "lekplats" not in client.get("/inbox/trygg").get_data(as_text=True)  # cached without it
    stub.down = False
    from dialog.translation.jobs import missing_translations
    from dialog.translation.operations import translate_contribution

    [ident] = missing_translations()
    translate_contribution(ident)
    assert "lekplats" in client.get("/inbox/trygg").get_data(as_text=True)


def test_a_language_the_server_lacks_says_so_before_any_job(client, app, place, login, stub_server):
    c = contribute(place, "Waxaan rabaa nal", language="so")  # arrives while translation is off
    from dialog.translation.backend import get_translator, reset_translator

    app.config.update(TRANSLATE_URL=stub_server.url)
    reset_translator(app)
    try:
        login(place["member"])
        html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
        assert "translate-now" in html  # nothing known yet: the page did not ask the server
        get_translator(app).pairs()  # a job has fetched the languages
        html = client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
        assert "translate-now" not in html and "(somaliska)" in html
    finally:
        app.config.update(TRANSLATE_URL=None)
        reset_translator(app)
