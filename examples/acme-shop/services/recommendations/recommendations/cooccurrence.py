"""Reads the nightly order-lines export and counts which products are bought together.

The export is a CSV written by the shop's data pipeline (one row per order line):
order_id,product_id,category,ordered_at
Orders older than LOOKBACK_DAYS are ignored so that last winter's coats stop recommending each other in May.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

LOOKBACK_DAYS = 120
# Orders with more items than this are mostly business bulk orders; they would make everything look related.
MAX_BASKET = 12


@dataclass
class Baskets:
    pair_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    item_counts: Counter[str] = field(default_factory=Counter)
    category: dict[str, str] = field(default_factory=dict)
    orders: int = 0


def read_baskets(path: Path, now: datetime | None = None) -> Baskets:
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(days=LOOKBACK_DAYS)
    by_order: dict[str, set[str]] = defaultdict(set)
    result = Baskets()
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ordered_at = datetime.fromisoformat(row["ordered_at"].replace("Z", "+00:00"))
            if ordered_at < since:
                continue
            by_order[row["order_id"]].add(row["product_id"])
            result.category[row["product_id"]] = row["category"]

    for items in by_order.values():
        if len(items) > MAX_BASKET:
            continue
        result.orders += 1
        result.item_counts.update(items)
        for a, b in combinations(sorted(items), 2):
            result.pair_counts[(a, b)] += 1
    return result
