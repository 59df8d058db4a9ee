"""Average-linkage grouping of items from several articles, shared by facts and quotes.

Items of different articles are joined by their pair scores, strongest pair first; two
groups merge only while the mean score of all their cross-article pairs stays above a
floor. One sentence may so join parts told apart elsewhere (many-to-many), yet a sentence
that mentions two facts cannot chain them into one group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def link_groups(
    scores: np.ndarray,
    articles: Sequence[int],
    threshold: float,
    linkage: float,
    apart: Callable[[list[int], list[int]], bool] | None = None,
) -> list[list[int]]:
    """Groups of item indices. ``scores`` is a symmetric item x item matrix; pairs within
    one article are never edges and do not count in the linkage mean. ``apart`` vetoes a
    merge of two groups (given their members)."""
    size = len(articles)
    article = np.asarray(articles)
    cross = article[:, None] != article[None, :]
    candidates = np.argwhere(np.triu(cross & (scores >= threshold), 1))
    order = np.argsort(-scores[candidates[:, 0], candidates[:, 1]], kind="stable")
    group_of = list(range(size))
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    for i, j in candidates[order]:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        left, right = members[a], members[b]
        block = scores[np.ix_(left, right)]
        mask = cross[np.ix_(left, right)]
        if block[mask].mean() < linkage or (apart is not None and apart(left, right)):
            continue
        if len(left) < len(right):
            a, b, left, right = b, a, right, left
        left.extend(right)
        for k in right:
            group_of[k] = a
        del members[b]
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
