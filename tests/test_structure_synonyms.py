"""Every synonym list in rules/structure/sections.yml: headings map to their canonical section."""

from __future__ import annotations

import pytest

from audit.structure import normalise
from structure_support import resources

CASES = {
    "wat_is_het": ["Wat is het?", "Inleiding", "Omschrijving", "Algemeen", "Wat is een parkeervergunning?",
                   "Wat houdt het in?"],
    "aanvragen": ["Hoe werkt het?", "Hoe vraag ik het aan?", "Aanvragen", "Aanpak", "Procedure", "Aanvraagprocedure",
                  "Zo werkt het", "Hoe vraagt u bijstand aan?", "Hoe meldt u zich aan?", "Hoe doet u een melding?",
                  "Hoe krijg je hulp?", "Online aanvragen", "Aanvraag"],
    "voorwaarden": ["Voorwaarden", "Wanneer kunt u een vergunning krijgen?", "Wie kan bijzondere bijstand krijgen?",
                    "Voor wie?", "Voor wie is het?", "Regels", "Wanneer krijgt u een kaart?",
                    "Wanneer heeft u een vergunning nodig?", "Komt u in aanmerking?"],
    "meenemen": ["Wat moet ik meenemen?", "Wat heeft u nodig?", "Bewijs", "Wat stuurt u mee?",
                 "Mee te zenden stukken", "Bij te voegen stukken", "Benodigde documenten"],
    "kosten": ["Wat kost het?", "Kosten", "Tarieven", "Tarieven 2022", "Eigen bijdrage", "Leges",
               "Wat moet ik betalen?", "Kosten van de aanvraag"],
    "termijn": ["Hoe lang duurt het?", "Termijn", "Termijnen", "Doorlooptijd", "Behandeltermijn", "Afhandeling",
                "Wanneer hoor ik iets?", "Wanneer hoort u van ons?", "Hoe snel krijg je hulp?",
                "Wanneer moet u aangifte doen?", "Wanneer krijg ik een besluit?", "Hoe lang duurt de aanvraag?"],
    "bezwaar": ["Bezwaar en beroep", "Niet eens met het besluit?", "Bent u het niet eens met het besluit?",
                "Bezwaar maken", "Klachten"],
    "contact": ["Contact", "Meer informatie", "Vragen?", "Heeft u nog vragen?", "Contactgegevens", "Inlichtingen",
                "Informatie", "Contact en openingstijden", "Neem contact op", "Hulp nodig?"],
}
# Headings that only mention contact or help in passing are no contact section ("We zoeken contact
# met de bewoner", "Hulp bij het huishouden" as a heading of a product text).
NOT_SECTIONS = ["Direct regelen", "Zie ook", "Bijzondere situaties", "Let op", "Nieuws", "Hoe lang is de kaart geldig?",
                "We zoeken contact met de bewoner", "Hulp bij het huishouden", "Hulp voor jongeren met schulden"]


@pytest.mark.parametrize(("section_id", "heading"),
                         [(section_id, heading) for section_id, headings in CASES.items() for heading in headings])
def test_heading_maps_to_section(section_id: str, heading: str) -> None:
    """Each usual heading maps to its canonical section."""
    assert resources().vocabulary.match(heading) == section_id


@pytest.mark.parametrize("heading", NOT_SECTIONS)
def test_other_headings_map_to_nothing(heading: str) -> None:
    """Headings that are not one of the canonical sections stay unmapped."""
    assert resources().vocabulary.match(heading) is None


def test_every_section_has_synonyms_and_a_label() -> None:
    """Every canonical section has patterns, a usual heading and advice (the suggestion texts)."""
    vocabulary = resources().vocabulary
    assert set(CASES) == set(vocabulary.section_ids)
    assert {section for section, _ in vocabulary.matchers} == set(vocabulary.section_ids)
    assert all(vocabulary.labels[s] and vocabulary.advice[s] for s in vocabulary.section_ids)


def test_title_context_on_a_page_about_objecting() -> None:
    """On a page about objecting, "Hoe maakt u bezwaar?" is the procedure, elsewhere the objection route."""
    vocabulary = resources().vocabulary
    assert vocabulary.match("Hoe maakt u bezwaar?", title="Bezwaar maken tegen de WOZ-waarde") == "aanvragen"
    assert vocabulary.match("Hoe maakt u bezwaar?", title="Kapvergunning") == "bezwaar"


def test_normalise() -> None:
    """Lower case, accents and punctuation removed, spaces collapsed."""
    assert normalise("  Wat kost   het?! ") == "wat kost het"
    assert normalise("Één keer: Tarieven (2022)") == "een keer tarieven 2022"
