"""``make bench``: data at scale, the app under gunicorn on loopback, wrk as the load.

Every page is measured against the *floor* (``/_floor`` in bench/app.py: one indexed query,
a one-line template) in the same run and server. Prints a table, then one JSON line.

    python -m bench.run [--quick] [--no-postgres] [--seconds N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CONCURRENCY = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrate(url: str, engine_options: dict | None = None) -> None:
    from flask_migrate import upgrade

    from dialog import create_app
    from dialog.config import DevelopmentConfig

    app = create_app(
        DevelopmentConfig,
        SQLALCHEMY_DATABASE_URI=url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options or {"pool_pre_ping": True},
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        from dialog.extensions import db

        db.engine.dispose()


class Server:
    """gunicorn serving bench.app:app on a free loopback port."""

    def __init__(
        self,
        database_url: str,
        extra_env: dict | None = None,
        *,
        real_limits: bool = False,
        workers: int | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        self.secret_key = "bench-" + uuid.uuid4().hex
        env.update(
            {
                "DIALOG_ENV": "development",
                "SECRET_KEY": self.secret_key,
                "CAFE_NOTE_LIMIT": "1000000 per minute",
                "DATABASE_URL": database_url,
                "PUBLIC_POST_LIMIT": "1000000 per minute",
                "LOGIN_LIMIT": "1000000 per minute",
                "DIALOG_INSTANCE_DIR": str(OUT / "instance"),
            }
        )
        env.pop("REDIS_URL", None)
        env.update(extra_env or {})
        if real_limits:
            for name in ("CAFE_NOTE_LIMIT", "PUBLIC_POST_LIMIT", "LOGIN_LIMIT"):
                env.pop(name, None)
        workers = str(workers or os.cpu_count() or 2)
        # The server's log goes to a file, to be read after a failed run: a pipe that nobody
        # reads would block every worker in mid-response once it filled.
        OUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUT / f"server-{self.port}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 — open for the server's lifetime
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                workers,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "bench.app:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_floor", timeout=2).read()
                return
            except OSError as error:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log_path.read_text(errors="replace")[-2000:]) from error
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


_last_step = 0


def staff_cookie(base_url: str) -> str:
    """Log the bench staff member in through the real form; return the Cookie header."""
    from bench.contributions import _Client
    from bench.data import BENCH_PASSWORD, STAFF_EMAIL

    client = _Client(base_url)
    html = client.get("/account/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    status, _ = client.post("/account/login", {"csrf_token": token, "email": STAFF_EMAIL, "password": BENCH_PASSWORD})
    if status != 302:
        raise RuntimeError(f"bench login failed: HTTP {status}")
    import pyotp

    from bench.data import STAFF_TOTP_SECRET

    global _last_step
    html = client.get("/account/two-factor/")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    _last_step = max(int(time.time() // 30), _last_step + 1)
    code = pyotp.TOTP(STAFF_TOTP_SECRET).generate_otp(_last_step)
    status, _ = client.post("/account/two-factor/", {"csrf_token": token, "code": code})
    if status != 302:
        raise RuntimeError(f"bench second sign-in step failed: HTTP {status}")
    return "; ".join(f"{c.name}={c.value}" for c in client.jar)


def wrk(url: str, seconds: int, cookie: str | None = None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONCURRENCY}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(output.split("WRKJSON ", 1)[1].splitlines()[0])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    if data["non2xx"] or data["errors"]:
        raise RuntimeError(f"{url}: {data['non2xx']} non-2xx and {data['errors']} socket errors")
    return data


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(
        sudo + ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
    )


def run(args) -> dict:
    from bench import contributions, dialogues, matchmaking, summaries, surveys, translation
    from bench.data import generate_foundation

    ensure_wrk()
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    figures: dict = {}

    started = time.time()
    migrate(url)
    engine = create_engine(url)
    scale = (
        {"users": 100_000, "contributions": 200_000, "survey_responses": 100_000}
        if not args.quick
        else {"users": 5_000, "contributions": 5_000, "survey_responses": 2_000}
    )
    figures.update(generate_foundation(engine, users=scale["users"]))
    figures.update(contributions.generate_contributions(engine, scale["contributions"]))
    figures.update(translation.generate_translations(engine))
    survey = surveys.generate_survey(engine, scale["survey_responses"])
    figures.update(survey)
    event = dialogues.generate_event(engine)
    figures["cafe_dialogue_id"] = event["cafe_dialogue_id"]
    match_round = matchmaking.generate_round(engine)
    summary_pages = summaries.prepare_pages(engine, url)
    figures["summary_publish_seconds"] = summary_pages["summary_publish_seconds"]
    figures["data_seconds"] = round(time.time() - started, 1)

    server = Server(url)
    try:
        cookie = staff_cookie(server.url)
        with engine.connect() as conn:
            area = conn.execute(text("SELECT slug FROM areas WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")).scalar()
            group = conn.execute(
                text("SELECT slug FROM theme_groups WHERE NOT is_fallback ORDER BY id LIMIT 1")
            ).scalar()
        pages = {"home": ("/", None), "area": (f"/areas/{area}", None), "theme_group": (f"/groups/{group}", None)}
        for name, path in contributions.page_urls(engine).items():
            pages[name] = (path, cookie if path.startswith("/inbox") else None)
        for name, path in translation.page_urls(engine).items():
            pages[name] = (path, cookie)
        pages.update(surveys.page_urls(server.url, survey["survey_id"], engine))
        pages["cafe_event"] = (f"/cafe/{event['cafe_dialogue_id']}", None)
        # The suggestion job (in a child process: its peak memory is its own), then its pages.
        figures.update(matchmaking.measure_suggestions(url, match_round["match_round_id"]))
        figures.update(matchmaking.measure_schedule())
        pages.update(matchmaking.page_urls(server.url, match_round))
        # The promises dashboard of a group that sees all contributions, and its published summary.
        pages["summary_dashboard"] = (f"/staff/summaries/groups/{summary_pages['group_id']}/dashboard", cookie)
        pages["summary_page"] = (f"/summaries/{summary_pages['summary_id']}", None)

        seconds = args.seconds
        wrk(server.url + "/_floor", 2)  # warm up
        floor_before = wrk(server.url + "/_floor", seconds)
        results = {}
        for name, (path, page_cookie) in pages.items():
            if name.startswith("summary_"):
                summaries.warm(server.url + path, page_cookie)  # the dashboard's first load computes it
            wrk(server.url + path, 1, page_cookie)  # warm up
            results[name] = wrk(server.url + path, seconds, page_cookie)
        floor_after = wrk(server.url + "/_floor", seconds)
        floor_rps = (floor_before["rps"] + floor_after["rps"]) / 2
        figures.update(
            {
                "floor_rps": round(floor_rps, 1),
                "floor_p50_ms": round(floor_before["p50_us"] / 1000, 2),
                "floor_p95_ms": round(floor_before["p95_us"] / 1000, 2),
            }
        )
        rows = [("floor", floor_rps, floor_before["p50_us"], floor_before["p95_us"], 1.0, "/_floor")]
        for name, data in results.items():
            ratio = data["rps"] / floor_rps
            figures[f"{name}_ratio"] = round(ratio, 3)
            figures[f"{name}_rps"] = round(data["rps"], 1)
            figures[f"{name}_p50_ms"] = round(data["p50_us"] / 1000, 2)
            figures[f"{name}_p95_ms"] = round(data["p95_us"] / 1000, 2)
            rows.append((name, data["rps"], data["p50_us"], data["p95_us"], ratio, pages[name][0]))

        figures.update(surveys.measure(server.url, url, survey["survey_id"], cookie))
        submissions = contributions.measure_submissions(server.url, engine, seconds=args.submit_seconds)
        tokens = dialogues.table_tokens(server.secret_key, event["_tables"])
        # The event page again, and the floor, while the 30 hosts save notes (the issue asks for
        # the event page at least 0.5× the floor under load).
        load_seconds = max(1, min(seconds, int((args.note_seconds - dialogues.STORM_RAMP_S - 1) / 2)))

        def under_load():
            return {
                "cafe_event": wrk(server.url + pages["cafe_event"][0], load_seconds),
                "floor": wrk(server.url + "/_floor", load_seconds),
            }

        notes, loaded = dialogues.measure_notes(
            server.url, engine, event, tokens, seconds=args.note_seconds, during=under_load
        )
        figures.update(notes)
        event_loaded = loaded["cafe_event"]
        figures.update(
            {
                # Ratios compare like with like: the page and the floor under the same storm (the
                # 30 host threads share the two cores with the server, so the quiet floor is no
                # yardstick for it); the figure against the quiet floor is kept to show the storm.
                "cafe_event_under_load_ratio": round(event_loaded["rps"] / loaded["floor"]["rps"], 3),
                "cafe_event_under_load_vs_quiet_floor": round(event_loaded["rps"] / floor_rps, 3),
                "cafe_event_under_load_rps": round(event_loaded["rps"], 1),
                "cafe_event_under_load_p50_ms": round(event_loaded["p50_us"] / 1000, 2),
                "cafe_event_under_load_p95_ms": round(event_loaded["p95_us"] / 1000, 2),
                "floor_under_load_rps": round(loaded["floor"]["rps"], 1),
            }
        )
        rows.append(
            (
                "cafe_event*",
                event_loaded["rps"],
                event_loaded["p50_us"],
                event_loaded["p95_us"],
                event_loaded["rps"] / loaded["floor"]["rps"],
                pages["cafe_event"][0],
            )
        )
        rows.append(
            (
                "floor*",
                loaded["floor"]["rps"],
                loaded["floor"]["p50_us"],
                loaded["floor"]["p95_us"],
                loaded["floor"]["rps"] / floor_rps,
                "/_floor",
            )
        )
        figures.update(
            {
                f"{k}_sqlite" if k != "lost_submissions" and k != "duplicated_submissions" else k: v
                for k, v in submissions.items()
            }
        )
    finally:
        server.stop()

    # Cold renders: every page again on a server whose page cache is off (PAGE_CACHE=off), against
    # that server's own floor: writes invalidate caches all the time, so cold renders count.
    cold_server = Server(url, {"PAGE_CACHE": "off"})
    try:
        cold_cookie = staff_cookie(cold_server.url)
        wrk(cold_server.url + "/_floor", 2)
        cold_floor = wrk(cold_server.url + "/_floor", seconds)
        for name, (path, page_cookie) in pages.items():
            page_cookie = cold_cookie if page_cookie else None
            wrk(cold_server.url + path, 1, page_cookie)
            cold = wrk(cold_server.url + path, seconds, page_cookie)
            ratio = cold["rps"] / cold_floor["rps"]
            figures[f"{name}_cold_ratio"] = round(ratio, 3)
            figures[f"{name}_cold_p95_ms"] = round(cold["p95_us"] / 1000, 2)
            rows.append((f"{name} (cold)", cold["rps"], cold["p50_us"], cold["p95_us"], ratio, path))
    finally:
        cold_server.stop()
        engine.dispose()

    jobs = translation.measure_jobs(OUT, count=args.translation_jobs if not args.quick else 1000)
    figures.update(jobs)
    # The café evening on one address, with the limits as configured for production. One worker:
    # without Redis each worker counts on its own (with REDIS_URL every worker shares the counts).
    limited = Server(url, real_limits=True, workers=1)
    try:
        from bench.event_posts import measure_event_posts

        event_posts = measure_event_posts(limited.url, limited.secret_key, event["cafe_dialogue_id"])
        figures.update(event_posts)
    finally:
        limited.stop()

    if not args.no_postgres:
        figures.update(run_postgres_submissions(args))
    figures.update(summaries.measure_draft(5_000 if args.quick else 50_000))

    print(f"\n{'page':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'ratio':>8}  url")
    for name, rps, p50, p95, ratio, path in rows:
        print(f"{name:<14}{rps:>10.1f}{p50 / 1000:>10.2f}{p95 / 1000:>10.2f}{ratio:>8.2f}  {path}")
    print(
        "* measured while the café table hosts save notes; cafe_event* is to floor* (the same load), floor* to the "
        "quiet floor"
    )
    print(f"\nsubmissions (SQLite): {submissions}")
    print(f"café notes (SQLite, {notes['note_tables']} tables at once): {notes}")
    print(f"translation jobs (SQLite, against the LibreTranslate test server): {jobs}")
    print(f"café evening on one address (real limits): {event_posts}")
    return figures


def run_postgres_submissions(args) -> dict:
    """Concurrent idea submissions against PostgreSQL, in a throw-away schema of ``test``."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 — no PostgreSQL: say so in the figures
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}); skipping its submission run")
        return {"postgres": "unreachable"}
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    try:
        migrate(url)
        engine = create_engine(url)
        from bench.data import generate_foundation

        generate_foundation(engine, districts=2, per_district=3, groups=4, users=200)
        server = Server(url)
        try:
            result = __import__("bench.contributions", fromlist=["x"]).measure_submissions(
                server.url, engine, seconds=args.submit_seconds
            )
        finally:
            server.stop()
            engine.dispose()
        print(f"submissions (PostgreSQL): {result}")
        return {
            "lost_submissions_postgres": result["lost_submissions"],
            "duplicated_submissions_postgres": result["duplicated_submissions"],
            "submissions_per_s_postgres": result["submissions_per_s"],
            "submission_errors_postgres": result["submission_errors"],
        }
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data, for trying the harness")
    parser.add_argument("--seconds", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--submit-seconds", type=float, default=15.0)
    parser.add_argument("--note-seconds", type=float, default=60.0, help="seconds the 30 table hosts save notes")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--translation-jobs", type=int, default=10_000, help="contributions the translation jobs run for"
    )
    args = parser.parse_args()
    figures = run(args)
    if "lost_submissions_postgres" in figures:
        figures["lost_submissions"] += figures["lost_submissions_postgres"]
        figures["duplicated_submissions"] += figures["duplicated_submissions_postgres"]
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
