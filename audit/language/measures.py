"""Page measures from per-sentence detail: sentence length, Flesch-Douma, rare words, passive, officialese."""

from __future__ import annotations

from audit.language.result import SentenceDetail

# Flesch reading ease adapted to Dutch by W.H. Douma (1960): Dutch words have more syllables,
# so the English constants (1.015, 84.6) would score Dutch text far too hard.
DOUMA_BASE = 206.835
DOUMA_SENTENCE = 0.93
DOUMA_SYLLABLE = 77.0


def flesch_douma(avg_sentence_words: float, syllables_per_word: float) -> float:
    """Flesch-Douma reading ease: 206.835 - 0.93 x words per sentence - 77 x syllables per word."""
    return DOUMA_BASE - DOUMA_SENTENCE * avg_sentence_words - DOUMA_SYLLABLE * syllables_per_word


def _share(part: int, whole: int) -> float:
    """part / whole rounded to 3 decimals, 0.0 when whole is 0."""
    return round(part / whole, 3) if whole else 0.0


def page_measures(sentences: list[SentenceDetail]) -> dict[str, float]:
    """The page measures; list items and table cells count as units, not for sentence length or Flesch."""
    running = [s for s in sentences if s.kind == "sentence"] or sentences
    words = sum(s.words for s in sentences)
    letter_words = sum(s.letter_words for s in sentences)
    # Flesch-Douma is a formula for running text: lists and tables (tariff lines full of
    # compounds, one-word cells) would distort it, so it uses the sentences only.
    running_syllables = sum(s.syllables for s in running)
    running_letter_words = sum(s.letter_words for s in running)
    running_words = sum(s.words for s in running)
    avg = running_words / len(running) if running else 0.0
    syllables_per_word = running_syllables / running_letter_words if running_letter_words else 0.0
    rare = sum(len(s.rare_words) for s in sentences)
    long_words = sum(len(s.long_words) for s in sentences)
    officialese = sum(len(s.officialese) for s in sentences)
    return {
        "words": words,
        "sentences": len([s for s in sentences if s.kind == "sentence"]),
        "units": len(sentences),
        "avg_sentence_words": round(avg, 2),
        "long_sentences": sum(1 for s in sentences if s.long),
        "long_sentence_share": _share(sum(1 for s in sentences if s.long), len(sentences)),
        "syllables_per_word": round(syllables_per_word, 3),
        "flesch_douma": round(flesch_douma(avg, syllables_per_word), 1) if running_letter_words else 0.0,
        "rare_words": rare,
        "rare_word_share": _share(rare, letter_words),
        "long_words": long_words,
        "long_word_share": _share(long_words, letter_words),
        "passive_sentences": sum(1 for s in sentences if s.passive),
        "passive_share": _share(sum(1 for s in sentences if s.passive), len(sentences)),
        "officialese": officialese,
        "officialese_per_100_words": round(100 * officialese / words, 2) if words else 0.0,
    }

