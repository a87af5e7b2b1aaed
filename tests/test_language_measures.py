"""Every language measure on small known texts; the expected numbers are worked out by hand."""

from __future__ import annotations

import math

import pytest

from audit.language import LanguageResources, load_language_resources
from audit.language.measures import flesch_douma
from audit.language.tokens import count_syllables, tokenize
from wmebv.core.paths import rules_dir


def _freq(zipf: float) -> float:
    """The wordfreq frequency that has this Zipf value (zipf = log10(frequency) + 9)."""
    return 10 ** (zipf - 9)


# A tiny frequency list so the numbers do not depend on the wordfreq version.
FREQUENCIES = {word: _freq(5.0) for word in (
    "wij helpen u graag krijgt binnen acht weken een brief de het is in uw aanvraag dat "
    "wordt behandeld parkeer vergunning log vraagt aan pas met digid op".split())}
FREQUENCIES["ambtshalve"] = _freq(2.7)


@pytest.fixture(scope="module")
def resources() -> LanguageResources:
    """Resources with the small frequency list."""
    return load_language_resources(rules_dir(), {}, frequencies=FREQUENCIES)


@pytest.mark.parametrize(("word", "syllables"), [
    ("gemeente", 3),        # ge-meen-te
    ("parkeervergunning", 5),  # par-keer-ver-gun-ning
    ("aanvragen", 3),       # aan-vra-gen
    ("ideaal", 3),          # i-de-aal: "ea" is two vowels
    ("theater", 3),         # the-a-ter
    ("beëindigen", 4),      # be-ëin-di-gen: the diaeresis starts a syllable
    ("geïnteresseerd", 5),  # ge-ïn-te-res-seerd
    ("rijbewijs", 3),       # rij-be-wijs: "ij" is one vowel
    ("nieuw", 1),           # "ieu" is one vowel
    ("informatie", 4),      # in-for-ma-tie
    ("zee", 1),
])
def test_syllables(word: str, syllables: int) -> None:
    """Syllables by Dutch vowel units."""
    assert count_syllables(word) == syllables


def test_tokens_keep_amounts_urls_and_abbreviations_whole() -> None:
    """"€ 1.250,-" is one word, a URL is one word, "t/m" is one word, "€" is no word."""
    texts = [t.text for t in tokenize("Betaal € 1.250,- t/m 1 jan. via www.voorbeeldstad.nl/betalen.")]
    assert texts == ["Betaal", "1.250,-", "t/m", "1", "jan", "via", "www.voorbeeldstad.nl/betalen"]


def test_flesch_douma_by_hand(resources: LanguageResources) -> None:
    """Two sentences, 11 words, 14 syllables.

    "Wij helpen u graag." = wij(1) hel-pen(2) u(1) graag(1): 4 words, 5 syllables.
    "U krijgt binnen acht weken een brief." = u(1) krijgt(1) bin-nen(2) acht(1) we-ken(2)
    een(1) brief(1): 7 words, 9 syllables.
    Average sentence length 11 / 2 = 5.5; syllables per word 14 / 11 = 1.2727.
    Flesch-Douma = 206.835 - 0.93 x 5.5 - 77 x 14/11 = 206.835 - 5.115 - 98.0 = 103.72.
    """
    measures = resources.analyse_text("Wij helpen u graag. U krijgt binnen acht weken een brief.").measures
    assert measures["words"] == 11
    assert measures["sentences"] == 2
    assert measures["avg_sentence_words"] == 5.5
    assert measures["syllables_per_word"] == pytest.approx(14 / 11, abs=0.001)
    assert measures["flesch_douma"] == 103.7
    assert flesch_douma(5.5, 14 / 11) == pytest.approx(103.72)


def test_douma_is_not_the_english_formula() -> None:
    """English Flesch (206.835 - 1.015 ASL - 84.6 ASW) scores Dutch too hard: Douma differs."""
    english = 206.835 - 1.015 * 15 - 84.6 * 1.6
    assert flesch_douma(15, 1.6) == pytest.approx(206.835 - 13.95 - 123.2)
    assert flesch_douma(15, 1.6) > english + 10


def test_long_sentence_share(resources: LanguageResources) -> None:
    """One sentence of 21 words among four units: 1 / 4 = 0.25; the 21-word one is long (> 20)."""
    long = "Dit " + " ".join(["woord"] * 19) + " einde."
    result = resources.analyse_text(f"Kort. Ook kort. {long} Klaar.")
    assert [s.words for s in result.sentences] == [1, 2, 21, 1]
    assert result.measures["long_sentences"] == 1
    assert result.measures["long_sentence_share"] == 0.25
    # average over running sentences: (1 + 2 + 21 + 1) / 4 = 6.25
    assert result.measures["avg_sentence_words"] == 6.25


def test_rare_words_names_numbers_and_compounds(resources: LanguageResources) -> None:
    """Rare: not in the list and not a compound or inflection of common words; names are skipped.

    Words: Wij vraagt ambtshalve parkeervergunning aan met DigiD in Voorbeeldstad op 12 mei
    "ambtshalve" has Zipf 2.7 < 3.0: rare. "parkeervergunning" = parkeer + vergunning: not rare.
    "DigiD" and "Voorbeeldstad" have capitals inside the sentence: names. "12": a number.
    "mei" is not in the small list but has only 3 letters... and is judged: rare.
    Letter words: wij vraagt ambtshalve parkeervergunning aan met digid in voorbeeldstad op mei = 11.
    Rare: ambtshalve, mei -> share 2 / 11 = 0.182.
    """
    result = resources.analyse_text("Wij vraagt ambtshalve parkeervergunning aan met DigiD in Voorbeeldstad op 12 mei.")
    assert result.sentences[0].rare_words == ("ambtshalve", "mei")
    assert result.measures["rare_word_share"] == round(2 / 11, 3)


def test_inflected_forms_of_common_words_are_not_rare(resources: LanguageResources) -> None:
    """"logt" is "log" + t: as common as its stem."""
    assert resources.analyse_text("U logt in met DigiD.").sentences[0].rare_words == ()


def test_long_words(resources: LanguageResources) -> None:
    """A word of 6 syllables or more is long: par-keer-ver-gun-nin-gen (6) is, ge-meen-te (3) not."""
    sentence = resources.analyse_text("De gemeente geeft parkeervergunningen.").sentences[0]
    assert sentence.long_words == ("parkeervergunningen",)


@pytest.mark.parametrize(("text", "expected"), [
    ("Uw aanvraag wordt binnen 8 weken behandeld.", ("wordt", "behandeld")),
    ("Het formulier moet worden ondertekend.", ("worden", "ondertekend")),
    ("Als het bezwaar is ingediend door uw buurman, hoort u dat.", ("is", "ingediend")),
    ("De pas werd gisteren aan u verstrekt.", ("werd", "verstrekt")),
    ("U krijgt bericht als de vergunning is verleend door het college.", ("is", "verleend")),
    ("Bent u verhuisd? Geef het door.", None),          # zijn + participle, no "door" agent
    ("Het gebied wordt groter.", None),                 # "gebied" is a noun, not a participle
    ("U wordt 18 jaar.", None),                         # worden as a main verb
    ("Het wordt gebouwd, maar u krijgt een brief.", ("wordt", "gebouwd")),
    ("U krijgt een brief, en het wordt daarna duur.", None),  # no participle in the clause
    ("De gemeente Voorbeeldstad wordt mooier.", None),  # a capitalised name is no participle
])
def test_passive(resources: LanguageResources, text: str, expected: tuple[str, str] | None) -> None:
    """worden + participle in one clause, or zijn + participle + door."""
    result = resources.analyse_text(text)
    found = next((s.passive for s in result.sentences if s.passive), None)
    assert (found.auxiliary, found.participle) == expected if expected else found is None


def test_passive_share(resources: LanguageResources) -> None:
    """Two of four sentences passive: 2 / 4 = 0.5."""
    result = resources.analyse_text("Het wordt gedaan. Wij doen het. Het wordt betaald. U betaalt.")
    assert result.measures["passive_share"] == 0.5


@pytest.mark.parametrize(("text", "found"), [
    ("Indien u verhuist, geeft u dat door.", ["indien"]),
    ("Wij verstrekten u een pas.", ["verstrekten"]),
    ("De verstrekte gegevens kloppen.", ["verstrekte"]),
    ("U dient het formulier volledig te ondertekenen.", ["dient ... te"]),
    ("Dit doen wij in het kader van de Wmo.", ["in het kader van"]),
    ("Zulks is reeds geregeld, doch niet betaald.", ["zulks", "reeds", "doch"]),
    ("Vraag een verklaring omtrent het gedrag aan.", []),  # a fixed name is not officialese
    ("Als u verhuist, geeft u dat door.", []),
])
def test_officialese_with_inflections_and_phrases(resources: LanguageResources, text: str,
                                                  found: list[str]) -> None:
    """Single words, inflections, multi-word phrases and split phrases ("dient ... te")."""
    sentence = resources.analyse_text(text).sentences[0]
    assert [m.found for m in sentence.officialese] == found


def test_officialese_per_100_words(resources: LanguageResources) -> None:
    """2 officialese uses in 10 words: 20 per 100 words."""
    result = resources.analyse_text("Indien u reeds een pas heeft, kunt u die gebruiken.")
    assert result.measures["words"] == 10
    assert result.measures["officialese_per_100_words"] == 20.0


def test_officialese_list_is_complete() -> None:
    """At least 150 entries, each with a plain alternative and an example that the entry matches."""
    from audit.language.analyser import marked_words
    from audit.language.officialese import OfficialeseMatcher, load_officialese

    entries, exceptions = load_officialese(rules_dir() / "language" / "officialese.yml")
    assert len(entries) >= 150
    for entry in entries:
        matcher = OfficialeseMatcher((entry,))
        words = marked_words(entry.example, tokenize(entry.example))
        assert entry.plain and matcher.find(words), f"{entry.term}: example does not match"


def test_address_mixed(resources: LanguageResources) -> None:
    """Two sentences with "u", one with "je": the page speaks "u" and mixes."""
    result = resources.analyse_text("U vraagt de pas aan. Daarna krijg je een brief. Uw pas is klaar.")
    assert [s.address for s in result.sentences] == ["u", "je", "u"]
    assert (result.address, result.mixed_address) == ("u", True)
    assert not resources.analyse_text("U vraagt de pas aan. Uw pas is klaar.").mixed_address


def test_split_advice_names_the_place(resources: LanguageResources) -> None:
    """A long sentence gets advice to cut before a conjunction near its middle."""
    text = ("U kunt een afspraak maken op het gemeentehuis voor een nieuwe identiteitskaart "
            "omdat u die zelf moet ophalen bij de balie van de afdeling Burgerzaken.")
    sentence = resources.analyse_text(text).sentences[0]
    assert sentence.long
    assert 'vóór "omdat"' in sentence.split_advice


def test_too_short_has_no_verdict(resources: LanguageResources) -> None:
    """Fewer words than min_words (40): b1_ok and level stay empty."""
    result = resources.analyse_text("Vraag de pas aan bij de balie.")
    assert result.too_short and result.b1_ok is None and result.level is None
    data = result.to_dict()
    assert {"b1_ok", "level", "too_short", "flesch_douma", "avg_sentence_words"} <= set(data)


def test_zipf_of_the_list() -> None:
    """Zipf is log10 of the frequency per billion words."""
    resources = load_language_resources(rules_dir(), {}, frequencies={"kat": 1e-6})
    assert resources.vocabulary.zipf("kat") == pytest.approx(math.log10(1e-6) + 9)
