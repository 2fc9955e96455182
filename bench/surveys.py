"""Benchmark scenario for surveys (issue 4).

- ``generate_survey``: a survey of 20 questions on 4 pages (single and multiple choice, scales,
  numbers, yes/no, a matrix, a ranking, a date, free text) with 100,000 submitted responses,
  bulk-inserted (about 27 answer rows each).
- ``page_urls``: the survey's landing page and an answering page (with a draft in progress,
  as a respondent's browser has), for the harness to load under ``wrk`` against the floor.
- ``measure``: the staff results page against the bare SQL aggregate queries it needs, timed
  in the same run (``survey_results_ratio`` = SQL time ÷ page time); and the CSV and XLSX
  exports run in a fresh process each, reporting how much its memory grew (MB).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("sv", "sv", "sv", "ar", "ar", "so", "fa", "en")


def _tr(sv: str) -> dict:
    return {"sv": sv, "en": sv + " (en)", "ar": sv + " (ar)", "so": sv + " (so)", "fa": sv + " (fa)"}


#: (code, kind, number of options, number of rows) on 4 pages of 5.
QUESTIONS = [
    ("area_feel", "single_choice", 4, 0),
    ("safe_day", "scale", 0, 0),
    ("safe_night", "scale", 0, 0),
    ("places", "multiple_choice", 5, 0),
    ("age", "integer", 0, 0),
    ("transport", "single_choice", 5, 0),
    ("trust", "matrix", 4, 3),
    ("walk", "yes_no", 2, 0),
    ("priorities", "ranking", 4, 0),
    ("heard", "scale", 0, 0),
    ("lived", "integer", 0, 0),
    ("meet", "multiple_choice", 5, 0),
    ("school", "single_choice", 4, 0),
    ("park", "single_choice", 3, 0),
    ("influence", "scale", 0, 0),
    ("moved", "date", 0, 0),
    ("work", "single_choice", 4, 0),
    ("help", "multiple_choice", 5, 0),
    ("library", "single_choice", 4, 0),
    ("ideas", "long_text", 0, 0),
]


def generate_survey(engine, responses: int = 100_000, seed: int = 11) -> dict:  # noqa: C901  (one branch per kind; listed in issue 10 as left to cut)
    """Insert the survey and its responses with Core bulk inserts; return figures."""
    from dialog.surveys.models import (
        Survey,
        SurveyAnswer,
        SurveyOption,
        SurveyQuestion,
        SurveyResponse,
        SurveySection,
        survey_areas,
        survey_theme_groups,
    )

    started = time.time()
    rng = random.Random(seed)
    with engine.begin() as conn:
        district = conn.execute(text("SELECT id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1")).scalar()
        areas = (
            conn.execute(text("SELECT id FROM areas WHERE parent_id = :d ORDER BY id"), {"d": district}).scalars().all()
        )
        group = conn.execute(text("SELECT id FROM theme_groups WHERE NOT is_fallback ORDER BY id LIMIT 1")).scalar()
        survey_id = (conn.execute(text("SELECT coalesce(max(id), 0) FROM surveys")).scalar() or 0) + 1
        conn.execute(
            insert(Survey.__table__),
            [
                {
                    "id": survey_id,
                    "kind": "survey",
                    "title": _tr("Trygghetsenkät (benchmark)"),
                    "description": _tr("Tjugo frågor."),
                    "promise": _tr("Svaren blir en plan."),
                    "end_message": _tr("Tack!"),
                    "participation_level": "consultation",
                    "mode": "anonymous",
                    "state": "open",
                    "languages": ["sv", "en", "ar", "so", "fa"],
                    "results_public": True,
                }
            ],
        )
        conn.execute(insert(survey_areas), [{"survey_id": survey_id, "area_id": district}])
        conn.execute(insert(survey_theme_groups), [{"survey_id": survey_id, "theme_group_id": group}])
        section_base = (conn.execute(text("SELECT coalesce(max(id), 0) FROM survey_sections")).scalar() or 0) + 1
        conn.execute(
            insert(SurveySection.__table__),
            [
                {
                    "id": section_base + i,
                    "survey_id": survey_id,
                    "code": f"page{i + 1}",
                    "position": i + 1,
                    "title": _tr(f"Sida {i + 1}"),
                    "intro": {},
                    "condition": None,
                }
                for i in range(4)
            ],
        )
        question_base = (conn.execute(text("SELECT coalesce(max(id), 0) FROM survey_questions")).scalar() or 0) + 1
        option_id = conn.execute(text("SELECT coalesce(max(id), 0) FROM survey_options")).scalar() or 0
        questions, options = [], []
        layout = {}
        for index, (code, kind, n_options, n_rows) in enumerate(QUESTIONS):
            qid = question_base + index
            questions.append(
                {
                    "id": qid,
                    "survey_id": survey_id,
                    "section_id": section_base + index // 5,
                    "position": index % 5 + 1,
                    "code": code,
                    "kind": kind,
                    "text": _tr(f"Fråga {index + 1}: {code}?"),
                    "help": {},
                    "required": False,
                    "condition": None,
                    "display": "radio",
                    "min_value": 1 if kind == "scale" else (0 if kind == "integer" else None),
                    "max_value": 5 if kind == "scale" else (120 if kind == "integer" else None),
                    "min_label": _tr("Inte alls") if kind == "scale" else {},
                    "max_label": _tr("Helt") if kind == "scale" else {},
                    "min_choices": None,
                    "max_choices": None,
                    "to_contribution": kind == "long_text",
                }
            )
            choice_ids, row_ids = [], []
            for o in range(n_options):
                option_id += 1
                code_o = ("yes", "no")[o] if kind == "yes_no" else f"o{o + 1}"
                options.append(
                    {
                        "id": option_id,
                        "question_id": qid,
                        "role": "choice",
                        "position": o + 1,
                        "code": code_o,
                        "label": _tr(f"Alternativ {o + 1}"),
                        "is_other": False,
                    }
                )
                choice_ids.append(option_id)
            for r in range(n_rows):
                option_id += 1
                options.append(
                    {
                        "id": option_id,
                        "question_id": qid,
                        "role": "row",
                        "position": r + 1,
                        "code": f"r{r + 1}",
                        "label": _tr(f"Rad {r + 1}"),
                        "is_other": False,
                    }
                )
                row_ids.append(option_id)
            layout[qid] = (kind, choice_ids, row_ids)
        conn.execute(insert(SurveyQuestion.__table__), questions)
        conn.execute(insert(SurveyOption.__table__), options)
        response_base = conn.execute(text("SELECT coalesce(max(id), 0) FROM survey_responses")).scalar() or 0

    today = date.today()
    total_answers = 0
    batch = 2000
    for offset in range(0, responses, batch):
        response_rows, answer_rows = [], []
        for i in range(offset, min(offset + batch, responses)):
            rid = response_base + i + 1
            area = rng.choice(areas)
            language = rng.choice(LANGS)
            response_rows.append(
                {
                    "id": rid,
                    "survey_id": survey_id,
                    "state": "submitted",
                    "area_id": area,
                    "language": language,
                    "is_anonymous": True,
                    "user_id": None,
                    "is_paper": i % 20 == 0,
                    "draft": {},
                    "section_id": None,
                    "resume_hash": None,
                    "code_id": None,
                    "updated_at": None,
                    "submitted_on": today - timedelta(days=rng.randint(0, 60)),
                }
            )
            base = {
                "response_id": rid,
                "survey_id": survey_id,
                "area_id": area,
                "language": language,
                "option_id": None,
                "row_option_id": None,
                "number": None,
                "text": None,
                "date_value": None,
            }
            for qid, (kind, choices, rows) in layout.items():
                if kind in ("single_choice", "yes_no"):
                    answer_rows.append({**base, "question_id": qid, "option_id": rng.choice(choices)})
                elif kind == "multiple_choice":
                    for picked in rng.sample(choices, rng.randint(1, 3)):
                        answer_rows.append({**base, "question_id": qid, "option_id": picked})
                elif kind == "scale":
                    answer_rows.append({**base, "question_id": qid, "number": float(rng.randint(1, 5))})
                elif kind == "integer":
                    answer_rows.append({**base, "question_id": qid, "number": float(rng.randint(16, 90))})
                elif kind == "matrix":
                    for row in rows:
                        answer_rows.append(
                            {**base, "question_id": qid, "row_option_id": row, "option_id": rng.choice(choices)}
                        )
                elif kind == "ranking":
                    for place, item in enumerate(rng.sample(choices, len(choices)), start=1):
                        answer_rows.append({**base, "question_id": qid, "option_id": item, "number": float(place)})
                elif kind == "date":
                    answer_rows.append(
                        {**base, "question_id": qid, "date_value": today - timedelta(days=rng.randint(30, 9000))}
                    )
                elif kind == "long_text" and rng.random() < 0.3:
                    answer_rows.append({**base, "question_id": qid, "text": "Mer belysning vid hållplatsen " + str(i)})
        with engine.begin() as conn:
            conn.execute(insert(SurveyResponse.__table__), response_rows)
            for start in range(0, len(answer_rows), 20_000):
                conn.execute(insert(SurveyAnswer.__table__), answer_rows[start : start + 20_000])
        total_answers += len(answer_rows)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return {
        "survey_id": survey_id,
        "survey_responses": responses,
        "survey_answer_rows": total_answers,
        "survey_data_seconds": round(time.time() - started, 1),
    }


def page_urls(base_url: str, survey_id: int, engine) -> dict[str, tuple[str, str | None]]:
    """The landing page, and an answering page with a draft in progress (its cookies)."""
    from bench.contributions import _Client

    with engine.connect() as conn:
        section = conn.execute(
            text("SELECT id FROM survey_sections WHERE survey_id = :s ORDER BY position LIMIT 1"), {"s": survey_id}
        ).scalar()
    client = _Client(base_url)
    html = client.get(f"/surveys/{survey_id}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    status, location = client.post(f"/surveys/{survey_id}/start", {"csrf_token": token})
    if status != 302 or "/answer/" not in location:
        raise RuntimeError(f"could not start answering: HTTP {status} {location}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
    return {
        "survey_page": (f"/surveys/{survey_id}", None),
        "survey_answer": (f"/surveys/{survey_id}/answer/{section}", cookie),
    }


def _timed_get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        if response.status != 200 or b"question-result" not in body:
            raise RuntimeError(f"results page: HTTP {response.status}")
    return time.perf_counter() - started


def _sql_seconds(database_url: str, survey_id: int, runs: int) -> list[float]:
    """Time the results page's aggregate queries, bare, on a plain connection."""
    from sqlalchemy import create_engine

    from dialog import create_app
    from dialog.config import DevelopmentConfig
    from dialog.surveys.queries import load_survey
    from dialog.surveys.results import page_aggregates

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=database_url)
    engine = create_engine(database_url)
    timings = []
    with app.app_context():
        survey = load_survey(survey_id)
        for question in survey.questions:
            question.options  # noqa: B018  (loaded once, as the page does)
        with engine.connect() as conn:
            for _ in range(runs):
                started = time.perf_counter()
                page_aggregates(survey, session=conn)
                timings.append(time.perf_counter() - started)
    engine.dispose()
    return timings


EXPORT_PROBE = r"""
import json, sys, time
def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
from dialog import create_app
from dialog.config import DevelopmentConfig
from dialog.surveys import exports
from dialog.surveys.queries import load_survey
app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1])
with app.test_request_context():
    survey = load_survey(int(sys.argv[2]))
    cols = exports.columns(survey, area_names=exports.area_names("sv"))
    before = rss("VmRSS:")
    started = time.perf_counter()
    size = 0
    if sys.argv[3] == "csv":
        for chunk in exports.csv_chunks(survey, cols):
            size += len(chunk.encode())
    else:
        for chunk in exports.xlsx_chunks(survey, cols):
            size += len(chunk)
    print(json.dumps({"growth_mb": rss("VmHWM:") - before, "seconds": time.perf_counter() - started, "bytes": size}))
"""


def _export(database_url: str, survey_id: int, kind: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", EXPORT_PROBE, database_url, str(survey_id), kind],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(base_url: str, database_url: str, survey_id: int, staff_cookie: str, runs: int = 3) -> dict:
    """``survey_results_ratio`` (bare SQL ÷ page, medians of ``runs``) and export memory growth."""
    url = f"{base_url}/staff/surveys/{survey_id}/results"
    _timed_get(url, staff_cookie)  # warm up the server and the database pages
    sql = statistics.median(_sql_seconds(database_url, survey_id, runs + 1)[1:])
    page = statistics.median(_timed_get(url, staff_cookie) for _ in range(runs))
    csv_run = _export(database_url, survey_id, "csv")
    xlsx_run = _export(database_url, survey_id, "xlsx")
    print(
        f"survey results: SQL {sql:.2f} s, page {page:.2f} s; "
        f"CSV export {csv_run['seconds']:.1f} s +{csv_run['growth_mb']:.1f} MB, "
        f"XLSX export {xlsx_run['seconds']:.1f} s +{xlsx_run['growth_mb']:.1f} MB"
    )
    return {
        "survey_results_sql_s": round(sql, 3),
        "survey_results_page_s": round(page, 3),
        "survey_results_ratio": round(sql / page, 3) if page else None,
        "survey_export_csv_mb": round(csv_run["growth_mb"], 1),
        "survey_export_csv_s": round(csv_run["seconds"], 1),
        "survey_export_csv_bytes": csv_run["bytes"],
        "survey_export_xlsx_mb": round(xlsx_run["growth_mb"], 1),
        "survey_export_xlsx_s": round(xlsx_run["seconds"], 1),
        "survey_export_xlsx_bytes": xlsx_run["bytes"],
    }
