"""``flask`` commands: demo data and maintenance."""

from __future__ import annotations

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    from .demo.commands import demo

    app.cli.add_command(demo)
