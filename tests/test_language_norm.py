"""The norm profile: defaults from rules/defaults/language.yml, changeable per municipality."""

from __future__ import annotations

import pytest

from audit.language import load_language_resources
from audit.language.analyser import language_settings
from audit.language.norm import NormProfile
from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir

# 8 sentences of 6 words (48 words): average 6, nothing long, no officialese, no passive.
EASY = " ".join(["Wij sturen u snel een brief."] * 8)
# The same words, but as 4 sentences of 12 words: average 12.
MIDDLE = " ".join(["Wij sturen u snel een brief en u leest hem thuis rustig."] * 4)
# Every word of these texts is common (Zipf 5), so no word counts as rare.
FREQ = {word: 1e-4 for word in "wij sturen u snel een brief en leest hem thuis rustig".split()}


def test_defaults_give_a_level_and_b1_verdict() -> None:
    """Short plain sentences reach B1 (and A2 when every A2 limit holds)."""
    resources = load_language_resources(rules_dir(), {}, frequencies=FREQ)
    result = resources.analyse_text(EASY)
    assert result.b1_ok is True and result.level in ("A2", "B1")


def test_a_municipality_can_tighten_b1() -> None:
    """An override under `language:` changes one limit and keeps the others."""
    settings = {"language": {"levels": {"B1": {"max_avg_sentence_words": 10},
                                        "A2": {"max_avg_sentence_words": 8}}}}
    merged = language_settings(rules_dir(), settings)
    assert merged["levels"]["B1"]["max_avg_sentence_words"] == 10
    assert merged["levels"]["B1"]["max_long_sentence_share"] == 0.10  # default kept
    default = load_language_resources(rules_dir(), {}, frequencies=FREQ).analyse_text(MIDDLE)
    strict = load_language_resources(rules_dir(), settings, frequencies=FREQ).analyse_text(MIDDLE)
    assert default.b1_ok is True
    assert strict.b1_ok is False
    assert ("avg_sentence_words", "max", 10.0, 12.0) in strict.failed_limits


def test_min_words_decides_too_short() -> None:
    """With min_words 100 the 48-word text is too short to judge."""
    result = load_language_resources(rules_dir(), {"min_words": 100}, frequencies=FREQ).analyse_text(EASY)
    assert result.too_short and result.b1_ok is None


def test_unknown_measure_is_refused() -> None:
    """A typo in a limit name is an error in Dutch, not a silently ignored limit."""
    settings = language_settings(rules_dir(), {"levels": {"B1": {"max_zinlengte": 12}}})
    with pytest.raises(UserError, match="max_zinlengte"):
        NormProfile.from_settings(settings)
