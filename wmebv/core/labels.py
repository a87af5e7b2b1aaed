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
    # The WMEBV verdict codes (audit/verdict.py), most urgent first: the worklists sort by this order.
    "wmebv_status": {
        "actie-nodig": "actie nodig",
        "controleren": "zelf nagaan",
        "vrijgesteld": "vrijgesteld (moet aan de balie)",
        "niet-van-toepassing": "geldt niet (geen aanvraag of melding)",
        "voldoet": "voldoet",
    },
    # In this order on the page detail and in the worklists.
    "family": {"kanaal": "Digitaal kanaal (WMEBV)", "taal": "Taal (B1)", "structuur": "Opbouw van de pagina",
               "norm": "Servicenormen"},
    # Most severe first: the worklists sort by this order.
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
    # The link check (audit/linkcheck.py); 'error' and 'unchecked' come from databases of earlier versions.
    "check_status": {
        "ok": "werkt",
        "dead": "werkt niet",
        "unverified": "niet gecontroleerd",
        "error": "werkt niet (fout op de server)",
        "unchecked": "niet gecontroleerd",
    },
    # The status of a crawl (the crawls table).
    "crawl_status": {"finished": "klaar", "interrupted": "onderbroken", "running": "bezig", "failed": "mislukt"},
    # What the webredactie decided about a finding (wmebv/core/decisions.py).
    "decision": {
        "geaccepteerd": "geaccepteerd",
        "niet-van-toepassing": "niet van toepassing",
        "opnieuw-bekijken": "opnieuw bekijken",
    },
    # What changed between two crawls (wmebv/publish/changes.py), in the order a report shows them.
    "change": {
        "product-nieuw": "nieuwe productpagina",
        "product-weg": "productpagina verdwenen",
        "product-verhuisd": "productpagina verhuisd",
        "digitaal-geworden": "nu een digitaal kanaal",
        "digitaal-kwijt": "digitaal kanaal kwijt",
        "formulierlink-dood": "formulierlink werkt niet meer",
        "kanaal-anders": "ander kanaal",
        "b1-gehaald": "nu op B1",
        "b1-kwijt": "niet meer op B1",
        "compleet-geworden": "nu compleet",
        "niet-meer-compleet": "niet meer compleet",
        "tekst-gewijzigd": "tekst gewijzigd",
        "bevinding-opgelost": "bevinding opgelost",
        "bevinding-nieuw": "nieuwe bevinding",
    },
}


def label(field: str, code: str | None) -> str:
    """The Dutch word for a code; the code itself when there is none."""
    if code is None:
        return ""
    return LABELS.get(field, {}).get(code, code)
