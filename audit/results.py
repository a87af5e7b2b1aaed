"""What the engine hands back: the result of ``wmebv check`` and the summary of ``wmebv audit``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from audit.facts import Finding
from wmebv.core.decisions import ACCEPTED, NOT_APPLICABLE, REVIEW
from wmebv.core.labels import label

SEVERITY_ORDER = {"hoog": 0, "midden": 1, "laag": 2}


@dataclass
class CheckResult:
    """The audit of one page, file or draft (``wmebv check``)."""

    url: str
    title: str
    is_product_page: bool
    channels: dict[str, Any]
    verdict: dict[str, Any]
    sections: dict[str, Any]
    readability: dict[str, Any]
    findings: list[Finding]
    upl: dict[str, Any] | None = None
    is_draft: bool = False
    rule_titles: dict[str, str] = field(default_factory=dict)  # rule id -> its title, for the Dutch report
    notes: list[str] = field(default_factory=list)  # one line each, said once at the end

    def to_dict(self) -> dict[str, Any]:
        """The JSON output of ``wmebv check --json`` (documented in docs/check.md)."""
        return {
            "url": self.url,
            "title": self.title,
            "is_draft": self.is_draft,
            "is_product_page": self.is_product_page,
            "channel_status": self.channels.get("channel_status"),
            "channels": [
                {key: channel.get(key, "") for key in ("kind", "url", "label", "auth", "digital", "purpose", "location",
                                                        "check_status", "check_detail", "evidence")}
                for channel in self.channels.get("channels", [])
            ],
            "wmebv": self.verdict,
            "upl": self.upl,
            "sections": {"present": self.sections.get("present", []), "missing": self.sections.get("missing", []),
                         **{k: v for k, v in self.sections.items() if k not in ("present", "missing")}},
            "readability": {"b1_ok": self.readability.get("b1_ok"), **self.readability},
            "findings": [finding.to_dict() for finding in sorted(self.findings, key=_finding_order)],
            "notes": list(self.notes),
        }

    def format_nl(self) -> str:
        """A plain Dutch report for the web editor."""
        lines = [f"Pagina: {self.title or '(zonder titel)'}", f"Adres: {self.url}"]
        lines.append(f"Productpagina: {'ja' if self.is_product_page else 'nee'}")
        status = self.channels.get("channel_status", "none")
        lines.append(f"Kanaal: {label('channel_status', status)}")
        for channel in self.channels.get("channels", []):
            if channel["purpose"] != "message":
                continue
            where = channel["url"] or channel["evidence"] or channel["label"]
            auth = f", met {channel['auth']}" if channel["auth"] else ""
            check = ""
            if channel["check_status"]:
                detail = channel.get("check_detail") or ""
                check = f" (link {label('check_status', channel['check_status'])}{': ' + detail if detail else ''})"
            lines.append(f"  - {label('channel_kind', channel['kind'])}{auth}: {where}{check}")
        if self.verdict:
            lines.append(f"WMEBV: {label('wmebv_status', self.verdict.get('status'))}. {self.verdict.get('action') or ''}".rstrip())
        if self.sections:
            missing = ", ".join(label("section", code) for code in self.sections.get("missing", [])) or "geen"
            lines.append(f"Niet op de pagina: {missing}")
        b1 = self.readability.get("b1_ok")
        lines.append("Taalniveau B1: " + ("onbekend" if b1 is None else "ja" if b1 else "nee, de tekst is te moeilijk"))
        lines.append("")
        if not self.findings:
            lines.append("Geen bevindingen. Goed zo!")
        else:
            lines.append(f"Bevindingen ({len(self.findings)}):")
            for finding in sorted(self.findings, key=_finding_order):
                title = self.rule_titles.get(finding.rule_id, finding.rule_id)
                lines.append(f"- {title} (ernst {label('severity', finding.severity)}): {finding.message}")
                if finding.evidence:
                    lines.append(f"    Gevonden: {finding.evidence}")
                if finding.suggestion:
                    lines.append(f"    Wat te doen: {finding.suggestion}")
        lines.extend(self.notes)
        return "\n".join(lines)


def _finding_order(finding: Finding) -> tuple[int, str]:
    """Most severe first, then by rule."""
    return SEVERITY_ORDER.get(finding.severity, 3), finding.rule_id


@dataclass
class AuditSummary:
    """Counts after ``wmebv audit`` of one crawl."""

    crawl_id: int
    pages: int = 0
    product_pages: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    wmebv: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    links_checked: int = 0  # links with an answer: working or dead
    links_broken: int = 0
    links_unverified: int = 0  # links that could not be judged (no internet, time-out, not allowed, ...)
    profile: str = "standaard"
    site_structure: str = ""
    rule_titles: dict[str, str] = field(default_factory=dict)  # rule id -> its title, for the Dutch report
    # The rules most often found, named in the summary; the rest are in the worklists.
    most_found_shown: int = 5
    decisions: Counter[str] = field(default_factory=Counter)  # findings per decision (settled, or back for review)
    decisions_source: str = ""
    unused_decisions: list[int] = field(default_factory=list)  # lines of decisions that match no finding
    notes: list[str] = field(default_factory=list)  # one line each, said once at the end

    def format_nl(self) -> str:
        """A short Dutch summary."""
        lines = [
            f"Controle van crawl {self.crawl_id} klaar (profiel: {self.profile}).",
            f"Pagina's gecontroleerd: {self.pages}, waarvan productpagina's: {self.product_pages}.",
        ]
        if self.statuses:
            lines.append("Kanalen: " + ", ".join(f"{label('channel_status', k)}: {v}" for k, v in self.statuses.most_common()))
        if self.wmebv:
            lines.append("WMEBV: " + ", ".join(f"{label('wmebv_status', k)}: {v}" for k, v in self.wmebv.most_common()))
        if self.links_checked or self.links_unverified:
            lines.append(f"Formulierlinks gecontroleerd: {self.links_checked}, niet werkend: {self.links_broken}, "
                         f"niet te controleren: {self.links_unverified}.")
        total = sum(self.findings.values())
        lines.append(f"Bevindingen: {total}" + ("." if not total else ". Het meest: " + "; ".join(
            f"{self.rule_titles.get(rule, rule)}: {count}" for rule, count in self.findings.most_common(self.most_found_shown)
        ) + "."))
        lines.extend(self.decisions_nl())
        if self.site_structure:
            # The dominant structure and how many pages deviate; the advice per page is in the findings.
            lines.extend(self.site_structure.splitlines()[:2])
        lines.extend(self.notes)
        return "\n".join(lines)

    def decisions_nl(self) -> list[str]:
        """What the webredactie's decisions did to the worklists, in Dutch."""
        settled = [f"{self.decisions[code]} {label('decision', code)}" for code in (ACCEPTED, NOT_APPLICABLE) if self.decisions[code]]
        if not settled and not self.decisions[REVIEW] and not self.decisions_source:
            return []
        source = f" ({self.decisions_source})" if self.decisions_source else ""
        lines = [f"Besluiten van de webredactie{source}: " + (", ".join(settled) or "geen bevindingen afgehandeld")
                 + ". Die staan niet meer op de werklijsten."]
        if self.decisions[REVIEW]:
            lines.append(f"Opnieuw bekijken: {self.decisions[REVIEW]} (de tekst van de pagina is veranderd sinds het besluit).")
        if self.unused_decisions:
            where = ", ".join(str(line) for line in self.unused_decisions[:10]) + (" ..." if len(self.unused_decisions) > 10 else "")
            lines.append(f"{len(self.unused_decisions)} besluiten horen bij geen bevinding meer (regel {where}): "
                         "opgelost, of de pagina is verhuisd. U kunt ze uit het bestand halen.")
        return lines
