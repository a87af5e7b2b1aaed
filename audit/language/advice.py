"""Where to split a long sentence: the conjunction or punctuation mark closest to its middle.

Never inside a fixed name: "burgemeester en wethouders" is not cut before "en"
(``rules/language/fixed_names.yml``).
"""

from __future__ import annotations

from audit.language.fixed_names import FixedNames
from audit.language.tokens import Token

# Words before which a long Dutch sentence can usually be cut in two. Subordinating words
# ("omdat", "zodat") start a reason or result: a new sentence can begin with "Dat is omdat ...".
SPLIT_WORDS = frozenset(
    "en maar want dus omdat zodat waardoor terwijl wanneer nadat voordat waarna zodra "
    "indien tenzij hoewel waarbij waarmee waarin doordat of als".split()
)
_MIN_PART = 5  # each part keeps at least this many words


def best_split(text: str, tokens: list[Token], fixed_names: FixedNames = FixedNames()) -> tuple[str, str, int] | None:
    """The split place closest to the middle of the sentence, outside fixed names: (kind, word or mark, token index)."""
    words = [t for t in tokens if t.kind != "url"] or tokens
    total = len(words)
    middle = total / 2
    protected = {index for start, end in fixed_names.spans([t.lower for t in words]) for index in range(start + 1, end)}
    candidates: list[tuple[float, str, str, int]] = []
    for index, token in enumerate(words):
        if index < _MIN_PART or total - index < _MIN_PART or index in protected:
            continue
        before = text[words[index - 1].start + len(words[index - 1].text):token.start]
        for mark in (";", ":", ","):
            if mark in before:
                # punctuation is a cleaner cut than a bare conjunction: prefer it a little
                candidates.append((abs(index - middle) - (2 if mark != "," else 1), "mark", mark, index))
                break
        if token.lower in SPLIT_WORDS:
            candidates.append((abs(index - middle), "word", token.lower, index))
    if not candidates:
        return None
    _, kind, what, index = min(candidates)
    return kind, what, index


def split_advice(text: str, tokens: list[Token], fixed_names: FixedNames = FixedNames()) -> str:
    """A plain Dutch suggestion where to split a long sentence, naming the place (never inside a fixed name)."""
    place = best_split(text, tokens, fixed_names)
    if place is None:
        return "Maak er twee of meer korte zinnen van. Zet in elke zin één boodschap."
    kind, what, index = place
    words = [t for t in tokens if t.kind != "url"] or tokens
    lead = " ".join(t.text for t in words[max(0, index - 3):index])
    if kind == "word":
        return (f'Maak er twee zinnen van. Knip bijvoorbeeld vóór "{what}" '
                f'(na "...{lead}"). Begin de nieuwe zin met een hoofdletter.')
    name = {";": "de puntkomma", ":": "de dubbele punt", ",": "de komma"}[what]
    return (f'Maak er twee zinnen van. Knip bijvoorbeeld bij {name} na "...{lead}" '
            f'en zet daar een punt.')
