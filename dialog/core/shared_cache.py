"""The rendered-page cache shared by every app server, in Redis (``PAGE_CACHE=redis``).

Keys already carry the version of what they show (see ``cache.py``), so a stale copy is never
served: a write bumps the version and every server looks up the new key. Entries expire after a
day so old versions do not pile up. Values are pickled: Redis must be private to the app servers
(as it is for the job queue). When Redis does not answer, the per-process cache is used and a
warning logged; Redis is tried again after a few seconds.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time

from flask import current_app

log = logging.getLogger(__name__)

PREFIX = "dialog:page:"
TTL_SECONDS = 24 * 3600
RETRY_AFTER_SECONDS = 5.0

_clients: dict[str, object] = {}
_down_until = 0.0


def enabled() -> bool:
    return current_app.config.get("PAGE_CACHE") == "redis" and bool(current_app.config.get("REDIS_URL"))


def _client():
    url = current_app.config["REDIS_URL"]
    client = _clients.get(url)
    if client is None:
        from redis import Redis  # local: only with PAGE_CACHE=redis; other set-ups never load redis

        client = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        _clients[url] = client
    return client


def _redis_key(key) -> str:
    return PREFIX + hashlib.sha256(repr(key).encode()).hexdigest()


def usable() -> bool:
    return enabled() and time.monotonic() >= _down_until


def _failed(error: Exception) -> None:
    global _down_until
    if time.monotonic() >= _down_until:
        log.warning("Shared page cache (Redis) unreachable, using the per-process cache: %s", type(error).__name__)
    _down_until = time.monotonic() + RETRY_AFTER_SECONDS


MISSING = object()


def get(key):
    """The stored value, or MISSING (also when Redis is down)."""
    try:
        raw = _client().get(_redis_key(key))
    except Exception as error:  # noqa: BLE001
        _failed(error)
        return MISSING
    return MISSING if raw is None else pickle.loads(raw)  # noqa: S301 — written by our app servers only


def put(key, value) -> None:
    try:
        _client().set(_redis_key(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ex=TTL_SECONDS)
    except Exception as error:  # noqa: BLE001
        _failed(error)


def clear() -> None:
    if not enabled():
        return
    try:
        client = _client()
        for name in client.scan_iter(match=PREFIX + "*", count=500):
            client.delete(name)
    except Exception as error:  # noqa: BLE001
        _failed(error)
