"""Term weights fitted once on a fixed reference, never on the bids: scores survive a protest.

Pure: reference texts in, a model out; texts in, weighted rows out. The inverse document
frequency comes only from the reference documents (the criteria library and a shipped background
corpus of BPO text), so a vendor's passage is weighed the same whoever else bids: transforming
a text gives the same row, byte for byte, alone or among any other texts.

Weights are sklearn's ``TfidfVectorizer(sublinear_tf=True)`` formula: (1 + ln tf) x idf with
idf(t) = ln((1 + N) / (1 + df(t))) + 1, rows L2-normalised. A term the reference never saw takes
the idf of df = 0 (the rarest), so a vendor's own unusual words still count in its row's norm.

Features are hashed (the 2**22 columns sklearn's ``HashingVectorizer`` uses, with no alternate
sign), so there is no vocabulary to build, share or sort, and nothing dense over the vocabulary
is ever allocated. Two terms sharing a column count as one. Collisions are negligible: the
library's 88 queries hold 5,762 distinct terms in 5,759 columns (3 bigram pairs collide, as
n**2 / 2**23 predicts), none among their 1,486 unigram stems, so key terms never collide; with
the background corpus, 10,482 terms share 12 columns pairwise. A collision matters only when a
query holds one term of a pair and a passage the other (tests/score/test_reference.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rfp.errors import ScoringError
from rfp.score.terms import stems, terms

N_FEATURES = 2**22


@functools.cache
def _hasher() -> Any:
    """Term -> column, exactly as ``HashingVectorizer(alternate_sign=False, norm=None)``."""
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(
        n_features=N_FEATURES, input_type="string", alternate_sign=False, dtype=np.float64
    )


def term_counts(texts: Sequence[str]) -> Any:
    """A texts x 2**22 CSR matrix of raw term counts (unigram and bigram stems), float64."""
    if not texts:
        from scipy.sparse import csr_matrix

        return csr_matrix((0, N_FEATURES), dtype=np.float64)
    counts = _hasher().transform(terms(text) for text in texts)
    counts.sort_indices()
    return counts


def columns(words: Sequence[str]) -> list[int]:
    """The column each term hashes to, one per term."""
    if not words:
        return []
    matrix = _hasher().transform([[word] for word in words])
    return [int(matrix.indices[matrix.indptr[i]]) for i in range(len(words))]


@dataclass(frozen=True, eq=False)
class ReferenceModel:
    """Inverse document frequencies from reference documents only.

    ``features`` holds, sorted, the columns of the terms the reference contains and
    ``feature_idf`` their idf; any other column weighs ``unseen_idf``.
    """

    documents: int
    features: NDArray[np.int64]
    feature_idf: NDArray[np.float64]

    @classmethod
    def fit(cls, documents: Sequence[str]) -> ReferenceModel:
        """Count in how many reference documents each term occurs and turn that into idf."""
        if not documents:
            raise ScoringError("the reference model needs at least one reference document")
        counts = term_counts(documents)
        features, df = np.unique(counts.indices, return_counts=True)
        n = len(documents)
        idf = np.log((1.0 + n) / (1.0 + df.astype(np.float64))) + 1.0
        return cls(documents=n, features=features.astype(np.int64), feature_idf=idf)

    @property
    def unseen_idf(self) -> float:
        """The idf of a term the reference never saw: df = 0, the rarest possible."""
        return math.log(1.0 + self.documents) + 1.0

    def transform(self, texts: Sequence[str]) -> Any:
        """A texts x 2**22 CSR matrix of (1 + ln tf) x idf weights, each row of unit length.

        Each row depends only on its own text and the reference; an empty text is a zero row.
        """
        from sklearn.preprocessing import normalize

        matrix = term_counts(texts)
        if not texts:
            return matrix
        matrix.data = (1.0 + np.log(matrix.data)) * self._idf_of(matrix.indices)
        return normalize(matrix, norm="l2", copy=False)

    def idf(self, words: Sequence[str]) -> list[float]:
        """The idf of each term (a stem or a bigram of stems), as the model weighs it."""
        return [float(value) for value in self._idf_of(np.array(columns(words), dtype=np.int64))]

    def _idf_of(self, cols: NDArray[Any]) -> NDArray[np.float64]:
        """The idf of each column: looked up in the reference, ``unseen_idf`` where absent."""
        if not len(self.features):
            return np.full(len(cols), self.unseen_idf)
        where = np.searchsorted(self.features, cols)
        inside = np.minimum(where, len(self.features) - 1)
        seen = (where < len(self.features)) & (self.features[inside] == cols)
        return np.where(seen, self.feature_idf[inside], self.unseen_idf)

    def key_terms(self, query: str, limit: int) -> list[str]:
        """The query's single-word stems with the highest weight in its own row, ties by name.

        Matching shows these to evaluators as the criterion's key terms and counts how many of
        them a vendor's evidence covers.
        """
        words = sorted(set(stems(query)))
        if not words or limit <= 0:
            return []
        row = self.transform([query])
        weight = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        ranked = sorted(
            ((weight.get(col, 0.0), word) for word, col in zip(words, columns(words), strict=True)),
            key=lambda item: (-round(item[0], 9), item[1]),
        )
        return [word for _, word in ranked[:limit]]
