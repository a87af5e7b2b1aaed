"""Advice an editor can trust: no cut inside a fixed name, the plain word in the sense that applies.

Every fixed name (rules/language/fixed_names.yml) and every officialese entry with a sense
(rules/language/officialese.yml) is checked against its own examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.language import LanguageResources, load_language_resources
from audit.language.advice import best_split
from audit.language.analyser import marked_words
from audit.language.fixed_names import load_fixed_names
from audit.language.officialese import OfficialeseMatcher, load_officialese
from audit.language.tokens import tokenize
from wmebv.core.errors import UserError
from wmebv.core.paths import rules_dir

LANGUAGE = rules_dir() / "language"
FIXED = load_fixed_names(LANGUAGE / "fixed_names.yml")
ENTRIES, _ = load_officialese(LANGUAGE / "officialese.yml")
WITH_SENSE = [entry for entry in ENTRIES if entry.sense]


@pytest.fixture(scope="module")
def resources() -> LanguageResources:
    """The real rules, with a tiny word list (frequencies do not matter here)."""
    return load_language_resources(rules_dir(), {}, frequencies={"de": 7.0})


@pytest.mark.parametrize("name", FIXED.names, ids=lambda name: " ".join(name.words))
def test_a_fixed_name_is_never_cut_or_called_officialese(resources: LanguageResources, name: object) -> None:
    sentence = resources.analyse_text(name.example).sentences[0]  # type: ignore[attr-defined]
    words = [token.lower for token in tokenize(sentence.text)]
    spans = FIXED.spans(words)
    assert spans, "the example does not contain its name"
    place = best_split(sentence.text, tokenize(sentence.text), FIXED)
    if place is not None:
        assert not FIXED.cuts_through(words, place[2]), sentence.split_advice
    covered = {" ".join(words[start:end]) for start, end in spans}
    for match in sentence.officialese:
        assert not any(match.found in phrase for phrase in covered), match


def test_burgemeester_en_wethouders_stays_whole(resources: LanguageResources) -> None:
    """Without the list the advice would cut before 'en' in the name; with it, before 'of'."""
    example = next(name.example for name in FIXED.names if name.words == ("burgemeester", "en", "wethouders"))
    tokens = tokenize(example)
    naive = best_split(example, tokens)
    assert naive is not None and naive[1] == "en"  # the example shows the problem
    advice = resources.analyse_text(example).sentences[0].split_advice
    assert 'vóór "of"' in advice and 'vóór "en"' not in advice


@pytest.mark.parametrize("entry", WITH_SENSE, ids=lambda entry: f"{entry.term} ({entry.sense[:20]})")
def test_an_officialese_word_is_matched_only_in_its_sense(entry: object) -> None:
    matcher = OfficialeseMatcher((entry,))  # type: ignore[arg-type]
    assert entry.not_example, "an entry with a sense needs a not_example"  # type: ignore[attr-defined]
    assert matcher.find(marked_words(entry.example, tokenize(entry.example)))  # type: ignore[attr-defined]
    assert not matcher.find(marked_words(entry.not_example, tokenize(entry.not_example)))  # type: ignore[attr-defined]


def test_betreffende_as_adjective_is_not_over(resources: LanguageResources) -> None:
    adjective = resources.analyse_text("Stuur het formulier naar het betreffende adres.").sentences[0]
    assert [(m.found, m.plain) for m in adjective.officialese] == [("betreffende", "dat, dit, die (of laat het weg)")]
    preposition = resources.analyse_text("U krijgt een brief betreffende uw aanslag.").sentences[0]
    assert [(m.found, m.plain) for m in preposition.officialese] == [("betreffende", "over")]
    assert "voorzetsel" in preposition.officialese[0].sense


def test_the_suggestion_says_in_which_sense(resources: LanguageResources) -> None:
    from audit.checks.language import check_officialese
    from audit.facts import PageFacts
    from rule_support import as_read

    facts = PageFacts(url="file:///concept.txt",
                      language=resources.analyse_text("Stuur het naar het betreffende adres."))
    findings = as_read("taal.ambtelijk-woord", check_officialese(facts, {}))
    assert findings and "bijvoeglijk naamwoord" in findings[0].suggestion and '"over"' not in findings[0].suggestion


def test_a_sense_rule_without_a_sense_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fixed_names.yml").write_text("names: []\n", encoding="utf-8")
    (tmp_path / "officialese.yml").write_text(
        'entries:\n- {term: betreffende, plain: over, not_after: [het], example: "Een brief betreffende u."}\n',
        encoding="utf-8")
    with pytest.raises(UserError, match="sense"):
        load_officialese(tmp_path / "officialese.yml")


def test_a_fixed_name_needs_an_example(tmp_path: Path) -> None:
    (tmp_path / "fixed_names.yml").write_text("names:\n- {name: burgemeester en wethouders}\n", encoding="utf-8")
    with pytest.raises(UserError, match="fixed_names.yml"):
        load_fixed_names(tmp_path / "fixed_names.yml")
