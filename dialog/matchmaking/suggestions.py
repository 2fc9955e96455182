"""Scoring: which items of two organisations should meet, and why, in the organisations' own words.

Pure functions over plain values (no database), so the job, the tests and the benchmark share
them. A need is scored against every resource of another organisation, and an idea against the
needs and resources that could carry it:

- tag overlap (the cosine of the two tag sets), where an item's tags are the ones its
  organisation chose plus every tag of the district's list whose name, *in any of the five
  languages*, appears in its text (so a Swedish "praktik" meets an Arabic "تدريب عملي" through the list's translations);
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
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

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
#: Subtracted from a pair of one organisation with itself: far below any real score.
SELF = 100.0

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


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text worth comparing (4 letters or more, not a stop word), each once."""
    seen: dict[str, str] = {}
    for word in _WORD.findall(text):
        low = word.lower()
        if len(word) >= 4 and not word.isdigit() and low not in STOPWORDS and low not in seen:
            seen[low] = word
    return tuple(seen.values())


@lru_cache(maxsize=262144)
def _grams(word: str) -> frozenset[str]:
    word = word.lower()
    return frozenset(word[i : i + 3] for i in range(len(word) - 2))


@lru_cache(maxsize=65536)
def _index(text: str) -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """A text's words, by their lower-case form and by their first five letters."""
    words = _words(text)
    exact = {w.lower(): w for w in words}
    prefix: dict[str, str] = {}
    for w in words:
        if len(w) >= 5:
            prefix.setdefault(w.lower()[:5], w)
    return words, exact, prefix


def _alike(x: str, y: str) -> bool:
    """The same word, one word's first five letters the other's (Swedish compounds and
    inflections: "praktikplatser" ~ "praktik"), or half their letter triples in common."""
    lx, ly = x.lower(), y.lower()
    if lx == ly or (len(lx) >= 5 and len(ly) >= 5 and lx[:5] == ly[:5]):
        return True
    gx, gy = _grams(x), _grams(y)
    return bool(gx and gy) and len(gx & gy) * 2 >= len(gx | gy)


def matching_phrases(a: Item, b: Item, shared: Iterable[int], found_a: dict[int, str], found_b: dict[int, str]):
    """Words really in each text that made the match: tag-list words first, then alike words."""
    phrases_a: list[str] = []
    phrases_b: list[str] = []
    for tag_id in shared:
        if tag_id in found_a and found_a[tag_id] not in phrases_a:
            phrases_a.append(found_a[tag_id])
        if tag_id in found_b and found_b[tag_id] not in phrases_b:
            phrases_b.append(found_b[tag_id])
    words_b, exact_b, prefix_b = _index(b.text)
    for word in _words(a.text):
        if len(phrases_a) >= 4:
            break
        low = word.lower()
        partner = exact_b.get(low) or (prefix_b.get(low[:5]) if len(low) >= 5 else None)
        if partner is None:
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
    # Unit rows: the product of two rows is the cosine of their tag sets (1 for the same tags).
    return matrix, normalize(tag_matrix), found


def _one_hot(values: list, index: dict) -> sparse.csr_matrix:
    rows = np.arange(len(values))
    cols = np.array([index[v] for v in values])
    return sparse.csr_matrix((np.ones(len(values), dtype=np.float32), (rows, cols)), shape=(len(values), len(index)))


def _best_pairs(items, matrix, tag_matrix, seekers, offers, history: History, k: int):
    """Every score term is one block of a sparse feature matrix, so a single sparse product per
    chunk gives the whole score: the seeker side carries the weights (and the negative signs),
    the offer side the plain features. Text cosine and tag cosine add up; the same sector
    subtracts the cross-sector bonus (added back as a constant); the same organisation
    subtracts enough to never be chosen."""
    orgs = sorted({items[i].organisation_id for i in seekers} | {items[i].organisation_id for i in offers})
    sectors = sorted({items[i].sector for i in seekers} | {items[i].sector for i in offers})
    org_index = {o: n for n, o in enumerate(orgs)}
    sector_index = {s: n for n, s in enumerate(sectors)}
    org_of = [items[i].organisation_id for i in range(len(items))]
    sector_of = [items[i].sector for i in range(len(items))]
    left = sparse.hstack(
        [
            matrix[seekers] * WEIGHT_TEXT,
            tag_matrix[seekers] * WEIGHT_TAGS,
            _one_hot([sector_of[i] for i in seekers], sector_index) * -CROSS_SECTOR_BONUS,
            _one_hot([org_of[i] for i in seekers], org_index) * -SELF,
        ],
        format="csr",
    )
    right = sparse.hstack(
        [
            matrix[offers],
            tag_matrix[offers],
            _one_hot([sector_of[i] for i in offers], sector_index),
            _one_hot([org_of[i] for i in offers], org_index),
        ],
        format="csr",
    )
    offer_orgs = np.array([org_of[i] for i in offers])
    mask = _history_mask(history, [org_of[i] for i in seekers], offer_orgs) if _needs_mask(history) else None
    rows, cols, values = top_k_similar(left, right, k, mask=mask)
    for row, col, value in zip(rows, cols, values, strict=True):
        score = float(value) + CROSS_SECTOR_BONUS
        if not np.isfinite(score) or score < -1:
            continue  # the organisation itself, or a pair one side declined
        seeker, offer = seekers[int(row)], offers[int(col)]
        if history.fruitful_sectors and tuple(sorted((sector_of[seeker], sector_of[offer]))) in (
            history.fruitful_sectors
        ):
            score += FRUITFUL_BONUS
        yield seeker, offer, score


def _history_mask(history: History, seeker_orgs: list[int], offer_orgs):
    """Declined pairs can never be chosen; pairs that met before without result lose points.
    Only the columns of the partners named in the history are touched."""
    columns_of: dict[int, np.ndarray] = {}
    for n, org in enumerate(offer_orgs):
        columns_of.setdefault(int(org), []).append(n)
    partners: dict[int, list[tuple[int, bool]]] = {}
    for (x, y), declined in [(p, True) for p in history.declined] + [(p, False) for p in history.unfruitful]:
        partners.setdefault(x, []).append((y, declined))
        partners.setdefault(y, []).append((x, declined))

    def mask(start, stop, block):
        for n, org in enumerate(seeker_orgs[start:stop]):
            for partner, declined in partners.get(org, ()):
                cols = columns_of.get(partner)
                if cols:
                    if declined:
                        block[n, cols] = -np.inf
                    else:
                        block[n, cols] -= UNFRUITFUL_PENALTY
        return block

    return mask


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
