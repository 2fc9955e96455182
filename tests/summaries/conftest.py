import pytest


@pytest.fixture(autouse=True)
def _request_context(app):
    """Operations' messages are translated: give them a request (and so a locale, English here)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def client(app):
    """Pages in English, so the tests read the msgids; other languages are checked on their own."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
