"""Themes across the five languages, with no outside service.

* Vocabulary tagging: each accepted theme has keywords per language; a contribution is in the
  theme when its text holds one of them (in its own language, or the detected one), and the
  matched words are kept as the reason.
* Clustering: within each language, TF-IDF over character n-grams and NMF propose further
  themes, named by their top words; staff accept, rename, merge or drop them.
* Language detection for contributions whose author chose no language: ``dialog.core.language``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n import LANGUAGES

#: Sources whose language is the page's, not one the author chose for the text.
LANGUAGE_NOT_CHOSEN = ("survey", "cafe_proposal")
#: Fewer texts than this in a language give no clusters worth showing.
MIN_CLUSTER_TEXTS = 6
MAX_CLUSTERS = 8

_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "\u200c": " "})
_WORD = re.compile(r"\w+", re.UNICODE)

#: Words too common to name a cluster, per language (lower case, folded).
STOPWORDS = {
    "sv": set(
        [
            "och",
            "att",
            "det",
            "som",
            "för",
            "med",
            "inte",
            "har",
            "till",
            "den",
            "ett",
            "jag",
            "vid",
            "från",
            "man",
            "kan",
            "när",
            "eller",
            "vill",
            "också",
            "mycket",
            "skulle",
            "finns",
            "är",
            "på",
            "av",
            "en",
            "de",
            "vi",
            "om",
            "så",
            "alla",
            "bara",
            "där",
            "här",
            "efter",
            "mer",
            "våra",
            "vår",
            "hur",
            "vara",
            "borde",
            "behöver",
            "måste",
            "något",
            "några",
        ]
    ),
    "en": set(
        [
            "the",
            "and",
            "that",
            "for",
            "with",
            "not",
            "have",
            "this",
            "from",
            "they",
            "there",
            "would",
            "could",
            "more",
            "about",
            "when",
            "what",
            "which",
            "their",
            "also",
            "very",
            "into",
            "some",
            "just",
            "like",
            "make",
            "should",
        ]
    ),
    "ar": set(
        [
            "في",
            "من",
            "على",
            "إلى",
            "الى",
            "عن",
            "مع",
            "هذا",
            "هذه",
            "التي",
            "الذي",
            "كان",
            "أن",
            "ان",
            "لا",
            "ما",
            "هو",
            "هي",
            "نحن",
            "كل",
            "عند",
            "بعد",
            "لكن",
            "او",
            "أو",
        ]
    ),
    "so": set(
        [
            "iyo",
            "waa",
            "oo",
            "ku",
            "in",
            "ah",
            "ka",
            "la",
            "u",
            "si",
            "ee",
            "aan",
            "waxa",
            "wax",
            "leh",
            "uu",
            "ay",
            "ayaa",
            "iska",
            "ama",
            "laakiin",
            "aad",
        ]
    ),
    "fa": set(
        [
            "و",
            "در",
            "به",
            "از",
            "که",
            "این",
            "را",
            "با",
            "است",
            "برای",
            "آن",
            "ما",
            "هم",
            "یک",
            "تا",
            "می",
            "های",
            "ها",
            "شود",
            "بود",
            "نه",
            "اما",
            "یا",
        ]
    ),
}


def fold(text: str) -> str:
    """Lower case, no Arabic vowel marks or tatweel, one form of the letters that vary."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _ARABIC_MARKS.sub("", text).translate(_FOLD)


# --- Vocabulary tagging --------------------------------------------------------------------


@dataclass
class VocabularyTheme:
    id: int
    #: language → folded keywords
    keywords: dict[str, list[str]]


def _pattern(keyword: str) -> str:
    escaped = re.escape(keyword).replace(r"\ ", r"\s+")
    if len(keyword) >= 4:
        return escaped
    # Short words only at a word's start, after Arabic/Persian clitics (و ب ل ف and the article).
    return rf"(?<!\w)(?:[وبلف])?(?:ال)?{escaped}"


@dataclass
class Tagger:
    """Compiled keyword patterns per language: one regular expression scan per text."""

    themes: list[VocabularyTheme]
    _patterns: dict[str, re.Pattern] = field(default_factory=dict)
    _owner: dict[str, dict[str, set[int]]] = field(default_factory=dict)

    def __post_init__(self):
        by_language: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for theme in self.themes:
            for language, words in theme.keywords.items():
                for word in words:
                    word = fold(word).strip()
                    if word:
                        by_language[language][word].add(theme.id)
        for language, words in by_language.items():
            ordered = sorted(words, key=len, reverse=True)
            groups = "|".join(f"(?P<k{i}>{_pattern(w)})" for i, w in enumerate(ordered))
            self._patterns[language] = re.compile(groups)
            self._owner[language] = {f"k{i}": (w, words[w]) for i, w in enumerate(ordered)}

    def tag(self, text: str, languages: Iterable[str]) -> dict[int, list[str]]:
        """{theme id: keywords that matched} for a text, searched with each language's keywords."""
        folded = fold(text)
        found: dict[int, list[str]] = {}
        for language in dict.fromkeys(languages):
            pattern = self._patterns.get(language)
            if pattern is None:
                continue
            owners = self._owner[language]
            for match in pattern.finditer(folded):
                word, theme_ids = owners[match.lastgroup]
                for theme_id in theme_ids:
                    hits = found.setdefault(theme_id, [])
                    if word not in hits:
                        hits.append(word)
        return found


# --- Clustering ------------------------------------------------------------------------------


@dataclass
class Cluster:
    language: str
    #: Words that name it, most telling first.
    top_terms: list[str]
    #: (index into the language's texts, the top terms that text holds)
    members: list[tuple[int, list[str]]]


def _cluster_count(n: int) -> int:
    return max(2, min(MAX_CLUSTERS, n // 25 + 2))


def cluster_language(language: str, texts: list[str], *, seed: int = 0) -> list[Cluster]:
    """NMF over TF-IDF of character n-grams; each text goes to its strongest component."""
    if len(texts) < MIN_CLUSTER_TEXTS:
        return []
    # local: scikit-learn takes seconds to load; only drafting a summary clusters
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer

    folded = [fold(t) for t in texts]
    vectors = vectorise(folded)
    if vectors.shape[1] < 2:
        return []
    k = min(_cluster_count(len(texts)), vectors.shape[0] - 1)
    model = NMF(n_components=k, init="nndsvda", max_iter=200, random_state=seed)
    weights = model.fit_transform(vectors)

    stop = {fold(w) for w in STOPWORDS.get(language, ())}
    words = CountVectorizer(
        token_pattern=r"(?u)\b\w{4,}\b", stop_words=sorted(stop) or None, min_df=2, binary=True, max_features=20000
    )
    try:
        word_matrix = words.fit_transform(folded)
    except ValueError:  # no word of four letters occurs twice
        return []
    vocabulary = np.array(words.get_feature_names_out())
    document_frequency = np.asarray(word_matrix.sum(axis=0)).ravel()
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1.0
    assignment = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    clusters = []
    word_matrix = word_matrix.tocsr()
    indptr, indices = word_matrix.indptr, word_matrix.indices
    for component in range(k):
        rows = np.flatnonzero((assignment == component) & (strength > 0))
        if len(rows) < 2:
            continue
        inside = np.asarray(word_matrix[rows].sum(axis=0)).ravel()
        # A word must recur inside the cluster to name it.
        scores = np.where(inside >= 2, inside * idf, 0)
        best_ids = [i for i in scores.argsort()[::-1][:4] if scores[i] > 0]
        if not best_ids:
            continue
        best = [str(vocabulary[i]) for i in best_ids]
        members = []
        for row in rows:
            present = set(indices[indptr[row] : indptr[row + 1]].tolist())
            members.append((int(row), [w for i, w in zip(best_ids, best, strict=True) if i in present] or best[:1]))
        clusters.append(Cluster(language, best, members))
    return clusters


def vectorise(folded_texts: list[str]):
    """TF-IDF over character n-grams inside word bounds (3–5 letters): works the same for every script."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # local: heavy, as in cluster_language

    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_df=0.9, sublinear_tf=True, max_features=30000
    )
    try:
        return vectoriser.fit_transform(folded_texts)
    except ValueError:  # nothing left after the frequency limits
        from scipy.sparse import csr_matrix  # local: heavy, as scikit-learn above

        return csr_matrix((len(folded_texts), 0))


def group_by_language(items: Iterable[tuple[int, str, str]]) -> dict[str, list[tuple[int, str]]]:
    """(id, language, text) → {language: [(id, text)]} for the five languages."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for ident, language, text in items:
        if language in LANGUAGES:
            out[language].append((ident, text))
    return out
