"""Check kinds of the taal family: B1 level, long sentences, officialese, passive voice, address."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from audit.facts import Finding, PageFacts

CheckFn = Callable[[PageFacts, Mapping[str, Any]], list[Finding]]

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


def _finding(message: str, evidence: str, suggestion: str, location: str) -> Finding:
    """A finding whose rule id, family and severity the engine fills in."""
    return Finding(rule_id="", message=message, evidence=evidence, suggestion=suggestion,
                   location=location)


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
    return [_finding(
        f"De tekst is niet op taalniveau B1 (geschat niveau: {result.level}). "
        f"Dit telt mee: {'; '.join(reasons)}.",
        evidence=worst.text if worst else "",
        suggestion="Schrijf kortere zinnen met gewone woorden. Zeg wie iets doet. "
                   "Begin met de langste zin hierboven. Zie de andere taal-meldingen per zin.",
        location="hele pagina")]


def check_long_sentence(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Every sentence longer than the norm (default 20 words), with where to split it."""
    result = facts.language
    if result is None:
        return []
    limit = int(params.get("max_words") or result.norm.get("long_sentence_words", 20))
    findings = []
    for sentence in result.sentences:
        if sentence.words > limit:
            findings.append(_finding(
                f"Deze zin heeft {sentence.words} woorden. Dat is te lang: "
                f"meer dan {limit} woorden is moeilijk te lezen.",
                evidence=sentence.text, suggestion=sentence.split_advice or
                "Maak er twee of meer korte zinnen van. Zet in elke zin één boodschap.",
                location=sentence.location))
    return findings[: int(params.get("max_findings", 10))]


def check_officialese(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Every officialese word or phrase, with the plain word to use instead."""
    result = facts.language
    if result is None:
        return []
    findings = []
    for sentence in result.sentences:
        for match in sentence.officialese:
            findings.append(_finding(
                f'"{match.found}" is ambtelijke taal. Veel lezers vinden dat moeilijk.',
                evidence=sentence.text,
                suggestion=f'Schrijf "{match.plain}" in plaats van "{match.found}"'
                           + (f" ({match.sense})." if match.sense else "."),
                location=sentence.location))
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
            findings.append(_finding(
                f'Deze zin staat in de lijdende vorm ("{words}"). Dan staat er niet wie iets doet.',
                evidence=sentence.text,
                suggestion='Maak de zin actief: zeg wie het doet. Schrijf bijvoorbeeld "Wij '
                           f'..." of "U ..." in plaats van "{words}".',
                location=sentence.location))
    return findings[: int(params.get("max_findings", 10))]


def check_mixed_address(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page mixes "u" and "je/jij/jouw"; points at the sentences in the less used form."""
    result = facts.language
    if result is None or not result.mixed_address:
        return []
    main = result.address or "u"
    other = "je" if main == "u" else "u"
    odd = [s for s in result.sentences if s.address in (other, "both")]
    return [_finding(
        f'Deze pagina spreekt de lezer meestal aan met "{main}", maar hier met "{other}". '
        "Dat is verwarrend.",
        evidence=sentence.text,
        suggestion=f'Gebruik overal "{main}". Schrijf dus ook hier "{main}".',
        location=sentence.location) for sentence in odd][: int(params.get("max_findings", 5))]


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
            findings.append(_finding(
                f'Het woord "{word}" kennen veel lezers niet. Het komt weinig voor in het Nederlands.',
                evidence=sentence.text,
                suggestion=f'Gebruik een gewoner woord, of leg kort uit wat "{word}" betekent.',
                location=sentence.location))
    return findings[: int(params.get("max_findings", 10))]


def check_too_short(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """The page has too little text to judge its language level."""
    result = facts.language
    if result is None or not result.too_short:
        return []
    words = int(result.measures.get("words", 0))
    minimum = int(result.norm.get("min_words", 60))
    return [_finding(
        f"Deze pagina heeft maar {words} woorden. Dat is te weinig om het taalniveau te meten "
        f"(minstens {minimum}).",
        evidence=" ".join(s.text for s in result.sentences)[:200],
        suggestion="Controleer of de pagina alle informatie geeft: wat is het, hoe vraagt u het "
                   "aan, wat kost het en hoe lang duurt het?",
        location="hele pagina")]


KINDS: dict[str, CheckFn] = {
    "language_level": check_language_level,
    "long_sentence": check_long_sentence,
    "officialese": check_officialese,
    "passive_voice": check_passive,
    "mixed_address": check_mixed_address,
    "rare_words": check_rare_words,
    "too_short": check_too_short,
}
