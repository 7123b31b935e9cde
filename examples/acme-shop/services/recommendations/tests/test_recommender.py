from collections import Counter

from recommendations.cooccurrence import Baskets
from recommendations.recommender import build_neighbours, recommend, similarity


def baskets() -> Baskets:
    b = Baskets()
    b.pair_counts = Counter({("boots", "socks"): 8, ("boots", "laces"): 4, ("jeans", "belt"): 6, ("boots", "jeans"): 1})
    b.item_counts = Counter({"boots": 20, "socks": 10, "laces": 5, "jeans": 15, "belt": 7})
    b.category = {"boots": "shoes", "socks": "accessories", "laces": "accessories", "jeans": "denim", "belt": "accessories"}
    return b


def test_rare_pairs_are_dropped():
    neighbours = build_neighbours(baskets())
    assert "jeans" not in [p for p, _ in neighbours["boots"]]


def test_similarity_shrinks_small_counts():
    assert similarity(1, 1, 1) < similarity(10, 10, 10)


def test_recommend_skips_what_was_bought():
    neighbours = build_neighbours(baskets())
    assert recommend(neighbours, ["boots"], {"socks"}) == ["laces"]
