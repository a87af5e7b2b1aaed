"""How right the audit is on real municipal pages: the development set of issue 13.

Run: .venv/bin/python tests/benchmarks/real_pages.py [--data FILE] [--wrong N]
(or ``make real-pages``). Each page of ``../shared/data/real-pages/dev.jsonl`` (texts of real
product pages, labelled by hand; see its README) is audited the way ``wmebv check`` audits a
``.txt`` draft. Printed: the digital-verdict accuracy with its confusion matrix, precision,
recall and F1 per section (judged by content), precision and recall of the ``norm.*`` findings
against the section labels, agreement on whether the WMEBV applies, and the pages it gets wrong
with the evidence used. The last line is one JSON object with the figures.

The texts are third-party material for internal measurement only: this script reads them from
``../shared`` (or ``--data``, or the environment variable ``WMEBV_REAL_PAGES``) and nothing of
them is stored in the repository. tests/test_real_pages.py guards the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scores import Score  # noqa: E402

from audit.engine import check_page  # noqa: E402
from audit.resources import AuditResources, load_resources  # noqa: E402
from audit.results import CheckResult  # noqa: E402
from audit.structure import SECTION_IDS  # noqa: E402
from audit.targets import Target, draft_to_html  # noqa: E402
from wmebv.core.upl import url_slug  # noqa: E402

DATA_ENV = "WMEBV_REAL_PAGES"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "real-pages" / "dev.jsonl"
TODAY = date(2026, 6, 1)  # fixed, so a run next year gives the same figures

# Each norm rule against the section whose absence it reports. norm.geen-bezwaar is only
# expected on pages about something applied for or reported (labels.applies_wmebv).
NORM_SECTIONS: dict[str, str] = {
    "norm.geen-termijn": "termijn",
    "norm.geen-kosten": "kosten",
    "norm.geen-contact": "contact",
    "norm.geen-bezwaar": "bezwaar",
}
NORMS_ONLY_WHEN_APPLIES = frozenset({"norm.geen-bezwaar"})

# Labels we are sure are wrong, corrected here (never in the shared file): id -> corrected
# label fields and the reason. Reported with every run.
OVERRIDES: dict[str, dict[str, Any]] = {
    "dev-c-004": {
        "labels": {"digital_channel": "digid_form", "digital_submission": True,
                   "channel": ["digid_form", "appointment_only", "paper_form_only"]},
        "reason": "the text sends the reader to werk.nl to click 'bijstandsuitkering aanvragen' and fill in the "
                  "form there with DigiD: the national portal where bijstand is really submitted (issue 13 names "
                  "werk.nl as such); the label's own note says a careful annotator could read it as a DigiD route",
    },
}


def data_path(explicit: str | None = None) -> Path:
    """The development set: --data, else $WMEBV_REAL_PAGES, else ../shared/data/real-pages/dev.jsonl."""
    return Path(explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA)


def load_pages(path: Path) -> list[dict[str, Any]]:
    """The labelled pages of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def apply_overrides(pages: list[dict[str, Any]], overrides: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The pages with the corrected labels of ``overrides`` (the file itself stays as it is)."""
    corrected = []
    for page in pages:
        fix = overrides.get(page["id"])
        if fix:
            page = {**page, "labels": {**page["labels"], **fix["labels"]}}
        corrected.append(page)
    return corrected


def draft_name(page: Mapping[str, Any]) -> str:
    """The file name an editor gives the page's draft: the last part of its address, else its id."""
    return url_slug(str(page.get("url") or "")).replace(" ", "-") or str(page["id"])


def audit_text(name: str, text: str, resources: AuditResources) -> CheckResult:
    """Audit one page text as ``wmebv check name.txt`` audits a .txt draft."""
    target = Target(url=f"file:///real-pages/{name}.txt", html=draft_to_html(text), draft_text=text)
    return check_page(target, resources, today=TODAY)


@dataclass
class Outcome:
    """What the audit said about one page, next to its labels."""

    page: dict[str, Any]
    result: CheckResult

    @property
    def labels(self) -> dict[str, Any]:
        """The page's (corrected) labels."""
        return self.page["labels"]

    @property
    def rules(self) -> set[str]:
        """The rule ids found on the page."""
        return {finding.rule_id for finding in self.result.findings}

    @property
    def status(self) -> str:
        """The channel status the audit gave."""
        return str(self.result.channels.get("channel_status"))

    @property
    def present(self) -> set[str]:
        """The sections the audit says the page tells."""
        return set(self.result.sections.get("present", []))


@dataclass
class Measurement:
    """All figures of one run over the development set."""

    outcomes: list[Outcome]
    verdict: Score = field(default_factory=Score)
    statuses: Counter = field(default_factory=Counter)  # (label's first channel, status given) -> pages
    sections: dict[str, Score] = field(default_factory=dict)
    norms: dict[str, Score] = field(default_factory=dict)
    applies: Counter = field(default_factory=Counter)  # (label, given) -> pages

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the eight sections."""
        return sum(score.f1 for score in self.sections.values()) / len(self.sections)

    @property
    def applies_agreement(self) -> float:
        """Share of pages where the WMEBV-applies answer equals the label."""
        total = sum(self.applies.values())
        return sum(count for (label, given), count in self.applies.items() if label == given) / total if total else 1.0

    def figures(self) -> dict[str, Any]:
        """The headline figures as plain data (the last line of the report)."""
        return {
            "pages": len(self.outcomes),
            "digital_verdict_accuracy": round(self.verdict.accuracy, 3),
            "always_digital_baseline": round(sum(o.labels["digital_submission"] for o in self.outcomes) / len(self.outcomes), 3),
            "section_macro_f1": round(self.macro_f1, 3),
            "sections": {sid: {"p": round(s.precision, 3), "r": round(s.recall, 3), "f1": round(s.f1, 3)}
                         for sid, s in self.sections.items()},
            "norms": {rule: {"p": round(s.precision, 3), "r": round(s.recall, 3), "fp": len(s.false_positives),
                             "fn": len(s.false_negatives)} for rule, s in self.norms.items()},
            "applies_agreement": round(self.applies_agreement, 3),
            "overrides": sorted(OVERRIDES),
        }


def measure(pages: Iterable[dict[str, Any]], resources: AuditResources | None = None) -> Measurement:
    """Audit every page and compare with its labels."""
    resources = resources or load_resources()
    outcomes = [Outcome(page, audit_text(draft_name(page), page["text"], resources)) for page in pages]
    measurement = Measurement(outcomes, sections={sid: Score() for sid in SECTION_IDS},
                              norms={rule: Score() for rule in NORM_SECTIONS})
    for outcome in outcomes:
        labels, page_id = outcome.labels, outcome.page["id"]
        measurement.verdict.add(page_id, outcome.status == "digital", bool(labels["digital_submission"]))
        first = (labels.get("channel") or ["none"])[0] if not labels["digital_submission"] else "digital"
        measurement.statuses[(first, outcome.status)] += 1
        truth = set(labels.get("sections_present") or ())
        for section_id, score in measurement.sections.items():
            score.add(page_id, section_id in outcome.present, section_id in truth)
        for rule, section_id in NORM_SECTIONS.items():
            expected = section_id not in truth
            if rule in NORMS_ONLY_WHEN_APPLIES:
                expected = expected and bool(labels.get("applies_wmebv"))
            measurement.norms[rule].add(page_id, rule in outcome.rules, expected)
        measurement.applies[(labels.get("applies_wmebv"), outcome.result.verdict.get("applies"))] += 1
    return measurement


def _channel_lines(result: CheckResult) -> list[str]:
    """The channels the audit found, one short line each."""
    lines = []
    for channel in result.channels.get("channels", []):
        evidence = (channel.get("evidence") or channel.get("label") or "")[:110]
        lines.append(f"      {channel['kind']}/{channel['purpose']}{'/' + channel['auth'] if channel['auth'] else ''}: {evidence}")
    return lines


def wrong_pages(measurement: Measurement, limit: int) -> list[str]:
    """The pages with a wrong digital verdict, wrong sections or a false norm finding, with the evidence."""
    lines: list[str] = []
    shown = 0
    for outcome in measurement.outcomes:
        labels, result = outcome.labels, outcome.result
        problems = []
        if (outcome.status == "digital") != bool(labels["digital_submission"]):
            problems.append(f"verdict: gave {outcome.status}, label {labels.get('digital_channel')} ({', '.join(labels.get('channel') or [])})")
        truth = set(labels.get("sections_present") or ()) & set(SECTION_IDS)
        if outcome.present != truth:
            problems.append(f"sections: missed {sorted(truth - outcome.present)}, extra {sorted(outcome.present - truth)}")
        for rule, score in measurement.norms.items():
            if outcome.page["id"] in score.false_positives:
                problems.append(f"false {rule}")
            if outcome.page["id"] in score.false_negatives:
                problems.append(f"missed {rule}")
        if not problems:
            continue
        shown += 1
        if shown > limit:
            continue
        lines.append(f"- {outcome.page['id']} ({outcome.page.get('product', '')}): " + "; ".join(problems))
        if problems[0].startswith("verdict"):
            lines.extend(_channel_lines(result))
            signals = result.channels.get("signals") or {}
            lines.extend(f"      signal {group}: {sentences[0][:110]}" for group, sentences in signals.items())
        told = result.sections.get("told") or {}
        for section_id in sorted(outcome.present - truth):
            evidence = (told.get(section_id) or ["(its own heading)"])[0]
            lines.append(f"      told {section_id}: {evidence[:110]}")
    if shown > limit:
        lines.append(f"(+{shown - limit} more pages; --wrong N shows more)")
    return lines


def report(measurement: Measurement, wrong: int = 40) -> str:
    """The measurement as text, the JSON figures on the last line."""
    v = measurement.verdict
    figures = measurement.figures()
    lines = [f"Real pages: {figures['pages']}",
             "",
             f"Digital verdict: {v.accuracy:.3f} right (answering 'digital' always: {figures['always_digital_baseline']:.3f})",
             "| label \\ given | digital | not digital |", "| --- | ---: | ---: |",
             f"| digital | {v.true_positives} | {len(v.false_negatives)} |",
             f"| not digital | {len(v.false_positives)} | {v.true_negatives} |",
             "",
             "Channel status given, per label (first channel of non-digital pages):"]
    for (label, given), count in sorted(measurement.statuses.items()):
        lines.append(f"  {label:>16} -> {given:<15} {count}")
    lines += ["", "| section (content) | P | R | F1 | FP | FN |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for section_id, s in measurement.sections.items():
        lines.append(f"| {section_id} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {len(s.false_positives)} | {len(s.false_negatives)} |")
    lines += [f"Section macro-F1: {measurement.macro_f1:.3f}", "",
              "| norm finding | P | R | TP | FP | FN |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for rule, s in measurement.norms.items():
        lines.append(f"| {rule} | {s.precision:.2f} | {s.recall:.2f} | {s.true_positives} | {len(s.false_positives)} | {len(s.false_negatives)} |")
    lines += ["", f"applies_wmebv agreement: {measurement.applies_agreement:.3f} "
              + ", ".join(f"label {label} / given {given}: {count}" for (label, given), count in sorted(measurement.applies.items(), key=str))]
    if OVERRIDES:
        lines += ["", "Label overrides (the shared file is left as it is):"]
        lines += [f"- {page_id}: {fix['labels']} ({fix['reason']})" for page_id, fix in sorted(OVERRIDES.items())]
    lines += ["", "Pages with a wrong answer:", *wrong_pages(measurement, wrong), "", json.dumps(figures, sort_keys=True)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help=f"JSON-lines file (default: ${DATA_ENV} or {DEFAULT_DATA})")
    parser.add_argument("--wrong", type=int, default=40, help="how many wrong pages to show")
    args = parser.parse_args(argv)
    path = data_path(args.data)
    if not path.exists():
        print(f"No development set at {path}: nothing to measure (see ../shared/data/real-pages/README.md).")
        return 1
    print(report(measure(apply_overrides(load_pages(path), OVERRIDES)), wrong=args.wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
