"""Backups round-trip: what a restore brings back is what the backup held, on SQLite and PostgreSQL,
following the README's restore steps."""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, func, select

from bench.services import ThrowawayPostgres, postgres_available
from dialog import create_app
from dialog.config import TestConfig
from dialog.contributions.models import Contribution
from dialog.demo.data import load_demo_data
from dialog.extensions import db, limiter
from dialog.ops import backup

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_restore_steps() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- restore-steps[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    assert block, "the README has no restore steps"
    steps = []
    for line in block.group(1).splitlines():
        command = line.split("#", 1)[0].strip()
        if command:
            steps.append(command)
    return steps


def run_readme_steps(app, backup_file: Path, workdir: Path) -> list[str]:
    """Run each README line through the app's CLI (`.venv/bin/flask --app wsgi …`), output redirects too."""
    runner = app.test_cli_runner()
    outputs = []
    for line in readme_restore_steps():
        line = line.replace('"$BACKUP"', shlex.quote(str(backup_file)))
        redirect = None
        if ">" in line:
            line, redirect = (part.strip() for part in line.split(">", 1))
        words = shlex.split(line)
        assert words[:3] == [".venv/bin/flask", "--app", "wsgi"], line
        with app.app_context():  # not the suite's own app, whose context the fixtures keep pushed
            result = runner.invoke(args=words[3:])
        assert result.exit_code == 0, (line, result.output, result.exception)
        if redirect:
            (workdir / redirect).write_text(result.output)
        outputs.append(result.output)
    return outputs


def _change_everything() -> None:
    first = db.session.scalars(select(Contribution).order_by(Contribution.id)).first()
    first.body = "changed after the backup"
    db.session.execute(delete(Contribution).where(Contribution.id != first.id))
    db.session.commit()


def _round_trip(app, tmp_path):
    with app.app_context():
        load_demo_data()
        db.session.commit()
        before = backup.summary()
        assert before["tables"]["contributions"] > 5
        target = backup.create(tmp_path / "dialog.backup")
        assert target.exists() and oct(target.stat().st_mode)[-3:] == "600"
        _change_everything()
        assert backup.summary() != before
    outputs = run_readme_steps(app, target, tmp_path)
    assert json.loads(outputs[-1]) == before
    assert json.loads((tmp_path / "before-restore.json").read_text()) != before
    with app.app_context():
        assert backup.summary() == before
        assert db.session.scalar(select(func.count(Contribution.id))) == before["tables"]["contributions"]


@pytest.fixture
def own_limiter():
    saved = dict(limiter.__dict__)
    yield
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


def test_sqlite_backup_and_restore_with_the_readme_steps(tmp_path, own_limiter):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    try:
        _round_trip(app, tmp_path)
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL binaries not installed")
def test_postgres_backup_and_restore_with_the_readme_steps(tmp_path, own_limiter):
    with ThrowawayPostgres() as pg:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=pg.url)
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
        try:
            _round_trip(app, tmp_path)
            with app.app_context():
                assert backup.schema_version() is not None
        finally:
            with app.app_context():
                db.engine.dispose()


def test_restore_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(tmp_path / "nothing.dump"), "--yes"])
    assert result.exit_code != 0 and "No backup file" in result.output


def test_restore_asks_first(app, tmp_path):
    target = backup.create(tmp_path / "b.sqlite3") if db.engine.dialect.name == "sqlite" else None
    if target is None:
        pytest.skip("the suite's PostgreSQL database is shared; the round-trip test covers PostgreSQL")
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(target)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    assert os.path.exists(target)
