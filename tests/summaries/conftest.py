import pytest


@pytest.fixture(autouse=True)
def _request_context(app):
    """Operations' messages are translated: give them a request (and so a locale)."""
    with app.test_request_context():
        yield
