"""Syllables for Flesch-Douma: our vowel-unit counter against words counted by hand.

The README compares this counter with pyphen's hyphenation points (which textstat uses for
Dutch): hyphenation dictionaries leave out single-letter syllables at the edges of a word.
"""

from __future__ import annotations

from audit.language.tokens import count_syllables

# Words of municipal product pages with their syllables, counted by hand.
HAND_COUNTED = {
    "aanvragen": 3, "identiteitskaart": 5, "beëindigen": 4, "zee": 1, "geïnteresseerd": 5, "reisdocument": 4,
    "gemeente": 3, "vergunning": 3, "uittreksel": 3, "ouders": 2, "zwembad": 2, "koeien": 2, "paspoort": 2,
    "bijzonderheden": 5, "omgevingsvergunning": 6, "aanvraagformulier": 5, "leeftijd": 2, "ambtenaar": 3,
    "verhuizing": 3, "belasting": 3, "toeslag": 2, "bioscoop": 3, "museum": 3, "idee": 2, "theater": 3,
    "politie": 3, "januari": 4, "radio": 3, "geüpload": 3, "vrijdag": 2, "financiële": 5, "huisvesting": 3,
    "kinderopvang": 4, "parkeervergunning": 5, "afvalstoffenheffing": 6, "bezwaarschrift": 3, "rijbewijs": 3,
    "uitkering": 3, "gehandicaptenparkeerkaart": 8, "evenementenvergunning": 8, "aangifte": 3, "ondernemer": 4,
    "beslissing": 3, "eigenaar": 3, "begraafplaats": 3, "huwelijk": 3, "partnerschap": 3, "nationaliteit": 6,
    "naturalisatie": 6, "ontheffing": 3,
}


def test_the_counter_agrees_with_hand_counts_on_48_of_50_words() -> None:
    wrong = {word: count_syllables(word) for word, count in HAND_COUNTED.items() if count_syllables(word) != count}
    # Known misses: a vowel pair that is two syllables in a loanword ("mu-se-um", "ge-üp-load").
    assert set(wrong) <= {"museum", "geüpload"}, wrong
    assert len(HAND_COUNTED) == 50
