"""Dutch words for the codes the audit stores, in one place for the CLI, the checks and Datasette."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "channel_status": {
        "digital": "digitaal",
        "paper_only": "alleen op papier",
        "in_person_only": "alleen aan de balie",
        "none": "geen kanaal",
        "unclear": "onduidelijk",
    },
    "channel_kind": {
        "webform": "webformulier",
        "embedded_form": "formulier op de pagina",
        "omgevingsloket": "Omgevingsloket",
        "mijn_portal": "Mijn-omgeving van de gemeente",
        "mijnoverheid": "MijnOverheid",
        "email": "e-mail",
        "contact_form": "contactformulier",
        "paper_form": "papieren formulier",
        "appointment": "afspraak",
        "phone": "telefoon",
        "in_person": "aan de balie",
    },
    # The WMEBV verdict codes (audit/verdict.py).
    "wmebv_status": {
        "voldoet": "voldoet",
        "actie-nodig": "actie nodig",
        "vrijgesteld": "vrijgesteld (moet aan de balie)",
        "niet-van-toepassing": "geldt niet (geen aanvraag of melding)",
        "controleren": "zelf nagaan",
    },
    "family": {"kanaal": "Digitaal kanaal", "taal": "Taal (B1)", "structuur": "Opbouw", "norm": "Servicenorm"},
    "severity": {"hoog": "hoog", "midden": "midden", "laag": "laag"},
    "section": {
        "wat_is_het": "Wat is het?",
        "aanvragen": "Hoe vraagt u het aan?",
        "voorwaarden": "Voorwaarden",
        "meenemen": "Wat heeft u nodig?",
        "kosten": "Kosten",
        "termijn": "Hoe lang duurt het?",
        "bezwaar": "Bezwaar maken",
        "contact": "Contact",
    },
    "online_aanvragen": {"ja": "ja, online", "digid": "ja, met DigiD", "nee": "nee"},
}


def label(field: str, code: str | None) -> str:
    """The Dutch word for a code; the code itself when there is none."""
    if code is None:
        return ""
    return LABELS.get(field, {}).get(code, code)
