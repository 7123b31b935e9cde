"""A small HTTP API in front of the nightly neighbour tables, called by the storefront.

GET /v1/also-bought?products=p1,p2&exclude=p9    -> {"products": [...]}
GET /v1/healthz

The tables are rebuilt by `python -m recommendations.api --rebuild` from the order-lines export and kept in
memory; a rebuild swaps them atomically.
"""
from __future__ import annotations

import argparse
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from .cooccurrence import read_baskets
from .recommender import build_neighbours, recommend

log = logging.getLogger("recommendations")
_lock = threading.Lock()
_tables: dict[str, dict[str, list[tuple[str, float]]]] = {"also_bought": {}, "complete_the_look": {}}


def rebuild(export: Path) -> None:
    baskets = read_baskets(export)
    also_bought = build_neighbours(baskets)
    complete_the_look = build_neighbours(baskets, exclude_same_category=True)
    with _lock:
        _tables["also_bought"] = also_bought
        _tables["complete_the_look"] = complete_the_look
    log.info("rebuilt from %s orders, %s products", baskets.orders, len(also_bought))


def _ids(query: dict[str, list[str]], name: str) -> list[str]:
    return [p for value in query.get(name, []) for p in value.split(",") if p]


class Handler(BaseHTTPRequestHandler):
    def _json(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    # @cx search/results
    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/v1/healthz":
            self._json(200, {"ok": True, "products": len(_tables["also_bought"])})
            return
        table = {"/v1/also-bought": "also_bought", "/v1/complete-the-look": "complete_the_look"}.get(url.path)
        if table is None:
            self._json(404, {"error": "not_found"})
            return
        seeds = _ids(query, "products")[:20]
        exclude = set(_ids(query, "exclude"))
        limit = min(int(query.get("limit", ["8"])[0]), 24)
        with _lock:
            products = recommend(_tables[table], seeds, exclude, limit)
        self._json(200, {"products": products})

    def log_message(self, format: str, *args: object) -> None:  # quieter than the default stderr line per request
        log.debug(format, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--export", type=Path, default=Path("/data/order_lines.csv"))
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    rebuild(args.export)
    ThreadingHTTPServer(("0.0.0.0", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
