"""Backups: ``pg_dump -Fc`` / ``pg_restore`` for PostgreSQL, SQLite's online backup API otherwise.

A backup is one file. Restoring replaces everything in the database with the backup's content
(in one transaction on PostgreSQL). ``summary()`` gives row counts per table and a checksum of the
contributions, so a restore can be checked against what the backup held.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from ..contributions.models import Contribution
from ..extensions import db


class BackupError(RuntimeError):
    pass


def _dialect() -> str:
    return db.engine.dialect.name


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if _dialect() == "postgresql" else "sqlite3"
    folder = Path(current_app.config.get("BACKUP_DIR") or Path(current_app.instance_path) / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"dialog-{stamp}.{suffix}"


def _pg_tool(name: str) -> str:
    """The newest installed PostgreSQL client tool (it must not be older than the server)."""
    configured = current_app.config.get("PG_BIN_DIR")
    if configured:
        return str(Path(configured) / name)
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return tool


def _pg_environment() -> tuple[list[str], dict]:
    url = make_url(str(db.engine.url.render_as_string(hide_password=False)))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    search_path = (db.engine.dialect.name == "postgresql") and _search_path_option()
    if search_path:
        env["PGOPTIONS"] = search_path
    return args + ["--dbname", url.database or ""], env


def _search_path_option() -> str | None:
    options = current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    return options or None


def create(path: str | Path | None = None) -> Path:
    """Write a backup of the whole database to ``path`` (default: ``instance/backups/``)."""
    target = Path(path) if path else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    if _dialect() == "postgresql":
        args, env = _pg_environment()
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file", str(target), *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(result.stderr.strip()[-2000:])
    else:
        db.session.commit()
        source = db.engine.raw_connection()
        try:
            with sqlite3.connect(target) as destination:
                source.driver_connection.backup(destination)
        finally:
            source.close()
    os.chmod(target, 0o600)  # it holds personal data
    return target


def restore(path: str | Path) -> None:
    """Replace the database's content with the backup in ``path``."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    db.session.remove()
    if _dialect() == "postgresql":
        args, env = _pg_environment()
        command = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(result.stderr.strip()[-2000:])
    else:
        with sqlite3.connect(source) as backup:
            live = db.engine.raw_connection()
            try:
                backup.backup(live.driver_connection)
            finally:
                live.close()
    db.engine.dispose()  # no pooled connection may keep a view of the old data


def summary() -> dict:
    """Row counts per table and a checksum of every contribution (to compare a restore with)."""
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    digest = hashlib.sha256()
    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.receipt_code,
            Contribution.area_id,
            Contribution.title,
            Contribution.body,
            Contribution.status,
            Contribution.author_id,
        ).order_by(Contribution.id)
    )
    for row in rows:
        digest.update(repr(tuple(row)).encode())
    return {"tables": counts, "contributions_sha256": digest.hexdigest()}


def schema_version() -> str | None:
    try:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # noqa: BLE001
        db.session.rollback()
        return None
