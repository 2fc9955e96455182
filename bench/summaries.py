"""Summaries at scale: the draft job over 50,000 contributions against the bare vectorisation and
NMF on the same texts (``summary_draft_ratio``, peak memory), and the data for the promises
dashboard over 200,000 contributions and a published summary page (measured with the pages).

``python -m bench.summaries draft --count 50000`` runs the draft part alone, in its own process
and database, and prints one JSON line (``run`` calls it so the peak memory is the job's own);
``python -m bench.summaries pages`` measures the two pages alone over 200,000 contributions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

#: Words per language; a few are vocabulary keywords, so tagging has work to do.
POOLS = {
    "sv": [
        "mörkt",
        "belysning",
        "vägen",
        "hem",
        "bussen",
        "lekplatsen",
        "parken",
        "gungor",
        "fritidsgård",
        "kvällar",
        "trafik",
        "skolan",
        "grannar",
        "tryggt",
        "skräp",
        "jobb",
        "praktik",
        "biblioteket",
        "torget",
        "cykelväg",
    ],
    "ar": [
        "الطريق",
        "مظلم",
        "إضاءة",
        "البيت",
        "الحديقة",
        "ملعب",
        "الأطفال",
        "الشباب",
        "نادي",
        "المرور",
        "المدرسة",
        "الجيران",
        "نظافة",
        "عمل",
        "تدريب",
        "المكتبة",
        "الساحة",
        "المساء",
    ],
    "so": [
        "waddada",
        "mugdi",
        "iftiin",
        "guriga",
        "beerta",
        "ciyaaraha",
        "carruurta",
        "dhallinyarada",
        "gaadiidka",
        "dugsiga",
        "deris",
        "qashin",
        "shaqo",
        "tababar",
        "maktabadda",
        "fiidkii",
    ],
    "fa": [
        "راه",
        "تاریک",
        "چراغ",
        "خانه",
        "پارک",
        "زمین",
        "بازی",
        "کودکان",
        "جوانان",
        "ترافیک",
        "مدرسه",
        "همسایه",
        "زباله",
        "کار",
        "کتابخانه",
        "میدان",
        "شب",
    ],
    "en": [
        "dark",
        "lighting",
        "way",
        "home",
        "bus",
        "playground",
        "park",
        "swings",
        "youth",
        "club",
        "evenings",
        "traffic",
        "school",
        "neighbours",
        "litter",
        "job",
        "library",
        "square",
    ],
}
LANGUAGE_MIX = ["sv", "sv", "sv", "ar", "ar", "so", "fa", "en"]


def _texts(count: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        language = rng.choice(LANGUAGE_MIX)
        words = POOLS[language]
        out.append((language, " ".join(rng.choice(words) for _ in range(rng.randint(12, 40)))))
    return out


def route_all(engine, group_id: int) -> None:
    """Route every contribution also to ``group_id`` (a group that sees all of them)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contribution_routes (contribution_id, theme_group_id, reason, created_at) "
                "SELECT id, :g, 'manual', created_at FROM contributions"
            ),
            {"g": group_id},
        )


def add_group(engine, slug: str) -> int:
    from dialog.themegroups.models import ThemeGroup

    with engine.begin() as conn:
        ident = conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM theme_groups")).scalar()
        conn.execute(
            insert(ThemeGroup.__table__),
            [
                {
                    "id": ident,
                    "slug": slug,
                    "name": {"sv": "Alla bidrag", "en": "All input"},
                    "question": {"sv": "Vad hörde vi?"},
                    "description": {"sv": "Bänkgruppen."},
                    "is_active": True,
                    "is_fallback": False,
                }
            ],
        )
    return ident


def insert_texts(engine, count: int) -> None:
    """``count`` contributions in five languages (bulk insert, no ORM objects)."""
    from dialog.contributions.models import Contribution
    from dialog.contributions.receipts import new_receipt_code

    with engine.connect() as conn:
        area_ids = conn.execute(text("SELECT id FROM areas WHERE parent_id IS NOT NULL")).scalars().all()
    now = datetime.now(UTC)
    rng = random.Random(5)
    texts = _texts(count)
    codes: set[str] = set()
    statuses = ["with_group", "looking", "planned", "done"]
    for start in range(0, count, 5000):
        rows = []
        for i in range(start, min(start + 5000, count)):
            code = new_receipt_code()
            while code in codes:
                code = new_receipt_code()
            codes.add(code)
            language, body = texts[i]
            created = now - timedelta(minutes=i)
            rows.append(
                {
                    "receipt_code": code,
                    "source_kind": "idea",
                    "area_id": rng.choice(area_ids),
                    "body": body,
                    "language": language,
                    "consent_publish": True,
                    "consent_quote": i % 3 == 0,
                    "consent_contact": False,
                    "status": rng.choice(statuses),
                    "moderation": "approved",
                    "support_count": 0,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        with engine.begin() as conn:
            conn.execute(insert(Contribution.__table__), rows)


def _app(url: str):
    from dialog import create_app

    return create_app(SQLALCHEMY_DATABASE_URI=url)


def publish_summary(url: str, group_id: int, app=None, area_id: int | None = None) -> int:
    """Draft (with the real job) and publish a summary over the group's input (in an area); return its id."""
    from dialog.accounts.models import User
    from dialog.areas.models import Area
    from dialog.extensions import db
    from dialog.summaries import operations
    from dialog.summaries.drafting import write_draft
    from dialog.themegroups.models import ThemeGroup

    app = app or _app(url)
    with app.app_context(), app.test_request_context():
        operations.ensure_vocabulary()
        group = db.session.get(ThemeGroup, group_id)
        actor = db.session.scalars(db.select(User).limit(1)).first()
        summary = operations.create_summary(
            operations.SummarySettings(
                theme_group=group,
                title={"sv": "Bänk"},
                languages=["sv", "ar"],
                area=db.session.get(Area, area_id) if area_id else None,
            ),
            actor,
        )
        db.session.commit()
        write_draft(summary.id)
        summary = db.session.get(operations.Summary, summary.id)
        operations.publish(summary, actor)
        db.session.commit()
        return summary.id


def prepare_pages(engine, url: str) -> dict:
    """For the page table: a group that sees all contributions, its dashboard and a published summary."""
    group_id = add_group(engine, "bench-summaries")
    route_all(engine, group_id)
    with engine.connect() as conn:
        district = conn.execute(text("SELECT id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1")).scalar()
    started = time.time()
    # The page shows one district's summary (a twentieth of the input); the dashboard sees it all.
    summary_id = publish_summary(url, group_id, area_id=district)
    return {
        "group_id": group_id,
        "summary_id": summary_id,
        "summary_publish_seconds": round(time.time() - started, 1),
    }


def draft_bench(count: int) -> dict:
    """Time the whole draft job and the bare TF-IDF + NMF on the same texts; peak memory of the job."""
    from bench.data import generate_foundation
    from bench.run import migrate

    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / "summary-draft.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    migrate(url)
    engine = create_engine(url)
    generate_foundation(engine, districts=2, per_district=5, groups=4, users=200)
    insert_texts(engine, count)
    group_id = add_group(engine, "bench-draft")
    route_all(engine, group_id)
    engine.dispose()

    # A worker has the app and the libraries loaded before its first job: so does the measurement.
    import sklearn.decomposition  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    app = _app(url)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    publish_summary(url, group_id, app)
    whole = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from sklearn.decomposition import NMF

    from dialog.summaries import themes

    by_language: dict[str, list[str]] = {}
    for language, body in _texts(count):
        by_language.setdefault(language, []).append(themes.fold(body))
    started = time.perf_counter()
    for texts in by_language.values():
        vectors = themes.vectorise(texts)
        k = min(themes._cluster_count(len(texts)), vectors.shape[0] - 1)
        NMF(n_components=k, init="nndsvda", max_iter=200, random_state=0).fit_transform(vectors)
    bare = time.perf_counter() - started
    return {
        "summary_draft_contributions": count,
        "summary_draft_seconds": round(whole, 2),
        "summary_bare_nmf_seconds": round(bare, 2),
        "summary_draft_ratio": round(bare / whole, 3),
        "summary_draft_peak_mb": round(peak_mb, 1),
        "summary_draft_rss_before_mb": round(rss_before / 1024, 1),
    }


def measure_draft(count: int) -> dict:
    """Run ``draft_bench`` in a child process, so its peak memory is its own."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.summaries", "draft", "--count", str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["draft", "pages"])
    parser.add_argument("--count", type=int, default=None, help="contributions (50,000 / 200,000)")
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    if args.what == "draft":
        print(json.dumps(draft_bench(args.count or 50_000), sort_keys=True))
    else:
        print(json.dumps(pages_bench(args.count or 200_000, args.seconds), sort_keys=True))


def warm(url: str, cookie: str | None, rounds: int = 3) -> None:
    """Load a page in every worker before measuring it (the dashboard's first load computes it)."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(_):
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
        urllib.request.urlopen(request, timeout=600).read()

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for _ in range(rounds):
            list(pool.map(get, range(os.cpu_count() or 2)))


def pages_bench(count: int, seconds: int) -> dict:
    """The dashboard over ``count`` contributions and the published summary page against the floor."""
    from bench.contributions import generate_contributions
    from bench.data import generate_foundation
    from bench.run import Server, ensure_wrk, migrate, staff_cookie, wrk

    ensure_wrk()
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / "summary-pages.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    migrate(url)
    engine = create_engine(url)
    generate_foundation(engine, users=2_000)
    generate_contributions(engine, count)
    prepared = prepare_pages(engine, url)
    server = Server(url)
    figures = {"summary_pages_contributions": count, **prepared}
    try:
        cookie = staff_cookie(server.url)
        paths = {
            "summary_dashboard": (f"/staff/summaries/groups/{prepared['group_id']}/dashboard", cookie),
            "summary_page": (f"/summaries/{prepared['summary_id']}", None),
        }
        wrk(server.url + "/_floor", 2)
        floor = [wrk(server.url + "/_floor", seconds)["rps"]]
        results = {}
        for name, (path, page_cookie) in paths.items():
            warm(server.url + path, page_cookie)
            wrk(server.url + path, 2, page_cookie)
            results[name] = wrk(server.url + path, seconds, page_cookie)
        floor.append(wrk(server.url + "/_floor", seconds)["rps"])
        floor_rps = sum(floor) / 2
        figures["floor_rps"] = round(floor_rps, 1)
        for name, data in results.items():
            figures[f"{name}_ratio"] = round(data["rps"] / floor_rps, 3)
            figures[f"{name}_rps"] = round(data["rps"], 1)
            figures[f"{name}_p50_ms"] = round(data["p50_us"] / 1000, 2)
            figures[f"{name}_p95_ms"] = round(data["p95_us"] / 1000, 2)
    finally:
        server.stop()
        engine.dispose()
    return figures


if __name__ == "__main__":
    main()
