"""Scores product pairs and keeps the best neighbours of every product.

Similarity is cosine over co-purchase counts, shrunk towards zero for rare pairs so that two products
bought together once by one customer do not top each other's lists.
"""
from __future__ import annotations

import math
from collections import defaultdict

from .cooccurrence import Baskets

NEIGHBOURS = 12
SHRINK = 5.0
MIN_PAIR_COUNT = 3


def similarity(pair_count: int, count_a: int, count_b: int) -> float:
    if pair_count == 0 or count_a == 0 or count_b == 0:
        return 0.0
    cosine = pair_count / math.sqrt(count_a * count_b)
    return cosine * pair_count / (pair_count + SHRINK)


# @cx search/recommendations
def build_neighbours(baskets: Baskets, exclude_same_category: bool = False) -> dict[str, list[tuple[str, float]]]:
    """For each product, its most similar products, best first.

    With exclude_same_category the list becomes "complete the look" (a belt for the jeans) rather than
    "more like this" (other jeans).
    """
    scored: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), n in baskets.pair_counts.items():
        if n < MIN_PAIR_COUNT:
            continue
        if exclude_same_category and baskets.category.get(a) == baskets.category.get(b):
            continue
        s = similarity(n, baskets.item_counts[a], baskets.item_counts[b])
        scored[a].append((b, s))
        scored[b].append((a, s))
    return {
        product: sorted(candidates, key=lambda c: (-c[1], c[0]))[:NEIGHBOURS]
        for product, candidates in scored.items()
    }


def recommend(
    neighbours: dict[str, list[tuple[str, float]]],
    seed_products: list[str],
    already_bought: set[str],
    limit: int = 8,
) -> list[str]:
    """Blends the neighbours of several seed products (a cart, a recently viewed list)."""
    totals: dict[str, float] = defaultdict(float)
    for seed in seed_products:
        for product, score in neighbours.get(seed, []):
            if product not in already_bought and product not in seed_products:
                totals[product] += score
    return [p for p, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
