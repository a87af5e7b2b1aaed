"""The Dutch sentence splitter on tricky cases: abbreviations, amounts, dates, times, URLs, lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from wmebv.core.paths import rules_dir
from wmebv.core.sentences import Abbreviations, split_sentences, strip_list_marker


@pytest.fixture(scope="module")
def abbreviations() -> Abbreviations:
    """The abbreviation list from rules/text/abbreviations.yml."""
    return Abbreviations.load(rules_dir() / "text" / "abbreviations.yml")


CASES = [
    ("U heeft o.a. een paspoort nodig. Neem ook bijv. een foto mee.",
     ["U heeft o.a. een paspoort nodig.", "Neem ook bijv. een foto mee."]),
    ("Dit geldt t/m 31 december. Daarna niet meer.",
     ["Dit geldt t/m 31 december.", "Daarna niet meer."]),
    ("Wij reageren z.s.m. U krijgt dan een brief.",
     ["Wij reageren z.s.m.", "U krijgt dan een brief."]),
    ("Dat is d.w.z. een vergunning voor 1 jaar. U betaalt i.v.m. de kosten vooraf.",
     ["Dat is d.w.z. een vergunning voor 1 jaar.", "U betaalt i.v.m. de kosten vooraf."]),
    ("Neem paspoort, rijbewijs enz. mee. Daarna gaat u naar de balie.",
     ["Neem paspoort, rijbewijs enz. mee.", "Daarna gaat u naar de balie."]),
    ("Neem paspoort, rijbewijs enz. Daarna gaat u naar de balie.",
     ["Neem paspoort, rijbewijs enz.", "Daarna gaat u naar de balie."]),
    ("Lees de regels m.b.t. parkeren. Vraag mr. Jansen, dhr. De Vries of mevr. Bakker.",
     ["Lees de regels m.b.t. parkeren.", "Vraag mr. Jansen, dhr. De Vries of mevr. Bakker."]),
    ("Zie nr. 4 in art. 12 op blz. 3. Dat is alles.",
     ["Zie nr. 4 in art. 12 op blz. 3.", "Dat is alles."]),
    ("De kosten zijn € 12,50. Betaal met uw pinpas.",
     ["De kosten zijn € 12,50.", "Betaal met uw pinpas."]),
    ("Het kost € 1.250,-. U betaalt vooraf.", ["Het kost € 1.250,-.", "U betaalt vooraf."]),
    ("Kom op 1 jan. 2026 langs. Of op 01-01-2026.", ["Kom op 1 jan. 2026 langs.", "Of op 01-01-2026."]),
    ("Wij zijn open vanaf 9.00 uur. Om 17.00 uur sluiten wij.",
     ["Wij zijn open vanaf 9.00 uur.", "Om 17.00 uur sluiten wij."]),
    ("Dit is de 2e keer. De 3de keer betaalt u.", ["Dit is de 2e keer.", "De 3de keer betaalt u."]),
    ("Kijk op www.voorbeeldstad.nl/afval. Mail naar info@voorbeeldstad.nl. Dan helpen wij.",
     ["Kijk op www.voorbeeldstad.nl/afval.", "Mail naar info@voorbeeldstad.nl.", "Dan helpen wij."]),
    ("Ga naar https://www.voorbeeldstad.nl/a.b?c=1. U ziet dan het formulier.",
     ["Ga naar https://www.voorbeeldstad.nl/a.b?c=1.", "U ziet dan het formulier."]),
    ("Wat kost het? Dat hangt af van uw situatie! Bel ons.",
     ["Wat kost het?", "Dat hangt af van uw situatie!", "Bel ons."]),
    ("J. de Vries helpt u. Hij is er op ma. en di.", ["J. de Vries helpt u.", "Hij is er op ma. en di."]),
    ('Zij zei: "Klaar." Daarna ging zij weg.', ['Zij zei: "Klaar."', "Daarna ging zij weg."]),
    ("U wordt lid. Daarna krijgt u een pas.", ["U wordt lid.", "Daarna krijgt u een pas."]),
    ("De wachttijd is ca. twee weken. Het duurt max. 8 weken.",
     ["De wachttijd is ca. twee weken.", "Het duurt max. 8 weken."]),
    ("Geen punt aan het eind", ["Geen punt aan het eind"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str], abbreviations: Abbreviations) -> None:
    """Each tricky case splits exactly where a reader would."""
    assert split_sentences(text, abbreviations) == expected


def test_list_markers_are_removed() -> None:
    """Bullets and numbers in front of a list item are not part of the sentence."""
    assert strip_list_marker("1. Vul het formulier in.") == "Vul het formulier in."
    assert strip_list_marker("- uw paspoort") == "uw paspoort"
    assert strip_list_marker("• een pasfoto") == "een pasfoto"
    assert strip_list_marker("2026 is het jaar") == "2026 is het jaar"


def test_list_after_colon_is_not_one_long_sentence(tmp_path: Path) -> None:
    """A list introduced by a colon gives one short sentence plus one unit per item."""
    from audit.language import load_language_resources

    resources = load_language_resources(rules_dir(), {}, frequencies={"paspoort": 1e-5})
    text = ("U heeft deze dingen nodig:\n"
            "- uw oude paspoort of identiteitskaart als u die nog heeft\n"
            "- een goede pasfoto die niet ouder is dan zes maanden\n"
            "- het bewijs van vermissing als u uw paspoort kwijt bent\n"
            "- geld of uw pinpas om te betalen aan de balie\n")
    result = resources.analyse_text(text)
    assert [s.kind for s in result.sentences] == ["sentence"] + ["list_item"] * 4
    assert result.sentences[0].words == 5
    assert not any(s.long for s in result.sentences)
