"""The meeting-2 schedule: an independent verifier over many random instances (no double
booking, table count, availability, locks kept), the bound, and who is left out and why."""

from __future__ import annotations

import random

import pytest

from dialog.matchmaking import schedule as scheduling
from dialog.matchmaking.schedule import Conversation, Problem


def independent_check(problem: Problem, result: scheduling.Schedule) -> None:
    """Written apart from ``schedule.verify``: walk the grid slot by slot."""
    by_id = {c.id: c for c in problem.conversations}
    for slot in range(problem.slots):
        here = [cid for cid, (s, _t) in result.placed.items() if s == slot]
        assert len(here) <= problem.tables
        tables = [result.placed[cid][1] for cid in here]
        assert len(tables) == len(set(tables))
        assert all(0 <= t < problem.tables for t in tables)
        members = [org for cid in here for org in by_id[cid].organisations]
        assert len(members) == len(set(members)), f"double booking in slot {slot}"
        for cid in here:
            for org in by_id[cid].organisations:
                assert slot in problem.availability.get(org, range(problem.slots))
    for c in problem.conversations:
        if c.locked is not None:
            assert result.placed.get(c.id) == c.locked
    assert set(result.placed) | set(result.left_out) == set(by_id)
    assert not set(result.placed) & set(result.left_out)
    assert result.score <= result.bound + 1e-6
    assert abs(result.score - sum(by_id[cid].score for cid in result.placed)) < 1e-3


def random_problem(rng: random.Random) -> Problem:
    orgs = list(range(rng.randint(3, 14)))
    slots, tables = rng.randint(1, 5), rng.randint(1, 4)
    conversations = []
    for n in range(rng.randint(1, 25)):
        size = rng.choice((2, 2, 2, 3, 4))
        members = frozenset(rng.sample(orgs, min(size, len(orgs))))
        conversations.append(Conversation(n, members, round(rng.uniform(0.1, 1.0), 3)))
    availability = {o: frozenset(rng.sample(range(slots), rng.randint(0, slots))) for o in orgs if rng.random() < 0.4}
    problem = Problem(slots, tables, conversations, availability)
    # Lock a few conversations where they fit with the locks made so far.
    taken_cells, taken_orgs = set(), set()
    for n, c in enumerate(conversations):
        if rng.random() < 0.15:
            allowed = problem.slots_for(c)
            cells = [
                (s, t)
                for s in allowed
                for t in range(tables)
                if (s, t) not in taken_cells and not any((o, s) in taken_orgs for o in c.organisations)
            ]
            if cells:
                cell = rng.choice(cells)
                taken_cells.add(cell)
                taken_orgs.update((o, cell[0]) for o in c.organisations)
                conversations[n] = Conversation(c.id, c.organisations, c.score, cell)
    return problem


@pytest.mark.parametrize("seed", range(60))
def test_random_instances_hold_every_rule(seed):
    problem = random_problem(random.Random(seed))
    result = scheduling.solve(problem, time_limit=5)
    independent_check(problem, result)
    assert scheduling.verify(problem, result) == []


def test_small_instances_are_optimal_against_brute_force():
    import itertools

    rng = random.Random(7)
    for _ in range(15):
        orgs = list(range(5))
        conversations = [Conversation(n, frozenset(rng.sample(orgs, 2)), rng.randint(1, 9)) for n in range(5)]
        problem = Problem(2, 2, conversations)
        best = 0
        for choice in itertools.product([None, 0, 1], repeat=len(conversations)):
            ok = True
            for slot in (0, 1):
                here = [c for c, s in zip(conversations, choice, strict=True) if s == slot]
                members = [o for c in here for o in c.organisations]
                ok &= len(here) <= 2 and len(members) == len(set(members))
            if ok:
                best = max(best, sum(c.score for c, s in zip(conversations, choice, strict=True) if s is not None))
        assert scheduling.solve(problem).score == pytest.approx(best)


def test_left_out_reasons():
    problem = Problem(
        slots=2,
        tables=1,
        conversations=[
            Conversation(1, frozenset({1, 2}), 1.0),  # 1 and 2 share no slot
            Conversation(2, frozenset({3, 4}), 5.0),
            Conversation(3, frozenset({5, 6}), 4.0),
            Conversation(4, frozenset({7, 8}), 1.0),  # tables are full in both slots
        ],
        availability={1: frozenset({0}), 2: frozenset({1})},
    )
    result = scheduling.solve(problem)
    assert result.left_out[1] == scheduling.NO_COMMON_SLOT
    assert result.left_out[4] == scheduling.NO_TABLE
    assert set(result.placed) == {2, 3}


def test_busy_organisation_is_the_reason():
    problem = Problem(1, 3, [Conversation(1, frozenset({1, 2}), 2.0), Conversation(2, frozenset({1, 3}), 1.0)])
    result = scheduling.solve(problem)
    assert result.left_out == {2: scheduling.ORGANISATION_BUSY}


@pytest.mark.parametrize(
    "conversations,code",
    [
        (
            [Conversation(1, frozenset({1, 2}), 1, (0, 0)), Conversation(2, frozenset({3, 4}), 1, (0, 0))],
            "lock_same_table",
        ),
        (
            [Conversation(1, frozenset({1, 2}), 1, (0, 0)), Conversation(2, frozenset({1, 4}), 1, (0, 1))],
            "lock_double_booked",
        ),
        ([Conversation(1, frozenset({1, 2}), 1, (5, 0))], "lock_out_of_range"),
    ],
)
def test_impossible_locks_are_refused(conversations, code):
    with pytest.raises(scheduling.ScheduleError) as error:
        scheduling.solve(Problem(2, 2, conversations))
    assert error.value.code == code


def test_locks_kept_when_solving_again():
    problem = Problem(2, 1, [Conversation(1, frozenset({1, 2}), 1.0, (1, 0)), Conversation(2, frozenset({1, 3}), 9.0)])
    result = scheduling.solve(problem)
    assert result.placed[1] == (1, 0)
    assert result.placed[2] == (0, 0)
