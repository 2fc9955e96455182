"""Scoring: which items of two organisations should meet, and why, in the organisations' own words.

Pure functions over plain values (no database), so the job, the tests and the benchmark share
them. A need is scored against every resource of another organisation, and an idea against the
needs and resources that could carry it:

- tag overlap, where an item's tags are the ones its organisation chose plus every tag of the
  district's list whose name, *in any of the five languages*, appears in its text (so a Swedish
  "praktik" meets an Arabic "تدريب عملي" through the list's translations);
- cosine similarity of character n-gram TF-IDF vectors (works across Swedish compounds and
  every script), computed as a sparse top-k per item, in chunks;
- a bonus for pairs across sectors (an association and a company, say) and for pairs like those
  that led to work in earlier rounds; a penalty for pairs that met before without result.

Organisation pairs that one side declined are never suggested again, and an organisation is
never suggested to itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

#: Which kinds of item may meet which: (seeker, offer).
PAIR_KINDS = (("need", "resource"), ("idea", "need"), ("idea", "resource"))
TOP_K = 3
MIN_SCORE = 0.12
WEIGHT_TAGS = 0.5
WEIGHT_TEXT = 0.5
CROSS_SECTOR_BONUS = 0.05
FRUITFUL_BONUS = 0.1
UNFRUITFUL_PENALTY = 0.2
CHUNK = 512

_WORD = re.compile(r"\w+", re.UNICODE)
#: Frequent words that say nothing about a match (only words of 4 letters or more are compared).
STOPWORDS = frozenset(
    [
        "vill",
        "till",
        "från",
        "eller",
        "inte",
        "också",
        "behöver",
        "kunna",
        "några",
        "många",
        "våra",
        "deras",
        "finns",
        "andra",
        "efter",
        "under",
        "mycket",
        "have",
        "that",
        "with",
        "from",
        "this",
        "they",
        "their",
        "them",
        "want",
        "need",
        "some",
        "more",
        "other",
        "about",
        "there",
        "which",
        "would",
        "could",
        "اللى",
        "الذي",
        "التي",
        "على",
        "إلى",
        "نحتاج",
        "نريد",
        "لدينا",
        "يمكن",
    ]
)


@dataclass(frozen=True)
class Item:
    id: int
    organisation_id: int
    kind: str
    title: str
    body: str
    language: str
    tag_ids: frozenset[int] = frozenset()
    #: The organisation's kind (association, company, …): pairs across sectors get a bonus.
    sector: str = ""

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"


@dataclass(frozen=True)
class Pair:
    """A suggested pair; ``a`` is the item of the organisation with the lower id."""

    a: Item
    b: Item
    score: float
    tag_ids: tuple[int, ...]
    phrases_a: tuple[str, ...]
    phrases_b: tuple[str, ...]

    def reason(self) -> dict:
        return {"tags": list(self.tag_ids), "phrases_a": list(self.phrases_a), "phrases_b": list(self.phrases_b)}


@dataclass
class History:
    """What earlier rounds say about pairs of organisations (by organisation id)."""

    #: Organisation pairs (low id, high id) one side declined: never suggested again.
    declined: set[tuple[int, int]] = field(default_factory=set)
    #: Pairs that met before without result.
    unfruitful: set[tuple[int, int]] = field(default_factory=set)
    #: Sector pairs (sorted) and tag ids of collaborations that led to work.
    fruitful_sectors: set[tuple[str, str]] = field(default_factory=set)
    fruitful_tags: set[int] = field(default_factory=set)


def org_pair(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


def tag_terms(tags: dict[int, dict[str, str]]) -> list[tuple[int, str]]:
    """(tag id, lower-cased name) for every tag in every language, longest names first."""
    terms = {(tag_id, name.strip().lower()) for tag_id, names in tags.items() for name in names.values() if name}
    return sorted((t for t in terms if len(t[1]) >= 3), key=lambda t: -len(t[1]))


def detected_tags(text: str, terms: list[tuple[int, str]]) -> dict[int, str]:
    """Tags whose name (in any language) appears in ``text``, with the word of the text it is in."""
    lowered = text.lower()
    found: dict[int, str] = {}
    for tag_id, term in terms:
        if tag_id in found:
            continue
        position = lowered.find(term)
        if position >= 0:
            found[tag_id] = _word_around(text, position, position + len(term))
    return found


def _word_around(text: str, start: int, end: int) -> str:
    """The text from the start of the word holding ``start`` to the end of the word holding ``end``."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]


def vectorise(texts: list[str]):
    """L2-normalised character n-gram TF-IDF vectors, one row per text (sparse)."""
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True, min_df=1, dtype=np.float32
    )
    return vectoriser.fit_transform(texts)


def top_k_similar(left, right, k: int, *, extra=None, mask=None):
    """For each row of ``left``: the ``k`` best columns of ``left @ right.T (+ extra)``, as
    (row, column, value) arrays. ``mask(rows, block)`` may set impossible cells to -inf.
    Works in chunks so memory stays at CHUNK × len(right)."""
    rows_out, cols_out, values_out = [], [], []
    right_t = right.T.tocsc()
    for start in range(0, left.shape[0], CHUNK):
        stop = min(start + CHUNK, left.shape[0])
        block = (left[start:stop] @ right_t).toarray()
        if extra is not None:
            block += extra(start, stop)
        if mask is not None:
            mask(start, stop, block)
        kk = min(k, block.shape[1])
        if kk == 0:
            continue
        best = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        values = np.take_along_axis(block, best, axis=1)
        rows = np.repeat(np.arange(start, stop), kk)
        rows_out.append(rows)
        cols_out.append(best.ravel())
        values_out.append(values.ravel())
    if not rows_out:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=np.float32)
    return np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(values_out)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) >= 4 and not w.isdigit() and w.lower() not in STOPWORDS]


def _grams(word: str) -> set[str]:
    word = word.lower()
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _alike(x: str, y: str) -> bool:
    lx, ly = x.lower(), y.lower()
    if lx == ly:
        return True
    prefix = 0
    for cx, cy in zip(lx, ly, strict=False):
        if cx != cy:
            break
        prefix += 1
    if prefix >= 5:
        return True
    gx, gy = _grams(lx), _grams(ly)
    return bool(gx and gy) and len(gx & gy) / len(gx | gy) >= 0.5


def matching_phrases(a: Item, b: Item, shared: Iterable[int], found_a: dict[int, str], found_b: dict[int, str]):
    """Words really in each text that made the match: tag-list words first, then alike words."""
    phrases_a: list[str] = []
    phrases_b: list[str] = []
    for tag_id in shared:
        if tag_id in found_a and found_a[tag_id] not in phrases_a:
            phrases_a.append(found_a[tag_id])
        if tag_id in found_b and found_b[tag_id] not in phrases_b:
            phrases_b.append(found_b[tag_id])
    words_b = _words(b.text)
    for word in _words(a.text):
        if len(phrases_a) >= 4:
            break
        partner = next((w for w in words_b if _alike(word, w)), None)
        if partner is not None and word not in phrases_a:
            phrases_a.append(word)
            if partner not in phrases_b:
                phrases_b.append(partner)
    return _distinct(phrases_a), _distinct(phrases_b)


def _distinct(phrases: list[str], limit: int = 4) -> tuple[str, ...]:
    """Drop a phrase already said (in other case) or contained in a longer one kept."""
    kept: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        low = phrase.lower()
        if not any(low in k.lower() for k in kept):
            kept.append(phrase)
    order = {p: n for n, p in enumerate(phrases)}
    return tuple(sorted(kept, key=order.get)[:limit])


def suggest(
    items: list[Item],
    tags: dict[int, dict[str, str]],
    history: History | None = None,
    *,
    k: int = TOP_K,
    min_score: float = MIN_SCORE,
    progress=None,
) -> list[Pair]:
    """Score every seeker item against the offers of other organisations; keep each seeker's
    ``k`` best pairs over ``min_score``, with their reasons. ``progress(done, total)`` is told
    how far the work has come."""
    history = history or History()
    if not items:
        return []
    matrix, tag_matrix, found_list = prepare(items, tags)
    found = {item.id: words for item, words in zip(items, found_list, strict=True)}
    pairs: dict[tuple[int, int], Pair] = {}
    total = len(PAIR_KINDS) + 1
    for step, (seek_kind, offer_kind) in enumerate(PAIR_KINDS, start=1):
        seekers = [i for i, item in enumerate(items) if item.kind == seek_kind]
        offers = [i for i, item in enumerate(items) if item.kind == offer_kind]
        if seekers and offers:
            for seeker, offer, score in _best_pairs(items, matrix, tag_matrix, seekers, offers, history, k):
                if score < min_score:
                    continue
                a, b = items[seeker], items[offer]
                if a.organisation_id > b.organisation_id:
                    a, b = b, a
                key = (a.id, b.id)
                if key in pairs and pairs[key].score >= score:
                    continue
                pair = explain(a, b, score, found)
                # A suggestion is only made with a reason to show: a shared tag or words that match.
                if pair.tag_ids or pair.phrases_a:
                    pairs[key] = pair
        if progress:
            progress(step, total)
    return sorted(pairs.values(), key=lambda p: (-p.score, p.a.id, p.b.id))


def prepare(items: list[Item], tags: dict[int, dict[str, str]]):
    """Text vectors, the tag matrix (chosen ∪ detected tags) and the detected words per item."""
    matrix = vectorise([item.text for item in items])
    terms = tag_terms(tags)
    found = [detected_tags(item.text, terms) for item in items]
    tag_index = {tag_id: n for n, tag_id in enumerate(sorted(tags))}
    rows, cols = [], []
    for row, item in enumerate(items):
        for tag_id in item.tag_ids | set(found[row]):
            if tag_id in tag_index:
                rows.append(row)
                cols.append(tag_index[tag_id])
    tag_matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(items), max(len(tag_index), 1))
    )
    return matrix, tag_matrix, found


def _best_pairs(items, matrix, tag_matrix, seekers, offers, history: History, k: int):
    seeker_tags = tag_matrix[seekers]
    offer_tags = tag_matrix[offers]
    seeker_counts = np.asarray(seeker_tags.sum(axis=1)).ravel()
    offer_counts = np.asarray(offer_tags.sum(axis=1)).ravel()
    offer_tags_t = offer_tags.T.tocsc()
    offer_orgs = np.array([items[i].organisation_id for i in offers])
    offer_sectors = np.array([items[i].sector for i in offers])

    def extra(start, stop):
        block_rows = slice(start, stop)
        overlap = (seeker_tags[block_rows] @ offer_tags_t).toarray()
        union = seeker_counts[block_rows, None] + offer_counts[None, :] - overlap
        jaccard = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        # The text cosine (the block this is added to) gets WEIGHT_TEXT by scaling below.
        bonus = np.zeros_like(overlap)
        for n, seeker in enumerate(seekers[start:stop]):
            bonus[n, offer_sectors != items[seeker].sector] += CROSS_SECTOR_BONUS
        return WEIGHT_TAGS * jaccard + bonus

    def mask(start, stop, block):
        for n, seeker in enumerate(seekers[start:stop]):
            org = items[seeker].organisation_id
            block[n, offer_orgs == org] = -np.inf
            for col in np.nonzero(block[n] > -np.inf)[0]:
                pair = org_pair(org, int(offer_orgs[col]))
                if pair in history.declined:
                    block[n, col] = -np.inf
                elif pair in history.unfruitful:
                    block[n, col] -= UNFRUITFUL_PENALTY
        return block

    rows, cols, values = top_k_similar(
        matrix[seekers] * WEIGHT_TEXT, matrix[offers], k, extra=extra, mask=mask if _needs_mask(history) else None
    )
    if not _needs_mask(history):
        # Without a history only "never itself" is left: done here, vectorised.
        keep = offer_orgs[cols] != np.array([items[seekers[r]].organisation_id for r in rows])
        rows, cols, values = rows[keep], cols[keep], values[keep]
    for row, col, value in zip(rows, cols, values, strict=True):
        if not np.isfinite(value):
            continue
        seeker, offer = seekers[int(row)], offers[int(col)]
        score = float(value)
        if history.fruitful_sectors and tuple(sorted((items[seeker].sector, items[offer].sector))) in (
            history.fruitful_sectors
        ):
            score += FRUITFUL_BONUS
        yield seeker, offer, score


def _needs_mask(history: History) -> bool:
    return bool(history.declined or history.unfruitful)


def explain(a: Item, b: Item, score: float, found: dict[int, dict[int, str]]) -> Pair:
    """The pair with its reason: the shared tags and the phrases of each text that matched.
    ``found``: the detected tag words per item id (see :func:`detected_tags`)."""
    found_a = found.get(a.id, {})
    found_b = found.get(b.id, {})
    shared = sorted((a.tag_ids | set(found_a)) & (b.tag_ids | set(found_b)))
    phrases_a, phrases_b = matching_phrases(a, b, shared, found_a, found_b)
    return Pair(a, b, round(score, 4), tuple(shared), phrases_a, phrases_b)
