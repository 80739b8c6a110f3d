"""Relevance measures for judged queries (graded: 2 = the answer, 1 = useful, 0 or absent = not).

Used by the contract suite's relevance regression test and by ``bench/relevance.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` results (1.0 = ideal order)."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc, 0) for doc in ranked[:k]]) / ideal


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int], grade: int = 2) -> float:
    """1 / rank of the first document judged at least ``grade`` (0 if none is found)."""
    for i, doc in enumerate(ranked, 1):
        if judged.get(doc, 0) >= grade:
            return 1.0 / i
    return 0.0


def recall(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Share of the relevant (grade >= 1) documents found in the first ``k`` results."""
    relevant = {doc for doc, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def best_in_top(ranked: Sequence[str], judged: Mapping[str, int], k: int = 3) -> bool:
    """Every grade-2 document is in the first ``k`` results (the first n if there are n > k)."""
    answers = {doc for doc, g in judged.items() if g >= 2}
    return bool(answers) and answers <= set(ranked[: max(k, len(answers))])
