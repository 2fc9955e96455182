"""Entry point for RQ workers: ``flask jobs worker`` (or ``rq worker dialog``) runs these."""

from __future__ import annotations

from dialog import create_app

from .jobs import run_now

_app = None


def run_job(name: str, *args) -> None:
    """Run one queued job inside an app built once per worker process."""
    global _app
    if _app is None:
        _app = create_app()
    with _app.app_context():
        run_now(name, *args)
