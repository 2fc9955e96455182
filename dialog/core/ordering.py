"""Ordered lists (rounds, prompts, themes, pages, questions): one rule for positions, counted from 1."""

from __future__ import annotations

from collections.abc import Sequence


def next_position(items: Sequence) -> int:
    """The position for an item added at the end."""
    return max((item.position or 0 for item in items), default=0) + 1


def renumber(items: Sequence) -> None:
    """Positions 1, 2, 3, … in the order given."""
    for position, item in enumerate(items, start=1):
        item.position = position


def swap(items: Sequence, item, direction: int) -> list | None:
    """``items`` with ``item`` swapped with its neighbour one step up (direction < 0) or down,
    renumbered; None (and nothing changed) when it is already first or last."""
    order = list(items)
    index = order.index(item)
    target = index + (-1 if direction < 0 else 1)
    if not 0 <= target < len(order):
        return None
    order[index], order[target] = order[target], order[index]
    renumber(order)
    return order
