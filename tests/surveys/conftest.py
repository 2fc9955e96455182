"""Fixtures for the survey tests."""

import pytest

from .helpers import use_english


@pytest.fixture
def login(login, client):
    """The shared login, then English UI (logging in picks the account's language)."""

    def do_login(user, *args, **kwargs):
        result = login(user, *args, **kwargs)
        use_english(client)
        return result

    return do_login
