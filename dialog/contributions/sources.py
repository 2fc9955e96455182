"""Where a contribution came from, as a label and a link: "From: café dialogue “…”, table 3 ·
round 2", a survey, a trust dialogue.

``source_links`` builds them for any number of contributions with one query per source kind
(never one per row), so list pages can use it too. Each resolver lives with its domain
(``cafe/sources.py``, ``trust/sources.py``, ``surveys/sources.py``) and is registered by
``create_app`` from its explicit list (``dialog.SOURCE_RESOLVERS``): the sources depend on
contributions, not the other way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLink:
    """``label`` is translated into the current language; ``url`` is a path on this site, or
    None when the source is not to be linked (e.g. a draft, for the public)."""

    label: str
    url: str | None


#: A resolver takes the contributions of its kind and ``public`` and returns
#: ``{contribution id: SourceLink}``; it runs a fixed number of queries, whatever their number.
Resolver = Callable[[list, bool], dict[int, SourceLink]]

_RESOLVERS: dict[str, Resolver] = {}


def register_sources(resolvers: dict[str, Resolver]) -> None:
    """Make ``{source kind: resolver}`` known (``create_app`` does this, from one list)."""
    _RESOLVERS.update(resolvers)


def _resolver(kind: str) -> Resolver | None:
    return _RESOLVERS.get(kind)


def source_links(contributions: Iterable, *, public: bool = False) -> dict[int, SourceLink]:
    """Labels and links for the contributions that came from somewhere with a page of its own
    (ideas have none). ``public``: for pages anyone can see (no links to drafts)."""
    by_kind: dict[str, list] = {}
    for contribution in contributions:
        if contribution.source_id is not None:
            by_kind.setdefault(contribution.source_kind, []).append(contribution)
    links: dict[int, SourceLink] = {}
    for kind, items in by_kind.items():
        resolver = _resolver(kind)
        if resolver is not None:
            links.update(resolver(items, public))
    return links


def source_link(contribution, *, public: bool = False) -> SourceLink | None:
    return source_links([contribution], public=public).get(contribution.id)
