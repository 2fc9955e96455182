"""Fixtures for the translation tests: the LibreTranslate test server and a theme group to route to."""

from __future__ import annotations

import pytest

from dialog.translation.backend import reset_translator

from ..libretranslate_stub import Stub


@pytest.fixture(scope="session")
def stub_server():
    server = Stub().start()
    yield server
    server.stop()


@pytest.fixture
def stub(app, stub_server):
    """Machine translation on, against the test server; off again afterwards."""
    stub_server.reset()
    app.config.update(TRANSLATE_URL=stub_server.url, TRANSLATE_TIMEOUT=2, TRANSLATE_TARGETS="sv")
    reset_translator(app)
    yield stub_server
    app.config.update(TRANSLATE_URL=None, TRANSLATE_CHUNK_CHARS=1000)
    reset_translator(app)
    stub_server.reset()


@pytest.fixture
def place(factories):
    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    safety = factories.topic("safety")
    member = factories.staff(email="member@example.org")
    trygg = factories.group("trygg", areas=[district], topics=[safety], district=district, members=[(member, "lead")])
    return {"district": district, "backa": backa, "safety": safety, "member": member, "trygg": trygg}
