"""How well the whole audit agrees with the sample municipality's manifest, per rule.

Run: .venv/bin/python tests/benchmarks/accuracy.py [--db FILE]
Without --db it builds the database the real way (``wmebv demo --no-serve``: serve, crawl, audit)
in a temporary folder. Then, per product page of the manifest, it compares the rule ids of the
stored findings with the page's ``expected_findings`` and prints per rule the true positives,
false positives, false negatives, precision and recall, plus the agreement on channel status,
B1 and the sections with their own heading. tests/test_accuracy_sample.py asserts the same numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scores import Score  # noqa: E402

from wmebv.core.store import Store  # noqa: E402
from wmebv.sample.site import manifest  # noqa: E402

# Rules the sample authors annotate on every product page (CONTENT_FORMAT.md lists them).
# Rules reported by the audit but left out of the strict comparison, and why:
NOT_ANNOTATED: dict[str, str] = {
    "taal.moeilijk-woord": "word frequency list; the authors did not mark rare words page by page",
    "taal.te-kort": "not in the manifest vocabulary; the audit's 'cannot measure' for very short texts",
    "norm.geen-feedback": "not in the manifest vocabulary; the generator places the feedback box at random",
    "structuur.afwijkend-patroon": "depends on the site's dominant pattern, computed after the crawl",
}


@dataclass
class RuleScore(Score):
    """Counts for one rule over all product pages, with the pages behind each error."""

    rule_id: str = ""


@dataclass
class Accuracy:
    """The comparison of one audited crawl with the manifest."""

    pages: int
    rules: dict[str, RuleScore]
    field_errors: dict[str, list[tuple[str, Any, Any]]]  # field -> (path, expected, found)
    missing_pages: list[str]  # product pages of the manifest that the crawl did not store as product

    def agreement(self, name: str) -> float:
        """Share of product pages where the audit agrees with the manifest on a field."""
        return 1 - len(self.field_errors[name]) / self.pages if self.pages else 1.0

    def annotated(self) -> list[RuleScore]:
        """The scores of the rules that the manifest annotates."""
        return [score for rule_id, score in sorted(self.rules.items()) if rule_id not in NOT_ANNOTATED]


def build_database(db_path: Path, timeout: float = 300) -> None:
    """Serve, crawl and audit the sample municipality into ``db_path`` with ``wmebv demo``."""
    wmebv = Path(sys.executable).with_name("wmebv")  # the console script of this environment
    command = [str(wmebv if wmebv.exists() else shutil.which("wmebv") or "wmebv"),
               "demo", "--db", str(db_path), "--no-serve", "--port", "0"]
    env = dict(os.environ)
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=db_path.parent, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"wmebv demo failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def page_path(url: str) -> str:
    """The path (with query) of a URL: the manifest's key for a page."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def observed(db_path: Path) -> dict[str, dict[str, Any]]:
    """Per product page path of the latest crawl: rule ids found, channel status, B1 and sections."""
    with Store(db_path, create=False) as store:
        crawl = store.publication.shown_crawl()
        if crawl is None:
            raise RuntimeError(f"{db_path} has no audited crawl")
        rows = store.results.audit_rows(int(crawl["id"]))
        findings = store.results.findings(int(crawl["id"]))
    pages = {row["page_id"]: {"path": page_path(row["url"]), "rules": set(), "channel_status": row["channel_status"],
                              "b1_ok": None if row["b1_ok"] is None else bool(row["b1_ok"]),
                              "sections": json.loads(row["sections_headed"] or "[]")}
             for row in rows if row["is_product_page"]}
    for finding in findings:
        if finding["page_id"] in pages:
            pages[finding["page_id"]]["rules"].add(finding["rule_id"])
    return {page["path"]: page for page in pages.values()}


def compare(expected_pages: Iterable[dict[str, Any]], found: dict[str, dict[str, Any]]) -> Accuracy:
    """Compare the manifest's product pages with what the audit stored."""
    products = [entry for entry in expected_pages if entry["is_product"]]
    rules: dict[str, RuleScore] = {}
    errors: dict[str, list[tuple[str, Any, Any]]] = {"channel_status": [], "b1_ok": [], "sections": []}
    missing: list[str] = []
    for entry in products:
        path = entry["path"]
        page = found.get(path)
        if page is None:
            missing.append(path)
            page = {"rules": set(), "channel_status": None, "b1_ok": None, "sections": []}
        expected = set(entry["expected_findings"])
        for rule_id in expected | page["rules"]:
            score = rules.setdefault(rule_id, RuleScore(rule_id=rule_id))
            if rule_id in expected and rule_id in page["rules"]:
                score.true_positives += 1
            elif rule_id in page["rules"]:
                score.false_positives.append(path)
            else:
                score.false_negatives.append(path)
        for name in ("channel_status", "b1_ok"):
            if page[name] != entry[name]:
                errors[name].append((path, entry[name], page[name]))
        if set(page["sections"]) != set(entry["sections"]):
            errors["sections"].append((path, sorted(set(entry["sections"]) - set(page["sections"])),
                                       sorted(set(page["sections"]) - set(entry["sections"]))))
    return Accuracy(pages=len(products), rules=rules, field_errors=errors, missing_pages=missing)


def measure(db_path: Path) -> Accuracy:
    """The accuracy of an audited sample database (any port: pages are matched by path)."""
    return compare(manifest("http://127.0.0.1:8000")["pages"], observed(db_path))


def format_table(accuracy: Accuracy, *, details: bool = False) -> str:
    """The per-rule table and the field agreement, as plain text (Markdown table)."""
    lines = [f"Product pages: {accuracy.pages}; missing from the crawl: {len(accuracy.missing_pages)}", "",
             "| rule | TP | FP | FN | precision | recall |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for score in accuracy.annotated():
        lines.append(f"| `{score.rule_id}` | {score.true_positives} | {len(score.false_positives)} | "
                     f"{len(score.false_negatives)} | {score.precision:.3f} | {score.recall:.3f} |")
    lines += ["", "Not annotated in the manifest (reported, not scored):"]
    for rule_id, reason in NOT_ANNOTATED.items():
        count = len(accuracy.rules[rule_id].false_positives) if rule_id in accuracy.rules else 0
        lines.append(f"- `{rule_id}`: on {count} product pages ({reason})")
    lines += ["", "| field | agreement |", "| --- | ---: |"]
    for name in ("channel_status", "b1_ok", "sections"):
        wrong = len(accuracy.field_errors[name])
        lines.append(f"| {name} | {accuracy.pages - wrong}/{accuracy.pages} = {accuracy.agreement(name):.1%} |")
    if details:
        lines += ["", "Disagreements:"]
        for score in accuracy.annotated():
            for label, paths in (("FP", score.false_positives), ("FN", score.false_negatives)):
                if paths:
                    lines.append(f"  {score.rule_id} {label}: {', '.join(sorted(paths))}")
        for name, wrong in accuracy.field_errors.items():
            for path, expected, found in wrong:
                lines.append(f"  {name} {path}: manifest {expected}, audit {found}")
        if accuracy.missing_pages:
            lines.append(f"  not stored as product page: {', '.join(accuracy.missing_pages)}")
    return "\n".join(lines)


def main() -> None:
    """Build (or reuse) the sample database and print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an audited sample database (default: build one with wmebv demo)")
    parser.add_argument("--details", action="store_true", help="also list every disagreeing page")
    args = parser.parse_args()
    if args.db is not None:
        print(format_table(measure(args.db), details=args.details))
        return
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "voorbeeldstad.db"
        build_database(db_path)
        print(format_table(measure(db_path), details=args.details))


if __name__ == "__main__":
    main()
