"""``flask`` commands: demo data and maintenance."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from .cafe.commands import cafe_reminders
    from .demo.commands import demo
    from .notifications.commands import jobs, notifications

    notifications.add_command(cafe_reminders)
    app.cli.add_command(demo)
    app.cli.add_command(jobs)
    app.cli.add_command(notifications)
