"""How much the language analysis costs per product page (not part of the test run).

Run: .venv/bin/python tests/benchmarks/language_cost.py [--repeat N]
Renders the sample municipality, parses each product page once (as the engine does), then times
LanguageResources.analyse on it and prints milliseconds per page. Budget: about 2-3 ms per page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from audit.language import load_language_resources
from wmebv.core.page import ParsedPage, RegionRules, parse_html
from wmebv.core.paths import rules_dir
from wmebv.sample.site import build_site


def main() -> None:
    """Time the language analysis on every product page of the sample site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds over all pages")
    args = parser.parse_args()

    started = time.perf_counter()
    resources = load_language_resources(rules_dir(), {})
    load_seconds = time.perf_counter() - started

    site = build_site("http://127.0.0.1:8080")
    regions = RegionRules.load()
    pages = [site.site[e["path"]].body for e in site.manifest()["pages"] if e["is_product"]]

    rounds: list[float] = []
    words = 0
    for round_number in range(args.repeat):
        # fresh ParsedPage objects each round: the content region is computed on first use, as in a run
        parsed = [ParsedPage("p", parse_html(html), regions) for html in pages]
        for page in parsed:
            page.content  # noqa: B018 - region finding belongs to page parsing, not to language
        begin = time.perf_counter()
        for page in parsed:
            result = resources.analyse(page)
            if round_number == 0:
                words += int(result.measures["words"])
        rounds.append((time.perf_counter() - begin) * 1000 / len(parsed))
    print(f"pages: {len(pages)}, words per page: {words / len(pages):.0f}")
    print(f"load resources once: {load_seconds * 1000:.0f} ms")
    print(f"language analysis: {statistics.median(rounds):.2f} ms per page "
          f"(median of {args.repeat} rounds; first round {rounds[0]:.2f} ms)")


if __name__ == "__main__":
    main()
