"""Where a contribution came from, as a label and a link: "From: café dialogue “…”, table 3 ·
round 2", a survey, a trust dialogue.

``source_links`` builds them for any number of contributions with one query per source kind
(never one per row), so list pages can use it too. Each resolver lives with its domain
(dialogues, surveys) and is imported lazily: the sources depend on contributions, not the other way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class SourceLink:
    """``label`` is translated into the current language; ``url`` is a path on this site, or
    None when the source is not to be linked (e.g. a draft, for the public)."""

    label: str
    url: str | None


#: A resolver takes the contributions of its kind and ``public`` and returns
#: ``{contribution id: SourceLink}``; it runs a fixed number of queries, whatever their number.
Resolver = Callable[[list, bool], dict[int, SourceLink]]

_RESOLVERS: dict[str, str] = {
    "cafe_note": "..cafe.sources:cafe_notes",
    "cafe_proposal": "..cafe.sources:cafe_proposals",
    "story": "..trust.sources:trust_stories",
    "survey": "..surveys.sources:survey_answers",
}


def _resolver(kind: str) -> Resolver | None:
    target = _RESOLVERS.get(kind)
    if target is None:
        return None
    module, name = target.split(":")
    return getattr(import_module(module, __package__), name)


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
