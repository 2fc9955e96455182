"""Disclosure control for every published count: small groups hidden, and a second cell (or
the total) hidden where a hidden group could otherwise be worked out. Used by the survey results
and the café exit totals, and by anything that publishes counts of people later."""

from __future__ import annotations

#: Counts of people below this are never shown ("fewer than 5").
MIN_GROUP = 5
#: A cell hidden only so that a smaller hidden group cannot be worked out from the total.
SUPPRESSED = "suppressed"


def hide_small(rows: list) -> list:
    """``(key, count)`` rows with every count under MIN_GROUP hidden (None)."""
    return [(key, count if count >= MIN_GROUP else None) for key, count in rows]


def recoverable(cells: list, total: int | None) -> bool:
    """Could one hidden cell of a question be worked out exactly from what is shown?

    What a reader knows: the total (if shown), the shown cells, that a "fewer than 5" cell
    holds 1–4 people and a suppressed one at least 5, and that some may not have answered
    the question (0 or more, not shown). A hidden cell is exact when the rest of the total,
    after the shown cells and the least the other hidden cells can hold, leaves it no room."""
    if total is None:
        return False
    hidden = [(key, count) for key, count in cells if count is None or count == SUPPRESSED]
    if not hidden:
        return False
    rest = total - sum(count for _key, count in cells if isinstance(count, int))
    least = {key: (1 if count is None else MIN_GROUP) for key, count in hidden}
    for key, count in hidden:
        most = MIN_GROUP - 1 if count is None else rest
        room = rest - (sum(least.values()) - least[key])
        if min(most, room) <= least[key]:
            return True
    return False


def protect(shown: dict[str, list], total: int) -> bool:
    """Secondary suppression for several questions over one total (the stronger rule), in
    place: in every question where a hidden group could be worked out, hide the smallest shown
    cell too; where that is not enough, hide the total
    instead (and no second cells: without the total, nothing hidden can be worked out, since
    nobody knows how many left a question unanswered). Returns whether the total is shown."""
    trial = {column: list(rows) for column, rows in shown.items()}
    for _column, cells in trial.items():
        if not recoverable(cells, total):
            continue
        visible = [(count, index) for index, (_key, count) in enumerate(cells) if isinstance(count, int)]
        if not visible:
            return False
        _count, index = min(visible)
        cells[index] = (cells[index][0], SUPPRESSED)
        if recoverable(cells, total):
            return False
    shown.update(trial)
    return True


def suppress(counts: list[int], *, derivable: bool = True) -> list[bool]:
    """For the cells of one question whose counts add up to its n (the survey results). Which
    counts to hide: 1–4, plus the next smallest when only one would be hidden and
    the counts add up to a total that is shown (``derivable``; not so for multiple choice)."""
    hide = [0 < n < MIN_GROUP for n in counts]
    if derivable and sum(hide) == 1:
        visible = [(n, i) for i, n in enumerate(counts) if not hide[i] and n > 0]
        if visible:
            hide[min(visible)[1]] = True
    return hide
