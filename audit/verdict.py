"""The WMEBV verdict per product: does the law apply, is the product exempt, what must happen."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wmebv.core.yamllines import data_error, load_yaml

# wmebv_status values, shown to users in Datasette (Dutch on purpose).
COMPLIES, ACTION_NEEDED, EXEMPT, NOT_APPLICABLE, TO_CHECK = (
    "voldoet", "actie-nodig", "vrijgesteld", "niet-van-toepassing", "controleren",
)


@dataclass(frozen=True)
class Exemption:
    """A product that by law is requested in person (rules/exemptions.yml)."""

    id: str
    upl_names: frozenset[str]
    title: re.Pattern[str]
    reason: str

    def matches(self, upl_name: str, title: str) -> bool:
        """True when the page's UPL name or title is this product."""
        return upl_name.lower() in self.upl_names or bool(self.title.search(title or ""))


@dataclass(frozen=True)
class Scope:
    """How to tell that a product is a formal message: UPL flags, else words in the title."""

    exemptions: tuple[Exemption, ...]
    upl_flags: tuple[str, ...]
    message_words: tuple[re.Pattern[str], ...]
    product_sections: frozenset[str] = frozenset()


def load_scope(rules_dir: Path) -> Scope:
    """Read rules/exemptions.yml and rules/channels/scope.yml."""
    path = rules_dir / "exemptions.yml"
    exemptions = []
    for item in load_yaml(path).get("exemptions") or []:
        for key in item:
            if key not in ("id", "upl", "title", "reason"):
                raise data_error(path, item.line_of(key), f"onbekende sleutel '{key}' (toegestaan: id, upl, title, reason).")
        exemptions.append(
            Exemption(
                id=str(item["id"]),
                upl_names=frozenset(str(name).lower() for name in item.get("upl") or ()),
                title=re.compile(str(item.get("title") or r"(?!x)x"), re.IGNORECASE),
                reason=str(item.get("reason") or "").strip(),
            )
        )
    scope = load_yaml(rules_dir / "channels" / "scope.yml")
    return Scope(
        exemptions=tuple(exemptions),
        upl_flags=tuple(str(flag).lower() for flag in scope.get("upl_flags") or ("aanvraag", "melding")),
        message_words=tuple(re.compile(str(word), re.IGNORECASE) for word in scope.get("message_words") or ()),
        product_sections=frozenset(str(section) for section in scope.get("product_sections") or ()),
    )


@dataclass(frozen=True)
class Verdict:
    """Whether the WMEBV applies, the resulting status and the action needed (Dutch)."""

    applies: bool | None
    applies_reason: str
    status: str
    action: str
    exemption: str = ""

    @property
    def needs_digital(self) -> bool:
        """True when the law asks for a digital channel on this page."""
        return self.applies is True and not self.exemption

    def to_dict(self) -> dict[str, Any]:
        """The verdict as plain data."""
        return {
            "applies": self.applies,
            "applies_reason": self.applies_reason,
            "status": self.status,
            "action": self.action,
            "exemption": self.exemption,
        }


def wmebv_applies(upl: Mapping[str, Any] | None, title: str, headings: str, scope: Scope,
                  text_says_request: bool = False) -> tuple[bool | None, str]:
    """Does the WMEBV apply (a formal message), and why we think so: UPL flags, else the page's own words."""
    if upl:
        flags = [flag for flag in scope.upl_flags if upl.get(flag)]
        if flags:
            return True, f"UPL '{upl.get('name', '')}': {', '.join(flag.capitalize() for flag in flags)}"
    # Many UPL names lack the Aanvraag/Melding flag although the page describes a request
    # ("Hoe vraag ik het aan?"): the page's own wording then decides.
    for words, where in ((title, "de titel"), (headings, "een tussenkop")):
        if any(pattern.search(words or "") for pattern in scope.message_words):
            return True, f"{where} noemt een aanvraag of melding"
    if text_says_request:
        return True, "de tekst zegt hoe u het aanvraagt of meldt, of dat een aanvraag nodig is"
    if upl and (upl.get("name") or upl.get("uri")):
        return False, f"UPL '{upl.get('name', '')}' is geen aanvraag of melding, en de pagina noemt er geen"
    return None, "geen UPL-naam, en de pagina noemt geen aanvraag of melding"


def wmebv_verdict(channel_status: str, kinds: list[str], upl: Mapping[str, Any] | None, title: str, scope: Scope,
                  headings: str = "", text_says_request: bool = False) -> Verdict:
    """The WMEBV status and the action needed for one product page."""
    applies, reason = wmebv_applies(upl, title, headings, scope, text_says_request)
    upl_name = str((upl or {}).get("name") or "")
    exemption = next((item for item in scope.exemptions if item.matches(upl_name, title)), None)
    if channel_status == "digital":
        digital_kinds = [kind for kind in kinds if kind not in ("paper_form", "appointment", "in_person", "phone")]
        if digital_kinds == ["contact_form"]:
            return Verdict(applies, reason, COMPLIES,
                           "Dit kan alleen via het algemene contactformulier. Dat mag, maar een eigen webformulier is "
                           "duidelijker voor inwoners. Overweeg een formulier voor dit product.")
        return Verdict(applies, reason, COMPLIES, "Geen actie nodig: er is een werkend digitaal kanaal.")
    if channel_status == "unclear":
        return Verdict(applies, reason, TO_CHECK,
                       "Op de pagina staat dat u dit moet aanvragen of melden, maar niet hoe. Zoek uit hoe het kan, "
                       "vertel het op de pagina en bied een digitaal kanaal aan.",
                       exemption.id if exemption is not None else "")
    if exemption is not None:
        return Verdict(applies, reason, EXEMPT,
                       f"{exemption.reason} Zorg dat inwoners online een afspraak kunnen maken.", exemption.id)
    if applies is False:
        return Verdict(applies, reason, NOT_APPLICABLE,
                       "Geen aanvraag of melding: de WMEBV vraagt hier geen digitaal kanaal.")
    if applies is None:
        return Verdict(applies, reason, TO_CHECK,
                       "Onbekend of dit een aanvraag of melding is. Koppel de pagina aan een UPL-naam en "
                       "bepaal of een digitaal kanaal nodig is.")
    actions = {
        "paper_only": "Alleen een papieren formulier. Bied ook een digitaal kanaal aan, bijvoorbeeld een "
                      "webformulier (met DigiD of eHerkenning als dat nodig is).",
        "in_person_only": "Alleen aan de balie. Bied ook een digitaal kanaal aan, tenzij de wet persoonlijk "
                          "verschijnen eist. Leg dat dan uit op de pagina.",
        "none": "De pagina noemt geen manier om dit aan te vragen of te melden. Voeg een digitaal kanaal "
                "toe en vertel op de pagina hoe het werkt.",
    }
    return Verdict(applies, reason, ACTION_NEEDED, actions.get(channel_status, actions["none"]))
