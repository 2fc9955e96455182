"""Rate limits for posts through an event's own links: a whole venue shares one network address.

At a café dialogue sixty people on the venue's wifi send their proposals and the exit questions
within minutes of each other. One limit per address (``PUBLIC_POST_LIMIT``) would lock the
evening out, so these posts are counted three ways:

* per device (a random id kept in the signed session when the form page is opened): a person,
  or a script flooding with one session, gets ``PUBLIC_POST_LIMIT``; a post without that id (no
  session, or the page never opened) is counted per address under the same limit;
* per link (the path posted to): ``EVENT_LINK_LIMIT``;
* per address: a much higher ceiling, ``EVENT_ADDRESS_LIMIT``.
"""

from __future__ import annotations

import secrets
from functools import wraps

from flask import current_app, request, session
from flask_limiter.util import get_remote_address

from ..extensions import limiter

#: Session key of the device id.
DEVICE_KEY = "device"


def _device_or_address() -> str:
    device = session.get(DEVICE_KEY)
    if isinstance(device, str) and device:
        return "device:" + device
    return "address:" + get_remote_address()


def _link() -> str:
    return "link:" + request.path[:200]


def event_post_limit():
    """Decorate a view reached through an event's own link (see the module's docstring)."""

    def decorator(view):
        @wraps(view)
        def with_device(*args, **kwargs):
            # Given by the page that starts the form: a post that comes without one (no session,
            # or a script that never opened the page) counts per address.
            if request.method == "GET" and not isinstance(session.get(DEVICE_KEY), str):
                session[DEVICE_KEY] = secrets.token_urlsafe(12)
            return view(*args, **kwargs)

        limited = with_device
        for limit, key_func, scope in (
            (lambda: current_app.config["PUBLIC_POST_LIMIT"], _device_or_address, "event-device"),
            (lambda: current_app.config["EVENT_LINK_LIMIT"], _link, "event-link"),
            (lambda: current_app.config["EVENT_ADDRESS_LIMIT"], get_remote_address, "event-address"),
        ):
            limited = limiter.shared_limit(limit, scope, key_func=key_func, methods=["POST"])(limited)
        return limited

    return decorator
