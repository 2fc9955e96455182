"""The meeting-2 schedule: conversations of two to four organisations in time slots × tables.

Pure functions over plain values. Every conversation gets at most one (slot, table); no
organisation is in two places in one slot; only slots every member can take; at most
``tables`` conversations per slot; conversations staff locked stay exactly where they are.
The total score is maximised by OR-Tools CP-SAT within a time limit, and reported against the
bound of the linear relaxation (scipy's HiGHS), so staff see how close to best it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

TIME_LIMIT_S = 10.0
#: CP-SAT wants whole numbers: scores are scaled by this before solving.
SCALE = 1000

#: Why a conversation has no place (keys of ``LEFT_OUT_REASONS`` in views).
NO_COMMON_SLOT = "no_common_slot"
ORGANISATION_BUSY = "organisation_busy"
NO_TABLE = "no_table"


@dataclass(frozen=True)
class Conversation:
    id: int
    organisations: frozenset[int]
    score: float = 1.0
    #: (slot, table) fixed by staff.
    locked: tuple[int, int] | None = None


@dataclass
class Problem:
    slots: int
    tables: int
    conversations: list[Conversation]
    #: Organisation id → the slots it can take; an organisation not here can take every slot.
    availability: dict[int, frozenset[int]] = field(default_factory=dict)

    def slots_for(self, conversation: Conversation) -> list[int]:
        allowed = set(range(self.slots))
        for org in conversation.organisations:
            if org in self.availability:
                allowed &= self.availability[org]
        return sorted(allowed)


@dataclass
class Schedule:
    #: Conversation id → (slot, table).
    placed: dict[int, tuple[int, int]]
    #: Conversation id → why it has no place.
    left_out: dict[int, str]
    score: float
    bound: float
    optimal: bool
    seconds: float

    @property
    def ratio(self) -> float:
        return 1.0 if self.bound <= 0 else self.score / self.bound


class ScheduleError(ValueError):
    """The locked conversations themselves break a rule; ``code`` says which."""

    def __init__(self, code: str, conversation_ids: tuple[int, ...] = ()):
        super().__init__(code)
        self.code = code
        self.conversation_ids = conversation_ids


def check_locks(problem: Problem) -> None:
    """Locked conversations must fit by themselves: in range, allowed slot, no clash."""
    tables_taken: dict[tuple[int, int], int] = {}
    orgs_taken: dict[tuple[int, int], int] = {}
    for c in problem.conversations:
        if c.locked is None:
            continue
        slot, table = c.locked
        if not (0 <= slot < problem.slots and 0 <= table < problem.tables):
            raise ScheduleError("lock_out_of_range", (c.id,))
        if slot not in problem.slots_for(c):
            raise ScheduleError("lock_unavailable", (c.id,))
        if (slot, table) in tables_taken:
            raise ScheduleError("lock_same_table", (tables_taken[(slot, table)], c.id))
        tables_taken[(slot, table)] = c.id
        for org in c.organisations:
            if (org, slot) in orgs_taken:
                raise ScheduleError("lock_double_booked", (orgs_taken[(org, slot)], c.id))
            orgs_taken[(org, slot)] = c.id


def solve(problem: Problem, *, time_limit: float = TIME_LIMIT_S, workers: int = 2) -> Schedule:
    """Place as much score as the solver can within ``time_limit`` seconds."""
    check_locks(problem)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_org_slot: dict[tuple[int, int], list] = {}
    by_slot: dict[int, list] = {s: [] for s in range(problem.slots)}
    for n, c in enumerate(problem.conversations):
        allowed = problem.slots_for(c)
        for s in allowed:
            var = model.new_bool_var(f"x{n}_{s}")
            x[(n, s)] = var
            by_slot[s].append(var)
            for org in c.organisations:
                by_org_slot.setdefault((org, s), []).append(var)
        vars_ = [x[(n, s)] for s in allowed]
        if vars_:
            model.add_at_most_one(vars_)
        if c.locked is not None:
            model.add(x[(n, c.locked[0])] == 1)
    for vars_ in by_org_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for vars_ in by_slot.values():
        if len(vars_) > problem.tables:
            model.add(sum(vars_) <= problem.tables)
    weights = [int(round(c.score * SCALE)) for c in problem.conversations]
    # Earlier slots break ties: all the tie-breaks together weigh less than one unit of score.
    spread = len(problem.conversations) * problem.slots + 1
    model.maximize(sum((weights[n] * spread - s) * var for (n, s), var in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ScheduleError("no_solution")
    chosen: dict[int, int] = {n: s for (n, s), var in x.items() if solver.value(var)}
    placed = _assign_tables(problem, chosen)
    score = sum(problem.conversations[n].score for n in chosen)
    return Schedule(
        placed=placed,
        left_out=_reasons(problem, placed),
        score=round(score, 4),
        bound=round(max(relaxation_bound(problem), score), 4),
        optimal=status == cp_model.OPTIMAL,
        seconds=round(solver.wall_time, 3),
    )


def _assign_tables(problem: Problem, chosen: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Locked conversations keep their table; the rest take the free tables of their slot in order."""
    placed: dict[int, tuple[int, int]] = {}
    free = {s: list(range(problem.tables)) for s in range(problem.slots)}
    for n, slot in chosen.items():
        c = problem.conversations[n]
        if c.locked is not None:
            placed[c.id] = c.locked
            free[slot].remove(c.locked[1])
    for n, slot in sorted(chosen.items()):
        c = problem.conversations[n]
        if c.locked is None:
            placed[c.id] = (slot, free[slot].pop(0))
    return placed


def _reasons(problem: Problem, placed: dict[int, tuple[int, int]]) -> dict[int, str]:
    """For each conversation left out: no slot all members can take; or a member is busy at
    every slot they share; or every table is taken then."""
    busy: set[tuple[int, int]] = set()
    per_slot: dict[int, int] = {}
    for c in problem.conversations:
        if c.id in placed:
            slot = placed[c.id][0]
            per_slot[slot] = per_slot.get(slot, 0) + 1
            busy.update((org, slot) for org in c.organisations)
    reasons = {}
    for c in problem.conversations:
        if c.id in placed:
            continue
        allowed = problem.slots_for(c)
        if not allowed:
            reasons[c.id] = NO_COMMON_SLOT
        elif all(any((org, s) in busy for org in c.organisations) for s in allowed):
            reasons[c.id] = ORGANISATION_BUSY
        else:
            reasons[c.id] = NO_TABLE
    return reasons


def relaxation_bound(problem: Problem) -> float:
    """The best score of the linear relaxation (each x in [0, 1]): no schedule can beat it."""
    columns: list[tuple[int, int]] = []
    for n, c in enumerate(problem.conversations):
        columns.extend((n, s) for s in problem.slots_for(c))
    if not columns:
        return 0.0
    index = {col: i for i, col in enumerate(columns)}
    orgs = sorted({org for c in problem.conversations for org in c.organisations})
    org_row = {org: i for i, org in enumerate(orgs)}
    n_conv = len(problem.conversations)
    n_rows = n_conv + len(orgs) * problem.slots + problem.slots
    a = lil_matrix((n_rows, len(columns)))
    bounds = [(0.0, 1.0)] * len(columns)
    for (n, s), i in index.items():
        c = problem.conversations[n]
        a[n, i] = 1
        for org in c.organisations:
            a[n_conv + org_row[org] * problem.slots + s, i] = 1
        a[n_conv + len(orgs) * problem.slots + s, i] = 1
        if c.locked is not None:
            bounds[i] = (1.0, 1.0) if s == c.locked[0] else (0.0, 0.0)
    b = np.concatenate([np.ones(n_conv + len(orgs) * problem.slots), np.full(problem.slots, problem.tables)])
    cost = -np.array([problem.conversations[n].score for n, _s in columns])
    result = linprog(cost, A_ub=a.tocsr(), b_ub=b, bounds=bounds, method="highs")
    return float(-result.fun) if result.status == 0 else 0.0


def verify(problem: Problem, schedule: Schedule) -> list[str]:
    """An independent check of a schedule against every rule; returns what is wrong."""
    problems = []
    by_id = {c.id: c for c in problem.conversations}
    seen_cells: set[tuple[int, int]] = set()
    seen_orgs: set[tuple[int, int]] = set()
    for cid, (slot, table) in schedule.placed.items():
        c = by_id[cid]
        if not (0 <= slot < problem.slots and 0 <= table < problem.tables):
            problems.append(f"{cid} outside the grid")
        if (slot, table) in seen_cells:
            problems.append(f"{cid} shares table {table} in slot {slot}")
        seen_cells.add((slot, table))
        for org in c.organisations:
            if org in problem.availability and slot not in problem.availability[org]:
                problems.append(f"{cid}: organisation {org} is not available in slot {slot}")
            if (org, slot) in seen_orgs:
                problems.append(f"organisation {org} is in two places in slot {slot}")
            seen_orgs.add((org, slot))
        if c.locked is not None and c.locked != (slot, table):
            problems.append(f"{cid} was locked at {c.locked} but placed at {(slot, table)}")
    for c in problem.conversations:
        if c.locked is not None and c.id not in schedule.placed:
            problems.append(f"locked {c.id} was dropped")
        if (c.id in schedule.placed) == (c.id in schedule.left_out):
            problems.append(f"{c.id} is neither placed nor left out with a reason")
    return problems
