"""Generate the foundation data at scale with bulk inserts (no ORM objects, no per-row hashing)."""

from __future__ import annotations

import random

from sqlalchemy import insert, text
from werkzeug.security import generate_password_hash

from dialog.accounts.models import User, UserRole
from dialog.accounts.two_factor import UserTotp
from dialog.areas.models import Area, Topic
from dialog.themegroups.models import ThemeGroup, ThemeGroupMember, theme_group_areas, theme_group_topics

LANGS = ("sv", "en", "ar", "so", "fa")
BENCH_PASSWORD = "bench-password-123"
STAFF_EMAIL = "staff@bench.example.org"
#: The bench staff member's authenticator key (staff sign in with a second step).
STAFF_TOTP_SECRET = "BENCHSTAFFKEYDIALOGNORRAHISINGEN"


def _tr(sv: str, en: str) -> dict:
    return {"sv": sv, "en": en, "ar": en + " (ar)", "so": en + " (so)", "fa": en + " (fa)"}


def generate_foundation(engine, *, districts=20, per_district=10, groups=120, users=100_000, seed=3) -> dict:
    rng = random.Random(seed)
    password_hash = generate_password_hash(BENCH_PASSWORD)
    with engine.begin() as conn:
        topic_rows = [
            {
                "id": i + 1,
                "slug": f"topic-{i + 1}",
                "name": _tr(f"Ämne {i + 1}", f"Topic {i + 1}"),
                "description": _tr("Beskrivning", "Description"),
                "position": i,
            }
            for i in range(6)
        ]
        conn.execute(insert(Topic.__table__), topic_rows)
        area_rows, ident = [], 0
        district_ids, neighbourhood_ids = [], []
        for d in range(districts):
            ident += 1
            district_id = ident
            district_ids.append(district_id)
            area_rows.append(
                {
                    "id": district_id,
                    "slug": f"district-{d}",
                    "parent_id": None,
                    "name": _tr(f"Stadsdel {d}", f"District {d}"),
                    "description": _tr("En stadsdel.", "A district."),
                    "position": d,
                }
            )
            for n in range(per_district):
                ident += 1
                neighbourhood_ids.append(ident)
                area_rows.append(
                    {
                        "id": ident,
                        "slug": f"area-{d}-{n}",
                        "parent_id": district_id,
                        "name": _tr(f"Område {d}-{n}", f"Area {d}-{n}"),
                        "description": _tr("Ett bostadsområde.", "A neighbourhood."),
                        "position": n,
                    }
                )
        # Parents first: the self-reference must resolve on insert.
        conn.execute(insert(Area.__table__), [r for r in area_rows if r["parent_id"] is None])
        conn.execute(insert(Area.__table__), [r for r in area_rows if r["parent_id"] is not None])

        user_rows = [
            {
                "id": i,
                "email": f"user{i}@bench.example.org",
                "display_name": f"User {i}",
                "language": LANGS[i % 5],
                "password_hash": password_hash,
                "is_verified": True,
                "is_blocked": False,
            }
            for i in range(1, users + 1)
        ]
        user_rows[0]["email"] = "user1@bench.example.org"
        staff_id = users + 1
        user_rows.append(
            {
                "id": staff_id,
                "email": STAFF_EMAIL,
                "display_name": "Bench Staff",
                "language": "sv",
                "password_hash": password_hash,
                "is_verified": True,
                "is_blocked": False,
            }
        )
        for start in range(0, len(user_rows), 10_000):
            conn.execute(insert(User.__table__), user_rows[start : start + 10_000])
        role_rows = [{"user_id": i, "role": "resident"} for i in range(1, users + 1)]
        role_rows += [{"user_id": staff_id, "role": "staff"}, {"user_id": staff_id, "role": "admin"}]
        for start in range(0, len(role_rows), 20_000):
            conn.execute(insert(UserRole.__table__), role_rows[start : start + 20_000])
        conn.execute(insert(UserTotp.__table__), [{"user_id": staff_id, "secret": STAFF_TOTP_SECRET, "last_step": 0}])

        group_rows, coverage, topics, members = [], [], [], []
        for g in range(1, groups + 1):
            district_id = district_ids[(g - 1) % districts]
            fallback = g <= districts
            group_rows.append(
                {
                    "id": g,
                    "slug": f"group-{g}",
                    "name": _tr(f"Temagrupp {g}", f"Theme group {g}"),
                    "question": _tr(f"Vad behövs i område {g}?", f"What is needed in area {g}?"),
                    "description": _tr("Gruppen arbetar med frågan.", "The group works on the question."),
                    "contact_email": f"group{g}@bench.example.org",
                    "is_active": True,
                    "district_id": district_id,
                    "is_fallback": fallback,
                }
            )
            covered = {district_id} if fallback or g % 3 == 0 else set(rng.sample(neighbourhood_ids, 3))
            coverage += [{"theme_group_id": g, "area_id": a} for a in covered]
            if not fallback:
                topics += [{"theme_group_id": g, "topic_id": t} for t in rng.sample(range(1, 7), 2)]
            members += [
                {"theme_group_id": g, "user_id": u, "role": "lead" if k == 0 else "member"}
                for k, u in enumerate(rng.sample(range(2, users + 1), 3))
            ]
        conn.execute(insert(ThemeGroup.__table__), group_rows)
        conn.execute(insert(theme_group_areas), coverage)
        conn.execute(insert(theme_group_topics), topics)
        conn.execute(insert(ThemeGroupMember.__table__), members)
        if engine.dialect.name == "postgresql":
            for table in ("areas", "topics", "users", "theme_groups"):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
            conn.execute(text("ANALYZE"))
    return {"areas": len(area_rows), "theme_groups": groups, "users": users}
