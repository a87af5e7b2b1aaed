"""The audit on real municipal pages (issue 13): the figures of tests/benchmarks/real_pages.py must hold.

The development set is third-party text kept outside the repository, in
``../shared/data/real-pages/dev.jsonl``; without it these tests skip and say so.
"""

from __future__ import annotations

import pytest

from benchmarks.real_pages import NORM_SECTIONS, OVERRIDES, Measurement, apply_overrides, data_path, load_pages, measure

# Floors: the figures reached, less a little room for harmless changes. Raise them when the
# audit gets better; never lower them to let a change in.
MIN_DIGITAL_VERDICT = 0.93  # issue 13 asks >= 0.92 (baseline 0.59)
MIN_SECTION_MACRO_F1 = 0.90  # issue 13 asks >= 0.85 (baseline 0.27)
# Issue 13 asks every norm.* finding for precision >= 0.95 at recall >= 0.80.
MIN_NORM_PRECISION = {"norm.geen-termijn": 0.95, "norm.geen-kosten": 0.95, "norm.geen-contact": 0.95, "norm.geen-bezwaar": 0.95}
MIN_NORM_RECALL = {"norm.geen-termijn": 0.93, "norm.geen-kosten": 0.90, "norm.geen-contact": 0.88, "norm.geen-bezwaar": 0.93}


@pytest.fixture(scope="module")
def measurement() -> Measurement:
    """One run over the development set (skipped when the set is not on this machine)."""
    path = data_path()
    if not path.exists():
        pytest.skip(f"The real-pages development set is not at {path} (third-party texts, kept outside the "
                    "repository); set WMEBV_REAL_PAGES to measure.")
    return measure(apply_overrides(load_pages(path), OVERRIDES))


def test_digital_verdict(measurement: Measurement) -> None:
    assert measurement.verdict.accuracy >= MIN_DIGITAL_VERDICT


def test_sections_by_content(measurement: Measurement) -> None:
    assert measurement.macro_f1 >= MIN_SECTION_MACRO_F1


@pytest.mark.parametrize("rule", sorted(NORM_SECTIONS))
def test_norm_findings(measurement: Measurement, rule: str) -> None:
    score = measurement.norms[rule]
    assert score.precision >= MIN_NORM_PRECISION[rule], score.false_positives
    assert score.recall >= MIN_NORM_RECALL[rule], score.false_negatives


def test_overrides_name_a_reason() -> None:
    for page_id, fix in OVERRIDES.items():
        assert fix.get("reason") and fix.get("labels"), page_id
