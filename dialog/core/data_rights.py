"""A person's data rights across every domain: "Download my data" and "Delete my account".

Each domain that stores something of a person registers a :class:`Holding`: what it exports,
how it erases (returning what it kept and why, in plain words), and which ``table.column``
it covers. ``create_app`` imports the domains' ``data_rights`` modules from an explicit list
(``DATA_RIGHTS`` in ``dialog/__init__.py``), so a domain added later (matchmaking, summaries,
translations) adds its module there. ``tests/test_data_rights.py`` fails when a column that
refers to a user or holds contact data is covered by no holding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Column names that hold contact data wherever they appear.
CONTACT_COLUMNS = frozenset({"email", "contact_email", "phone", "phone_number"})


@dataclass(frozen=True)
class Holding:
    #: Key of this part in the download.
    name: str
    #: The person's data here, JSON-ready.
    export: Callable[[Any], Any]
    #: Remove or anonymise it; return sentences saying what was kept and why (may be empty).
    erase: Callable[[Any], list[str]]
    #: "table.column" this holding answers for.
    covers: frozenset[str]
    #: "table.column" that look personal but are not about a person, with the reason.
    not_personal: dict[str, str] = field(default_factory=dict)
    #: Erased first when lower: a holding that finds rows by the account's e-mail runs before
    #: the account itself is deleted.
    order: int = 50


_HOLDINGS: dict[str, Holding] = {}


def register(holding: Holding) -> Holding:
    """Add (or replace, on a second app in one process) a domain's holding."""
    _HOLDINGS[holding.name] = holding
    return holding


def holdings() -> list[Holding]:
    return sorted(_HOLDINGS.values(), key=lambda h: (h.order, h.name))


def export_person(user) -> dict:
    """Everything every domain keeps about ``user``."""
    return {h.name: h.export(user) for h in holdings()}


def erase_person(user) -> list[str]:
    """Erase ``user`` in every domain; return what was kept and why."""
    kept: list[str] = []
    for holding in holdings():
        kept.extend(holding.erase(user))
    return kept


def covered_columns() -> set[str]:
    out: set[str] = set()
    for holding in holdings():
        out |= set(holding.covers) | set(holding.not_personal)
    return out


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
