"""The kinds of outbound failure, each with a plain Dutch text (never the operating system's own message).

The system's messages would tell a reader of the published results things about the auditor's
machine (file names, local error texts); the kind is all a reader needs.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXTS = {
    "scheme": "geen http- of https-adres, niet opgevraagd",
    "invalid": "geen geldig webadres",
    "internal": "het adres wijst naar deze computer of naar een intern netwerk, niet opgevraagd",
    "name-unknown": "de server bestaat niet (onbekende naam)",
    "dns-unavailable": "de naam van de server kon niet worden opgezocht (geen DNS)",
    "timeout": "geen antwoord binnen de tijd",
    "refused": "de server weigert de verbinding",
    "unreachable": "de server is niet bereikbaar",
    "tls": "de beveiligde verbinding (TLS) lukte niet",
    "proxy": "de proxy weigert het verzoek of is niet bereikbaar",
    "too-large": "te groot",
    "redirect-loop": "de doorverwijzing gaat in een kring",
    "too-many-redirects": "te veel doorverwijzingen",
    "protocol": "geen geldig antwoord van de server",
    "robots": "de robots.txt van deze server staat de controle niet toe",
    "no-internet": "niet gecontroleerd: deze computer kan het internet niet bereiken",
    "cap-links": "niet gecontroleerd: het maximum aantal links per crawl is bereikt",
    "cap-hosts": "niet gecontroleerd: het maximum aantal servers per crawl is bereikt",
    "not-allowed": "niet gecontroleerd: deze server staat niet in de lijst van toegestane servers",
}
# Failures caused by the address itself (what it is), not by the network on the way.
REFUSALS = frozenset({"scheme", "invalid", "internal"})


@dataclass(frozen=True)
class Failure:
    """Why a request did not give an answer: a kind from TEXTS and an optional plain detail (a number, a host)."""

    kind: str
    detail: str = ""

    def text(self) -> str:
        """The Dutch text of this failure."""
        base = TEXTS.get(self.kind, "de verbinding mislukte")
        return f"{base} ({self.detail})" if self.detail else base


class OutboundError(Exception):
    """A request that could not be made or gave no usable answer; ``failure`` says why."""

    def __init__(self, kind: str, detail: str = "") -> None:
        """Remember the failure; the message is its Dutch text."""
        self.failure = Failure(kind, detail)
        super().__init__(self.failure.text())

    @property
    def kind(self) -> str:
        """The kind of failure (a key of TEXTS)."""
        return self.failure.kind
