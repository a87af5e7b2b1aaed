"""Check kinds of the kanaal family: pure functions of (facts, params) -> findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.channels.model import BROKEN_STATUSES, ChannelResult
from audit.checks.kind import CheckKind, case_finding, kind
from audit.claims import claim_mismatches
from audit.facts import Finding, PageFacts
from wmebv.core.labels import label


def _result(facts: PageFacts) -> ChannelResult:
    """The channel result of the page (an empty one when detection did not run)."""
    return facts.channels if facts.channels is not None else ChannelResult()


def _needs_digital(facts: PageFacts, params: Mapping[str, Any]) -> bool:
    """True when the WMEBV asks for a digital channel here (or the rule does not care)."""
    if not params.get("only_when_wmebv_applies", True):
        return True
    return facts.verdict is not None and facts.verdict.needs_digital


def _what_we_found(result: ChannelResult) -> str:
    """A short Dutch summary of what the page offers, as evidence."""
    routes = [channel for channel in result.message_channels]
    if not routes:
        return "Geen aanvraagroute gevonden op de pagina."
    return "; ".join(f"{label('channel_kind', channel.kind)}: {channel.url or channel.evidence or channel.label}" for channel in routes[:4])


def check_channel_status(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Report when the page's channel status is one of ``params.statuses``."""
    result = _result(facts)
    if result.status not in params.get("statuses", ()) or not _needs_digital(facts, params):
        return []
    return [Finding(rule_id="", message="", evidence=_what_we_found(result), location=label("channel_status", result.status))]


def check_only_kinds(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Report when every working digital channel is of one of ``params.kinds`` (e.g. only the contact form)."""
    result = _result(facts)
    digital = result.digital_channels
    kinds = set(params.get("kinds", ()))
    if not digital or not all(channel.kind in kinds for channel in digital) or not _needs_digital(facts, params):
        return []
    return [Finding(rule_id="", message="", evidence=digital[0].url or digital[0].evidence, location=digital[0].location)]


def check_dead_channel_link(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Report each digital channel link that the link check found dead or erroring."""
    result = _result(facts)
    findings, seen = [], set()
    for channel in result.channels:
        status = facts.link_status.get(channel.url) or channel.check_status
        if not channel.url or not channel.digital or status not in BROKEN_STATUSES or channel.url in seen:
            continue
        seen.add(channel.url)
        detail = facts.link_detail.get(channel.url, "")
        findings.append(Finding(
            rule_id="",
            message="",
            evidence=channel.url,
            location=f"knop '{channel.label}'" + (f" ({detail})" if detail else ""),
        ))
    return findings


def check_sc_claim(facts: PageFacts, params: Mapping[str, Any]) -> list[Finding]:
    """Report where the site's Samenwerkende Catalogi claim differs from the page."""
    return [
        case_finding(case, evidence=evidence, location="Samenwerkende Catalogi", **values)
        for case, values, evidence in claim_mismatches(facts.sc_claim, _result(facts), facts.link_status)
    ]


KINDS: dict[str, CheckKind] = {
    "channel_status": kind(check_channel_status),
    "channel_only_kinds": kind(check_only_kinds),
    "dead_channel_link": kind(check_dead_channel_link),
    "sc_claim_mismatch": kind(check_sc_claim, online_but_not=("found",), not_online_but_digital=("route",),
                              digid_but_other=("auth",), dead_address=("url",)),
}
