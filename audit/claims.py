"""Claim versus reality: what the site's Samenwerkende Catalogi metadata says about a product
(``online_aanvragen`` ja | digid | nee, ``aanvraag_url``) against what the page really offers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.channels.model import BROKEN_STATUSES, ChannelResult
from wmebv.core.labels import label

ONLINE_CLAIMS = ("ja", "digid")


def claim_mismatches(claim: Mapping[str, Any] | None, result: ChannelResult,
                     link_status: Mapping[str, str]) -> list[tuple[str, dict[str, str], str]]:
    """Each way the claim differs from the page, as (case, values for the rule's text, evidence).

    The cases and their Dutch texts are in the rule kanaal.sc-claim-onjuist (rules/checks/kanaal.yml).
    """
    if not claim:
        return []
    online = str(claim.get("online_aanvragen") or "").strip().lower()
    url = str(claim.get("aanvraag_url") or "").strip()
    found: list[tuple[str, dict[str, str], str]] = []
    said = label("online_aanvragen", online) if online else "niets ingevuld"
    evidence = f"Samenwerkende Catalogi: online aanvragen: {said}" + (f"; aanvraagadres: {url}" if url else "")
    real_forms = [channel for channel in result.digital_channels if channel.kind != "contact_form"]
    if online in ONLINE_CLAIMS and result.status != "digital":
        found.append(("online_but_not", {"found": _status_nl(result.status)}, evidence))
    elif online == "nee" and result.digital_channels:
        route = (real_forms or result.digital_channels)[0]
        found.append(("not_online_but_digital", {"route": route.url or route.label}, evidence))
    if online == "digid" and result.status == "digital" and real_forms and all(
        channel.auth not in ("", "digid") for channel in real_forms
    ):
        found.append(("digid_but_other", {"auth": real_forms[0].auth}, evidence))
    if url and link_status.get(url) in BROKEN_STATUSES:
        found.append(("dead_address", {"url": url}, url))
    return found


def _status_nl(status: str) -> str:
    """The channel status in plain Dutch."""
    return {
        "digital": "een digitaal kanaal",
        "paper_only": "alleen een papieren formulier",
        "in_person_only": "alleen aan de balie",
        "none": "geen enkel kanaal",
        "unclear": "niet hoe het kan",
    }.get(status, status)
