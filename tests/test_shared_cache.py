"""The shared page cache in Redis: one warm copy for every app server; down Redis falls back."""

from __future__ import annotations

import pytest

from bench.services import ThrowawayRedis, redis_available
from dialog.core import cache, shared_cache

pytestmark = pytest.mark.skipif(not redis_available(), reason="redis-server not installed")


@pytest.fixture
def redis_cache(app):
    with ThrowawayRedis() as redis:
        app.config.update(PAGE_CACHE="redis", REDIS_URL=redis.url)
        shared_cache._down_until = 0.0
        try:
            yield redis
        finally:
            app.config.update(PAGE_CACHE="process", REDIS_URL=None)
            shared_cache._clients.clear()


def test_a_fragment_rendered_by_one_server_is_served_by_another(app, redis_cache):
    renders = []

    def render():
        renders.append(1)
        return "<p>kartan</p>"

    assert cache.cached_fragment("structure", "sv", "home", render) == "<p>kartan</p>"
    cache._fragments.clear()  # another app server: nothing in its own memory
    assert cache.cached_fragment("structure", "sv", "home", render) == "<p>kartan</p>"
    assert len(renders) == 1
    assert not cache._fragments  # stored in Redis, not per process


def test_a_version_bump_is_seen_by_every_server(app, redis_cache):
    from dialog.extensions import db

    cache.cached_fragment("structure", "sv", "home", lambda: "old")
    cache.bump("structure")
    db.session.commit()
    assert cache.cached_fragment("structure", "sv", "home", lambda: "new") == "new"


def test_with_redis_down_the_process_cache_serves(app, redis_cache, caplog):
    redis_cache.stop()
    renders = []
    for _ in range(3):
        assert cache.cached_fragment("structure", "sv", "k", lambda: renders.append(1) or "v") == "v"
    assert len(renders) == 1  # the per-process cache took over
    assert any("Shared page cache (Redis) unreachable" in r.getMessage() for r in caplog.records)


def test_pages_render_the_same_with_the_shared_cache(client, app, factories, redis_cache):
    factories.area("backa")
    first = client.get("/").get_data(as_text=True)
    cache._fragments.clear()
    assert client.get("/").get_data(as_text=True) == first


def test_the_cache_can_be_switched_off_for_cold_measurements(app):
    app.config["PAGE_CACHE"] = "off"
    try:
        renders = []
        for _ in range(2):
            cache.cached_fragment("structure", "sv", "k", lambda: renders.append(1) or "v")
        assert len(renders) == 2
    finally:
        app.config["PAGE_CACHE"] = "process"
