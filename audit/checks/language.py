"""Check kinds of the taal family: B1 level, long sentences, officialese, passive voice, address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.checks.kind import CheckKind, case_finding, kind
from audit.facts import Finding, PageFacts

# How each measure is named for a web editor, and whether it is shown as a percentage.
MEASURE_LABELS: dict[str, tuple[str, bool]] = {
    "avg_sentence_words": ("woorden per zin (gemiddeld)", False),
    "long_sentence_share": ("lange zinnen", True),
    "flesch_douma": ("leesgemak (Flesch-Douma, hoger is makkelijker)", False),
    "rare_word_share": ("weinig gebruikte woorden", True),
    "long_word_share": ("lange woorden", True),
    "passive_share": ("zinnen in de lijdende vorm", True),
    "officialese_per_100_words": ("ambtelijke woorden per 100 woorden", False),
}


def _number(value: float, percent: bool) -> str:
    """A number the Dutch way: "12,5" or "12%"."""
    if percent:
        return f"{round(value * 100)}%"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def describe_limit(measure: str, bound: str, limit: float, value: float) -> str:
    """One failed limit in plain Dutch: "woorden per zin (gemiddeld): 19,5 (norm: hoogstens 15)"."""
    label, percent = MEASURE_LABELS.get(measure, (measure, False))
    norm = "hoogstens" if bound == "max" else "minstens"
    return f"{label}: {_number(value, percent)} (norm: {norm} {_number(limit, percent)})"


def check_language_level(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page does not reach the target level (B1) of the norm profile."""
    result = facts.language
    if result is None or result.b1_ok is not False:
        return []
    reasons = [describe_limit(*limit) for limit in result.failed_limits]
    worst = max(result.sentences, key=lambda s: s.words, default=None)
    return [case_finding("below_level", evidence=worst.text if worst else "", location="hele pagina",
                         level=result.level, reasons="; ".join(reasons))]


def check_long_sentence(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Every sentence longer than the norm (default 20 words), with where to split it."""
    result = facts.language
    if result is None:
        return []
    limit = int(params.get("max_words") or result.norm.get("long_sentence_words", 20))
    findings = []
    for sentence in result.sentences:
        if sentence.words > limit:
            findings.append(case_finding(
                "split_here" if sentence.split_advice else "too_long", evidence=sentence.text,
                location=sentence.location, words=sentence.words, limit=limit, advice=sentence.split_advice))
    return findings[: int(params.get("max_findings", 10))]


def check_officialese(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Every officialese word or phrase, with the plain word to use instead."""
    result = facts.language
    if result is None:
        return []
    findings = []
    for sentence in result.sentences:
        for match in sentence.officialese:
            findings.append(case_finding(
                "in_a_sense" if match.sense else "officialese", evidence=sentence.text, location=sentence.location,
                found=match.found, plain=match.plain, sense=match.sense))
    return findings[: int(params.get("max_findings", 20))]


def check_passive(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Sentences in the passive voice, when the page has more of them than `min_share` allows."""
    result = facts.language
    if result is None or result.measures.get("passive_share", 0.0) <= float(params.get("min_share", 0.0)):
        return []
    findings = []
    for sentence in result.sentences:
        if sentence.passive:
            words = f"{sentence.passive.auxiliary} ... {sentence.passive.participle}"
            findings.append(case_finding("passive", evidence=sentence.text, location=sentence.location, words=words))
    return findings[: int(params.get("max_findings", 10))]


def check_mixed_address(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page mixes "u" and "je/jij/jouw"; points at the sentences in the less used form."""
    result = facts.language
    if result is None or not result.mixed_address:
        return []
    main = result.address or "u"
    other = "je" if main == "u" else "u"
    odd = [s for s in result.sentences if s.address in (other, "both")]
    return [case_finding("other_form", evidence=sentence.text, location=sentence.location, main=main, other=other)
            for sentence in odd][: int(params.get("max_findings", 5))]


def check_rare_words(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Words few readers know (rare in Dutch), each once per page."""
    result = facts.language
    if result is None:
        return []
    seen: set[str] = set()
    findings = []
    for sentence in result.sentences:
        for word in sentence.rare_words:
            if word in seen:
                continue
            seen.add(word)
            findings.append(case_finding("rare_word", evidence=sentence.text, location=sentence.location, word=word))
    return findings[: int(params.get("max_findings", 10))]


def check_too_short(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page has too little text to judge its language level."""
    result = facts.language
    if result is None or not result.too_short:
        return []
    words = int(result.measures.get("words", 0))
    minimum = int(result.norm.get("min_words", 60))
    return [case_finding("too_short", evidence=" ".join(s.text for s in result.sentences)[:200],
                         location="hele pagina", words=words, minimum=minimum)]


KINDS: dict[str, CheckKind] = {
    "language_level": kind(check_language_level, below_level=("level", "reasons")),
    "long_sentence": kind(check_long_sentence, split_here=("words", "limit", "advice"), too_long=("words", "limit", "advice")),
    "officialese": kind(check_officialese, officialese=("found", "plain", "sense"), in_a_sense=("found", "plain", "sense")),
    "passive_voice": kind(check_passive, passive=("words",)),
    "mixed_address": kind(check_mixed_address, other_form=("main", "other")),
    "rare_words": kind(check_rare_words, rare_word=("word",)),
    "too_short": kind(check_too_short, too_short=("words", "minimum")),
}
