"""Why a URL was skipped or failed: the reason codes stored in ``urls.reason`` and their Dutch labels."""

from __future__ import annotations

from wmebv.core.page import TRIMMED_REASON

ROBOTS = "robots"
CAP_PAGES = "cap-pages"
CAP_DEPTH = "cap-depth"
OFF_SITE = "off-site"
EXCLUDED = "excluded"
NOT_HTML = "not-html"
JAVASCRIPT_ONLY = "javascript-only"
REDIRECT = "redirect"
REDIRECT_OFF_SITE = "redirect-off-site"
REDIRECT_LOOP = "redirect-loop"
LINK_TRAP = "link-trap"
TIMEOUT = "timeout"
TOO_LARGE = "too-large"
CONNECTION = "connection-error"
DNS = "dns-error"
INTERNAL = "internal-address"
REFUSED = "refused"
SITEMAP_CAPPED = "sitemap-capped"
DOCUMENT = "document"
PAGE = "page"
PAGE_TRIMMED = TRIMMED_REASON  # set by the audit: the page was longer than its limits
HTTP_PREFIX = "http-"

LABELS: dict[str, str] = {
    ROBOTS: "verboden door robots.txt",
    CAP_PAGES: "maximum aantal pagina's bereikt (--max-pages)",
    CAP_DEPTH: "te diep in de site (--max-depth)",
    OFF_SITE: "link naar een andere website",
    EXCLUDED: "uitgesloten adres (zoekresultaten, inloggen, ...)",
    NOT_HTML: "geen webpagina (geen HTML)",
    JAVASCRIPT_ONLY: "lijkt een pagina die alleen met JavaScript werkt",
    REDIRECT: "doorverwijzing naar een andere pagina van de site",
    REDIRECT_OFF_SITE: "doorverwijzing naar een andere website",
    REDIRECT_LOOP: "doorverwijzingen in een kring (redirect-lus)",
    LINK_TRAP: "te veel varianten van hetzelfde adres (kalender of filters zonder einde)",
    TIMEOUT: "geen antwoord binnen de tijdslimiet",
    TOO_LARGE: "te groot om op te halen",
    CONNECTION: "verbinding mislukt",
    DNS: "hostnaam niet gevonden",
    INTERNAL: "adres in een intern netwerk of op deze computer: niet opgevraagd",
    REFUSED: "geen http- of https-adres: niet opgevraagd",
    SITEMAP_CAPPED: "sitemap te groot: alleen het begin gebruikt",
    DOCUMENT: "document (PDF, Word, ODT): alleen grootte vastgelegd",
    PAGE: "webpagina",
    PAGE_TRIMMED: "webpagina, erg lang: alleen het eerste deel gecontroleerd",
    "": "zonder reden",
}


def http_reason(status: int) -> str:
    """The reason code for an HTTP error status."""
    return f"{HTTP_PREFIX}{status}"


def reason_label(reason: str | None) -> str:
    """The Dutch label of a reason code."""
    reason = reason or ""
    if reason.startswith(HTTP_PREFIX):
        return f"HTTP-fout {reason[len(HTTP_PREFIX):]}"
    return LABELS.get(reason, reason)
