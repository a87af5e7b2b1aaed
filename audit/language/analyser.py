"""Language analysis of a page or draft: load the resources once per run, then analyse page by page."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from audit.language.address import AddressRules, address_of, page_address
from audit.language.advice import split_advice
from audit.language.extract import ExtractionRules, readability_element
from audit.language.measures import page_measures
from audit.language.norm import NormProfile
from audit.language.officialese import OfficialeseMatcher, load_officialese
from audit.language.passive import PassiveRules, find_passive
from audit.language.result import LanguageResult, SentenceDetail
from audit.language.tokens import Token, tokenize
from audit.language.vocabulary import Vocabulary, VocabularyRules
from wmebv.core.blocks import Block, walk
from wmebv.core.drafts import draft_to_html
from wmebv.core.page import ParsedPage, RegionRules
from wmebv.core.sentences import split_sentences, strip_list_marker

_MARK = re.compile(r"[,;:()]")


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge override into a copy of base; nested mappings merge, other values replace."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def marked_words(text: str, tokens: list[Token], keep_case: bool = False) -> list[str]:
    """Words (lower case unless asked) with "," wherever the text has a comma, colon or bracket."""
    lower, cased = marked_word_lists(text, tokens)
    return cased if keep_case else lower


def marked_word_lists(text: str, tokens: list[Token]) -> tuple[list[str], list[str]]:
    """:func:`marked_words` in lower case and with case kept, from one pass over the tokens."""
    lower: list[str] = []
    cased: list[str] = []
    previous_end = 0
    for token in tokens:
        if _MARK.search(text, previous_end, token.start):
            lower.append(",")
            cased.append(",")
        # the first word keeps no capital: it is capitalised because it starts the sentence
        cased.append(token.text if cased else token.lower)
        lower.append(token.lower)
        previous_end = token.start + len(token.text)
    return lower, cased


@dataclass
class LanguageResources:
    """Everything the language analysis needs, loaded once per run (word lists, frequencies, norms)."""

    norm: NormProfile
    regions: RegionRules
    extraction: ExtractionRules
    officialese: OfficialeseMatcher
    passive: PassiveRules
    address: AddressRules
    vocabulary: Vocabulary

    def analyse(self, parsed: ParsedPage, source: str = "content") -> LanguageResult:
        """Analyse the running text of a parsed page (its main text, as the page's text layer has it)."""
        if parsed.content.tag == "body" and self.extraction.use_readability_fallback:
            found = readability_element(parsed.body)
            if found is not None and len(found.text_content().strip()) > 0:
                blocks, _ = walk(found, self.regions.text)
                return self.analyse_blocks([block for block in blocks if block.reading], "readability")
            source = "body"
        return self.analyse_blocks(parsed.text.reading, source)

    def analyse_text(self, text: str) -> LanguageResult:
        """Analyse a plain-text or Markdown draft (read into the same blocks as a page)."""
        return self.analyse(ParsedPage.from_html("file:///concept.txt", draft_to_html(text), self.regions), "text")

    def sentence(self, index: int, text: str, tokens: list[Token], kind: str,
                 section: str) -> SentenceDetail:
        """Measure one sentence."""
        words, cased_words = marked_word_lists(text, tokens)
        alpha = [t.lower for t in tokens if t.is_alpha]
        syllables = self.vocabulary.syllable_counts(alpha)
        count = len(tokens)
        long = count > self.norm.long_sentence_words
        return SentenceDetail(
            index=index, text=text, kind=kind, section=section, words=count, letter_words=len(alpha),
            syllables=sum(syllables),
            split_advice=split_advice(text, tokens, self.officialese.fixed_names) if long else "", long=long,
            rare_words=tuple(self.vocabulary.rare_words(tokens)),
            long_words=tuple(self.vocabulary.long_words(tokens, syllables)),
            passive=find_passive(cased_words, self.passive),
            officialese=tuple(self.officialese.find(words)),
            address=address_of(words, self.address),
        )

    def analyse_blocks(self, blocks: list[Block], source: str) -> LanguageResult:
        """Split blocks into sentences, measure them and decide the level."""
        details: list[SentenceDetail] = []
        headings: list[str] = []
        for block in blocks:
            if block.kind == "heading":
                headings.append(block.text)
                continue
            text = strip_list_marker(block.text) if block.kind == "list_item" else block.text
            kind = "sentence" if block.kind == "paragraph" else block.kind
            for sentence in split_sentences(text, self.regions.text.abbreviations):
                tokens = tokenize(sentence)
                if tokens:
                    details.append(self.sentence(len(details) + 1, sentence, tokens, kind, block.heading))
        measures = page_measures(details)
        too_short = measures["words"] < self.norm.min_words
        main_address, mixed = page_address([d.address for d in details])
        level: str | None = None
        b1_ok: bool | None = None
        failed: tuple[tuple[str, str, float, float], ...] = ()
        if not too_short:
            level, b1_ok = self.norm.estimate(measures)
            failed = tuple((limit.measure, limit.bound, limit.value, measures[limit.measure])
                           for limit in self.norm.target().failed(measures))
        return LanguageResult(
            measures=measures, sentences=tuple(details), headings=tuple(headings),
            b1_ok=b1_ok, level=level, too_short=too_short, failed_limits=failed,
            address=main_address, mixed_address=mixed, source=source,
            norm=dict(self.norm.settings),
        )


def _yaml(path: Path) -> Any:
    """Read one YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def language_settings(rules_dir: Path, settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """The default norm profile with a municipality's `language:` settings merged over it."""
    override = dict(settings or {})
    if isinstance(override.get("language"), Mapping):
        override = dict(override["language"])
    return deep_merge(_yaml(rules_dir / "defaults" / "language.yml"), override)


def load_language_resources(rules_dir: Path, settings: Mapping[str, Any] | None = None,
                            frequencies: dict[str, float] | None = None) -> LanguageResources:
    """Load word lists, the officialese list, Dutch word frequencies and the norm profile once."""
    norm = NormProfile.from_settings(language_settings(rules_dir, settings))
    folder = rules_dir / "language"
    known = _yaml(folder / "known_words.yml")
    if frequencies is None:
        import wordfreq  # imported here: loading the Dutch list takes a moment, once per run

        frequencies = wordfreq.get_frequency_dict("nl", wordlist="best")
    vocabulary_rules = VocabularyRules(
        rare_zipf=norm.rare_word_zipf, part_zipf=norm.compound_part_zipf, min_part_chars=3,
        long_word_syllables=norm.long_word_syllables,
        known_words=frozenset(word.lower() for word in known["words"]),
    )
    return LanguageResources(
        norm=norm,
        regions=RegionRules.load(rules_dir / "page.yml"),
        extraction=ExtractionRules.load(folder / "extraction.yml"),
        officialese=OfficialeseMatcher(*load_officialese(folder / "officialese.yml")),
        passive=PassiveRules.load(folder / "passive.yml"),
        address=AddressRules.load(folder / "address.yml"),
        vocabulary=Vocabulary(frequencies, vocabulary_rules),
    )
