"""The load-and-fault drill (``make drill``; not part of ``make test``).

On loopback only, it starts its own PostgreSQL and Redis (bench/services.py), two gunicorn app
servers with two threaded workers each behind Debian's nginx, and one RQ worker; loads them with
locust (residents and staff, bench/locustfile.py) and, while the load runs, kills a gunicorn
worker with SIGKILL, kills the RQ worker (and the job it is running), restarts PostgreSQL and
stops Redis for a while. Afterwards it checks against the database that every acknowledged
submission is stored exactly once and every e-mail was written exactly once, and prints a table
and a last JSON line. Everything it started is stopped at the end, whatever happens.

    python -m bench.drill [--seconds 300] [--residents 200] [--staff 20]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.services import ThrowawayPostgres, ThrowawayRedis, free_port

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
DRILL_BIN = ROOT / ".cache" / "drill-venv" / "bin"
STAFF_PASSWORD = "drill-staff-password-1"
MIN_RATIO = 0.25
PAGES = (
    "area",
    "idea_list",
    "idea_send",
    "survey",
    "survey_answer",
    "cafe_event",
    "cafe_register",
    "proposal_send",
    "inbox_group",
    "inbox_filter",
    "inbox_search",
    "inbox_detail",
    "inbox_answer",
    "harvest",
)


def log(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- set-up -------------------------------------------------------------------------------


def seed(database_url: str, secret_key: str, staff_count: int) -> dict:
    """Migrate, load the demo data, add drill staff with known authenticator keys, open a café."""
    from datetime import timedelta

    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import select

    from dialog import create_app
    from dialog.accounts import two_factor
    from dialog.accounts.models import User
    from dialog.cafe import links
    from dialog.cafe.models import CafeDialogue
    from dialog.config import DevelopmentConfig
    from dialog.core.models import utcnow
    from dialog.demo.data import load_demo_data
    from dialog.extensions import db
    from dialog.themegroups.models import ThemeGroup, ThemeGroupMember

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY=secret_key)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        load_demo_data()
        db.session.commit()
        groups = db.session.scalars(select(ThemeGroup)).all()
        staff = []
        for i in range(staff_count):
            user = User(email=f"drill-staff-{i}@drill.example.org", display_name=f"Drill {i}", is_verified=True)
            user.set_password(STAFF_PASSWORD)
            user.roles = {"staff"}
            db.session.add(user)
            db.session.flush()
            secret = pyotp.random_base32()
            two_factor.set_known_secret(user, secret)
            for group in groups:
                db.session.add(ThemeGroupMember(theme_group_id=group.id, user_id=user.id, role="member"))
            staff.append([user.email, STAFF_PASSWORD, secret])
        # One café dialogue is happening now (proposals are sent during the meeting) with room for everyone.
        # One café dialogue is happening now (proposals are sent during the meeting), the others
        # take registrations next week, with room for everyone.
        dialogues = db.session.scalars(
            select(CafeDialogue).where(CafeDialogue.state != "draft").order_by(CafeDialogue.id)
        ).all()
        now = utcnow()
        for number, item in enumerate(dialogues):
            item.state = "published"
            item.capacity = 100000
            item.registration_opens_at = item.registration_closes_at = None
            start = now - timedelta(minutes=30) if number == 0 else now + timedelta(days=7 + number)
            item.starts_at, item.ends_at = start, start + timedelta(hours=3)
        dialogue = dialogues[0]
        db.session.commit()
        with app.test_request_context():
            proposal_path = f"/cafe/{links.event_token(dialogue)}/proposal"
        db.engine.dispose()
    return {"staff": staff, "proposal_path": proposal_path}


class Processes:
    """Everything the drill started, stopped in reverse order at the end."""

    def __init__(self) -> None:
        self.items: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict, log_path: Path) -> subprocess.Popen:
        out = open(log_path, "ab")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out, cwd=ROOT, start_new_session=True)
        self.items.append((name, process))
        return process

    def replace(self, name: str, process: subprocess.Popen) -> None:
        self.items = [(n, p) for n, p in self.items if n != name] + [(name, process)]

    def stop_all(self) -> None:
        for _name, process in reversed(self.items):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 15
        for _name, process in self.items:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def status_of(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
{user}
events {{ worker_connections 2048; }}
http {{
    client_body_temp_path {dir}/nginx-body;
    proxy_temp_path {dir}/nginx-proxy;
    fastcgi_temp_path {dir}/nginx-fastcgi;
    uwsgi_temp_path {dir}/nginx-uwsgi;
    scgi_temp_path {dir}/nginx-scgi;
    log_format dialog_json escape=json '{{"ts":"$time_iso8601","request_id":"$request_id",'
        '"status":$status,"uri":"$uri","ms":$request_time}}';
    access_log {dir}/nginx-access.json dialog_json;
    upstream dialog_app {{
        server 127.0.0.1:{app_a} max_fails=1 fail_timeout=2s;
        server 127.0.0.1:{app_b} max_fails=1 fail_timeout=2s;
        keepalive 32;
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 5m;
        location / {{
            proxy_pass http://dialog_app;
            include {root}/deploy/dialog_proxy.conf;
        }}
    }}
}}
"""


def gunicorn_children(master_pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


# -- measuring ----------------------------------------------------------------------------


class Probe(threading.Thread):
    """Every half second: each app server's /readyz and a page through nginx."""

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.urls = urls
        self.rows: list[tuple[float, dict[str, int]]] = []
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            t = time.monotonic()
            self.rows.append((t, {name: status_of(url) for name, url in self.urls.items()}))
            self.stop_event.wait(max(0.0, 0.5 - (time.monotonic() - t)))

    def first_all_ok_after(self, t: float) -> float | None:
        for when, statuses in self.rows:
            if when >= t and all(code == 200 for code in statuses.values()):
                return when
        return None

    def first_not_ready_after(self, t: float, name: str) -> float | None:
        for when, statuses in self.rows:
            if when >= t and statuses.get(name) != 200:
                return when
        return None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# -- the run ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("DRILL_SECONDS", "300")))
    parser.add_argument("--residents", type=int, default=int(os.environ.get("DRILL_RESIDENTS", "200")))
    parser.add_argument("--staff", type=int, default=int(os.environ.get("DRILL_STAFF_USERS", "20")))
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is not installed: run `make drill` (it installs Debian's nginx)", file=sys.stderr)
        return 2
    if not (DRILL_BIN / "locust").exists():
        print("locust is not installed: run `make drill` (it makes .cache/drill-venv)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="dialog-drill-"))
    os.chmod(work, 0o755)
    processes = Processes()
    pg = ThrowawayPostgres().init()
    redis = ThrowawayRedis()
    try:
        pg.start()
        redis.start()
        secret_key = secrets.token_hex(32)
        database_url = pg.url.replace("+psycopg", "")
        log(f"PostgreSQL on {pg.port}, Redis on {redis.port}; seeding")
        seeded = seed(pg.url, secret_key, args.staff)
        outbox = work / "outbox"
        env = dict(os.environ)
        env.update(
            DIALOG_ENV="production",
            SECRET_KEY=secret_key,
            DATABASE_URL=database_url,
            REDIS_URL=redis.url,
            PAGE_CACHE="redis",
            COOKIES_SECURE="0",  # plain HTTP on loopback
            PUBLIC_POST_LIMIT="100000 per minute",  # every simulated resident shares 127.0.0.1
            LOGIN_LIMIT="100000 per minute",
            MAIL_OUTBOX_DIR=str(outbox),
            DIALOG_INSTANCE_DIR=str(work / "instance"),
            HEALTH_ALLOWED_NETWORKS="127.0.0.1/32",
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            FLASK_APP="wsgi",
        )
        nginx_port = free_port()
        # Links in e-mails are built by workers outside any request: they need the public name.
        env["SERVER_NAME"] = f"127.0.0.1:{nginx_port}"
        ports = {"a": free_port(), "b": free_port()}
        masters = {}
        for name, port in ports.items():
            app_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
            masters[name] = processes.start(
                f"app-{name}",
                # bench.app: the app as deployed plus the floor route (/_floor) that `make bench` uses
                [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "bench.app:app"],
                app_env,
                work / f"app-{name}.log",
            )
        for port in ports.values():
            wait_http(f"http://127.0.0.1:{port}/healthz")

        def start_worker() -> subprocess.Popen:
            return processes.start(
                "rq-worker",
                [str(VENV_BIN / "flask"), "jobs", "worker", "--maintenance-interval", "10"],
                env,
                work / "rq-worker.log",
            )

        worker = start_worker()
        for sub in ("nginx-body", "nginx-proxy", "nginx-fastcgi", "nginx-uwsgi", "nginx-scgi"):
            (work / sub).mkdir()
        conf = work / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                dir=work,
                root=ROOT,
                port=nginx_port,
                app_a=ports["a"],
                app_b=ports["b"],
                user="user root;" if os.geteuid() == 0 else "",
            )
        )
        processes.start(
            "nginx",
            [nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
            env,
            work / "nginx.log",
        )
        base = f"http://127.0.0.1:{nginx_port}"
        wait_http(base + "/healthz")
        log(f"nginx on {nginx_port} → app servers {ports['a']}, {ports['b']}; RQ worker {worker.pid}")

        probe = Probe(
            {
                "ready_a": f"http://127.0.0.1:{ports['a']}/readyz",
                "ready_b": f"http://127.0.0.1:{ports['b']}/readyz",
                "page": base + "/",
            }
        )
        acks = work / "acks.jsonl"
        timeline = work / "timeline.jsonl"
        locust_env = dict(
            os.environ,
            DRILL_ACKS=str(acks),
            DRILL_TIMELINE=str(timeline),
            DRILL_STAFF=json.dumps(seeded["staff"]),
            DRILL_PROPOSAL_PATH=seeded["proposal_path"],
            DRILL_RESIDENTS=str(args.residents),
            DRILL_STAFF_USERS=str(args.staff),
        )
        users = args.residents + args.staff
        locust = processes.start(
            "locust",
            [
                str(DRILL_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(max(1, users // 20)),
                "-t",
                f"{args.seconds}s",
                "--host",
                base,
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            locust_env,
            work / "locust.log",
        )
        started = time.monotonic()
        wall_started = time.time()
        probe.start()
        faults = run_faults(args.seconds, started, masters["a"], pg, redis, processes, start_worker, worker, env)
        locust.wait(timeout=args.seconds + 120)
        probe_end = time.monotonic()
        log("load finished; waiting for the queue to drain")
        drained = drain(redis.url, seconds=240)
        probe.stop_event.set()
        probe.join(timeout=5)
        report = verify(pg.url, secret_key, acks, outbox)
        rows = json.loads("[" + ",".join(timeline.read_text().splitlines()) + "]") if timeline.exists() else []
        # locust's timeline is in wall-clock seconds; the faults are measured from `started`.
        rows = [(t - wall_started, name, status, ms) for t, name, status, ms in rows]
        table = summarise(rows, faults, probe, started, report, drained, probe_end)
        print_report(table)
        return 0 if table["passed"] else 1
    finally:
        processes.stop_all()
        redis.close()
        pg.close()
        log(f"stopped everything; logs in {work}")


def run_faults(seconds, started, master, pg, redis, processes, start_worker, worker, env) -> list[dict]:
    """The fault schedule, scaled to the run's length."""

    def at(fraction: float) -> None:
        delay = started + seconds * fraction - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    faults = []
    at(0.15)
    victims = gunicorn_children(master.pid)
    t = time.monotonic()
    if victims:
        os.kill(victims[0], signal.SIGKILL)
    faults.append({"fault": "gunicorn worker SIGKILL", "start": t, "end": t})
    log(f"killed gunicorn worker {victims[:1]}")

    at(0.30)
    from redis import Redis
    from rq import Queue
    from rq.registry import StartedJobRegistry

    connection = Redis.from_url(redis.url)
    # Give the worker something to be in the middle of: every registration's e-mail once more (each
    # is named by its key, so a resend or a retry must not make a second message).
    queue = Queue("dialog", connection=connection)
    resent = resend_registration_emails(pg.url, queue)
    deadline = time.monotonic() + 10
    while not StartedJobRegistry("dialog", connection=connection).get_job_ids() and time.monotonic() < deadline:
        time.sleep(0.05)
    in_flight = StartedJobRegistry("dialog", connection=connection).get_job_ids()
    t = time.monotonic()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and the job it is running: a lost machine
    log(f"killed the RQ worker (e-mails resent: {resent}; in flight: {len(in_flight)}; queued: {queue.count})")
    time.sleep(5)
    processes.replace("rq-worker", start_worker())
    faults.append({"fault": "RQ worker SIGKILL", "start": t, "end": time.monotonic(), "in_flight": len(in_flight)})

    at(0.50)
    t = time.monotonic()
    log("restarting PostgreSQL")
    pg.restart()
    faults.append({"fault": "PostgreSQL restart", "start": t, "end": time.monotonic()})

    at(0.70)
    t = time.monotonic()
    outage = min(30.0, seconds * 0.1)
    log(f"stopping Redis for {outage:.0f} s")
    redis.stop()
    time.sleep(outage)
    redis.start()
    faults.append({"fault": f"Redis stopped {outage:.0f} s", "start": t, "end": time.monotonic()})
    return faults


def resend_registration_emails(database_url: str, queue) -> int:
    import psycopg
    from rq import Retry

    with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
        rows = conn.execute("SELECT id, status FROM cafe_registrations WHERE email IS NOT NULL").fetchall()
    for ident, status in rows:
        queue.enqueue(
            "dialog.notifications.worker.run_job",
            "cafe_registration",
            ident,
            status,
            retry=Retry(max=3, interval=[10, 60, 300]),
            job_timeout=120,
        )
    return len(rows)


def drain(redis_url: str, seconds: float) -> bool:
    from redis import Redis
    from rq import Queue
    from rq.registry import ScheduledJobRegistry, StartedJobRegistry

    connection = Redis.from_url(redis_url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        queue = Queue("dialog", connection=connection)
        waiting = queue.count + len(StartedJobRegistry("dialog", connection=connection).get_job_ids())
        waiting += len(ScheduledJobRegistry("dialog", connection=connection).get_job_ids())
        if waiting == 0:
            return True
        time.sleep(2)
    return False


def verify(database_url: str, secret_key: str, acks: Path, outbox: Path) -> dict:
    """Acknowledged submissions and e-mails against the database and the outbox."""
    import psycopg

    rows = [json.loads(line) for line in acks.read_text().splitlines()] if acks.exists() else []
    tables = {"idea": "contributions", "cafe_registration": "cafe_registrations", "proposal": "cafe_proposals"}
    result = {"acknowledged": {}, "lost": 0, "duplicated": 0}
    with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
        for kind, table in tables.items():
            keys = [r["key"] for r in rows if r["kind"] == kind and r.get("key")]
            result["acknowledged"][kind] = len(keys)
            for key in keys:
                (count,) = conn.execute(f"SELECT count(*) FROM {table} WHERE idempotency_key = %s", (key,)).fetchone()
                result["lost"] += count == 0
                result["duplicated"] += max(0, count - 1)
        surveys = [r for r in rows if r["kind"] == "survey"]
        result["acknowledged"]["survey"] = len(surveys)
        (submitted,) = conn.execute("SELECT count(*) FROM survey_responses WHERE state = 'submitted'").fetchone()
        result["lost"] += max(0, len(surveys) - submitted)
        result["survey_responses_stored"] = submitted
        registrations = conn.execute(
            "SELECT id, status FROM cafe_registrations WHERE email IS NOT NULL AND email LIKE '%%@drill.example.org'"
        ).fetchall()
    files = {p.stem for p in outbox.glob("*.eml")} if outbox.exists() else set()

    def digest(key: str) -> str:
        return hashlib.sha256(f"{secret_key}:{key}".encode()).hexdigest()[:32]

    expected, lost = set(), 0
    for ident, status in registrations:
        kinds = ["registered", "waitlisted", "promoted"] if status == "registered" else ["waitlisted"]
        names = [digest(f"cafe_registration:{ident}:{kind}") for kind in kinds]
        found = [n for n in names if n in files]
        expected.update(found)
        lost += not found
    result["emails"] = {
        "expected": len(registrations),
        "written": len(files),
        "lost": lost,
        # Every message is named by its key: a second copy of one would be a file outside the keys.
        "duplicated": len(files - expected),
    }
    return result


def summarise(rows, faults, probe: Probe, started, report, drained, probe_end) -> dict:
    t0 = started
    by_page: dict[str, list[float]] = {}
    errors = 0
    unavailable = [0] * len(faults)
    windows = []
    for fault in faults:
        recovered = probe.first_all_ok_after(fault["end"])
        fault["recovered_s"] = round(recovered - fault["start"], 1) if recovered else None
        fault["ready_false_s"] = None
        for name in ("ready_a", "ready_b"):
            down = probe.first_not_ready_after(fault["start"], name)
            if down is not None and (recovered is None or down <= recovered):
                fault["ready_false_s"] = round(down - fault["start"], 1)
                break
        windows.append((fault["start"] - t0 - 1, (recovered or probe_end) - t0 + 5))
    for t, name, status, ms in rows:
        by_page.setdefault(name, []).append(ms)
        if status in (503, 502, 504, 0):
            hit = [i for i, (a, b) in enumerate(windows) if a <= t <= b]
            if hit:
                unavailable[hit[0]] += 1
                continue
        if status == 0 or status >= 500 or status in (400, 403, 404, 405, 429):
            errors += 1
    floor = percentile(by_page.get("floor", []), 0.95)
    pages = {}
    for name in PAGES:
        values = by_page.get(name, [])
        if not values:
            continue
        p95 = percentile(values, 0.95)
        pages[name] = {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(p95, 1),
            "ratio": round(floor / p95, 3) if p95 else None,
        }
    for fault, count in zip(faults, unavailable, strict=True):
        fault["unavailable_responses"] = count
    ratios_ok = all(page["ratio"] is not None and page["ratio"] >= MIN_RATIO for page in pages.values())
    recovered_ok = all(fault["recovered_s"] is not None for fault in faults)
    emails = report["emails"]
    passed = (
        report["lost"] == 0
        and report["duplicated"] == 0
        and emails["lost"] == 0
        and emails["duplicated"] == 0
        and errors == 0
        and ratios_ok
        and recovered_ok
        and drained
    )
    return {
        "passed": passed,
        "errors": errors,
        "floor_p50_ms": round(statistics.median(by_page.get("floor", [0])), 1),
        "floor_p95_ms": round(floor, 1),
        "pages": pages,
        "faults": [{k: v for k, v in f.items() if k not in ("start", "end")} for f in faults],
        "submissions": report,
        "queue_drained": drained,
        "requests": len(rows),
    }


def print_report(table: dict) -> None:
    print()
    print(f"{'page':<16}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'ratio':>8}")
    print(f"{'floor':<16}{'':>7}{table['floor_p50_ms']:>10}{table['floor_p95_ms']:>10}{1.0:>8.2f}")
    for name, page in table["pages"].items():
        flag = "" if page["ratio"] is not None and page["ratio"] >= MIN_RATIO else "  < 0.25"
        print(f"{name:<16}{page['n']:>7}{page['p50_ms']:>10}{page['p95_ms']:>10}{page['ratio']:>8.2f}{flag}")
    print()
    print(f"{'fault':<26}{'503/502 during':>16}{'ready false after s':>21}{'recovered after s':>19}")
    for fault in table["faults"]:
        print(
            f"{fault['fault']:<26}{fault['unavailable_responses']:>16}{str(fault['ready_false_s']):>21}"
            f"{str(fault['recovered_s']):>19}"
        )
    s = table["submissions"]
    print()
    print(f"requests: {table['requests']}, errors other than the outages' 503/502: {table['errors']}")
    print(f"acknowledged submissions: {s['acknowledged']}; lost {s['lost']}, duplicated {s['duplicated']}")
    e = s["emails"]
    print(f"e-mails: expected {e['expected']}, written {e['written']}, lost {e['lost']}, duplicated {e['duplicated']}")
    print(f"queue drained: {table['queue_drained']}; passed: {table['passed']}")
    flat = {"drill_passed": table["passed"], "drill_errors": table["errors"]}
    for name, page in table["pages"].items():
        flat[f"drill_p95_ratio_{name}"] = page["ratio"]
    flat.update(
        drill_lost=s["lost"],
        drill_duplicated=s["duplicated"],
        drill_emails_lost=e["lost"],
        drill_emails_duplicated=e["duplicated"],
    )
    for fault in table["faults"]:
        key = fault["fault"].split()[0].lower().replace("postgresql", "postgres")
        flat[f"drill_recovery_s_{key}"] = fault["recovered_s"]
    print(json.dumps(flat))


if __name__ == "__main__":
    sys.exit(main())
