"""Benchmark scenarios for machine translation (issue 15).

- ``generate_translations``: a stored Swedish machine translation for every contribution not
  written in Swedish, so the inbox page measured (``inbox_translated``) shows translations.
- ``measure_jobs``: translation jobs for N contributions (10,000 by default) in a fresh
  database, run by worker threads through the job mechanism's retries, against the
  LibreTranslate test server on loopback with a little latency and a burst of failures every
  half second. Afterwards every contribution must have its translation (or its "no machine
  translation for this language" mark): ``lost_translations`` must be 0.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from .contributions import WORDS

#: The test server's idea of other languages' words: enough for varied, deterministic text.
FOREIGN = {
    "ar": ["ملعب", "مدرسة", "حديقة", "إضاءة", "أطفال", "طريق", "مكتبة", "جيران"],
    "fa": ["پارک", "مدرسه", "امنیت", "کتابخانه", "همسایه", "خیابان"],
    "en": ["park", "school", "light", "library", "bus", "neighbours"],
    "so": ["beer", "dugsi", "nal", "maktabad", "deris", "waddo"],
}


def generate_translations(engine) -> dict:
    """A Swedish translation row for every contribution in another language (bulk, current hash)."""
    from dialog.translation.models import ContributionTranslation
    from dialog.translation.sentences import text_hash

    now = datetime.now(UTC)
    made = 0
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, language, title, place, body FROM contributions WHERE language <> 'sv'")
        ).all()
    for start in range(0, len(rows), 5000):
        batch = [
            {
                "contribution_id": r.id,
                "source_language": r.language,
                "target_language": "sv",
                "source_hash": text_hash(r.title, r.place, r.body),
                "state": "unsupported" if r.language == "so" else "done",
                "title": None if r.language == "so" else f"[sv] {r.title}",
                "place": None,
                "body": None if r.language == "so" else f"[sv] {r.body}",
                "backend": "libretranslate",
                "created_at": now,
            }
            for r in rows[start : start + 5000]
        ]
        with engine.begin() as conn:
            conn.execute(insert(ContributionTranslation.__table__), batch)
        made += len(batch)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text("INSERT INTO contribution_translations_fts(contribution_translations_fts) VALUES ('optimize')")
            )
    return {"translations": made}


def page_urls(engine) -> dict[str, str]:
    with engine.connect() as conn:
        group = conn.execute(
            text(
                "SELECT g.slug FROM theme_groups g JOIN contribution_routes r ON r.theme_group_id = g.id "
                "GROUP BY g.slug ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
    return {"inbox_translated": f"/inbox/{group}?language=ar"}


def _contributions(engine, count: int, rng: random.Random) -> list[int]:
    from dialog.contributions.models import Contribution

    with engine.connect() as conn:
        area = conn.execute(text("SELECT id FROM areas ORDER BY id LIMIT 1")).scalar()
    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        language = rng.choice(["ar", "ar", "fa", "en", "so"])
        words = FOREIGN[language] + WORDS[:4]
        rows.append(
            {
                "id": i + 1,
                "receipt_code": f"B{i:09d}",
                "source_kind": rng.choice(["idea", "story", "survey", "cafe_note", "cafe_proposal"]),
                "area_id": area,
                "title": " ".join(rng.choice(words) for _ in range(4)) + f" {i}",
                "body": ". ".join(" ".join(rng.choice(words) for _ in range(8)) for _ in range(3)) + f" {i}.",
                "language": language,
                "status": "with_group",
                "moderation": "approved",
                "created_at": now - timedelta(seconds=i),
                "updated_at": now - timedelta(seconds=i),
            }
        )
    for start in range(0, count, 5000):
        with engine.begin() as conn:
            conn.execute(insert(Contribution.__table__), rows[start : start + 5000])
    return [r["id"] for r in rows]


def measure_jobs(out_dir: Path, count: int = 10_000, workers: int = 4, seed: int = 15) -> dict:
    """Run ``count`` translation jobs against the test server; count what got lost."""
    from bench.data import generate_foundation
    from dialog import create_app
    from dialog.config import DevelopmentConfig
    from dialog.extensions import db
    from dialog.notifications.jobs import run_with_retries
    from dialog.translation.jobs import missing_translations
    from tests.libretranslate_stub import Stub

    from .run import migrate

    db_path = out_dir / "translation.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    migrate(url)
    engine = create_engine(url)
    generate_foundation(engine, districts=2, per_district=3, groups=4, users=20)
    ids = _contributions(engine, count, random.Random(seed))

    stub = Stub().start()
    stub.latency = 0.001
    app = create_app(
        DevelopmentConfig,
        SQLALCHEMY_DATABASE_URI=url,
        TRANSLATE_URL=stub.url,
        TRANSLATE_TIMEOUT=2,
        TRANSLATE_TARGETS="sv",
    )
    stop = threading.Event()

    def faults():  # a burst of server errors every half second: the retries must absorb them
        while not stop.wait(0.5):
            stub.fail_next = 3

    threading.Thread(target=faults, daemon=True).start()
    started = time.time()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda i: run_with_retries(app, "translate_contribution", (i,), (0.05, 0.2, 1.0)), ids))
    seconds = time.time() - started
    stop.set()
    with app.app_context():
        lost = len(missing_translations())
        counts = dict(
            db.session.execute(text("SELECT state, count(*) FROM contribution_translations GROUP BY state")).all()
        )
        db.engine.dispose()
    stub.stop()
    engine.dispose()
    return {
        "translation_jobs": count,
        "translation_jobs_per_s": round(count / seconds, 1),
        "translation_jobs_failed": done.count(False),
        "translation_server_calls": stub.translate_calls,
        "translations_done": counts.get("done", 0),
        "translations_unsupported": counts.get("unsupported", 0),
        "lost_translations": lost,
    }


if __name__ == "__main__":
    import json
    import sys

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure_jobs(out, int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), sort_keys=True))
