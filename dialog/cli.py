"""``flask`` commands: demo data and maintenance."""

from __future__ import annotations

from flask import Flask

from .accounts.commands import users
from .cafe.commands import cafe_reminders
from .demo.commands import demo
from .matchmaking.commands import matchmaking
from .notifications.commands import jobs, notifications
from .ops.commands import backup
from .retention.commands import retention
from .translation.commands import translation


def register_cli(app: Flask) -> None:
    notifications.add_command(cafe_reminders)
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(backup)
    app.cli.add_command(retention)
    app.cli.add_command(jobs)
    app.cli.add_command(notifications)
    app.cli.add_command(translation)
    app.cli.add_command(matchmaking)
