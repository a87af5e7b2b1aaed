"""Is a page a product page? Adds up signals from rules data and says which ones fired."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from wmebv.core.pageparts import PageParts
from wmebv.core.siteconfig import SiteConfig
from wmebv.core.upl import UplMatch


@dataclass(frozen=True)
class Recognition:
    """The verdict on one page with its reason in Dutch (stored in ``pages.product_reason``)."""

    is_product: bool
    reason: str
    score: int


def section_ids(headings: tuple[str, ...], synonyms: dict[str, list[str]]) -> list[str]:
    """The product section ids whose heading texts occur on the page, in section order."""
    lowered = [heading.lower().strip(" :?") for heading in headings]
    found = []
    for section, texts in synonyms.items():
        if any(heading.startswith(text) for heading in lowered for text in texts):
            found.append(section)
    return found


def has_direct_regelen(parts: PageParts, rules: dict[str, Any]) -> bool:
    """True when the page has a 'Direct regelen' box or an 'Online aanvragen' style button."""
    if parts.class_words & set(rules.get("direct_regelen_classes") or ()):
        return True
    texts = [text.lower() for text in parts.button_texts]
    return any(phrase in text for text in texts for phrase in rules.get("direct_regelen_texts") or ())


def is_owms_product(meta: dict[str, str]) -> bool:
    """True when OWMS meta tags call the page a product description."""
    for name, value in meta.items():
        if name.lower() in ("dcterms.type", "dcterms:type", "overheid.informatietype") and "productbeschrijving" in value.lower():
            return True
    return False


def excluded_by(path: str, title: str, config: SiteConfig) -> str | None:
    """Why a page is certainly not a product page (URL pattern or title), or None."""
    for pattern in config.non_product_patterns:
        if pattern.search(path):
            return f"adres past bij '{pattern.pattern}'"
    lowered = title.lower()
    for word in config.recognition.get("non_product_titles") or ():
        if word in lowered:
            return f"titel bevat '{word}'"
    return None


def recognise(path: str, parts: PageParts, *, in_sc_feed: bool, upl: UplMatch | None, config: SiteConfig,
              offers_route: bool = False, content_sections: Collection[str] = ()) -> Recognition:
    """Decide whether a page is a product page from SC/OWMS metadata, URL, structure and UPL match.

    The one decision for the crawl and for ``wmebv check``. The crawl knows the page's headings;
    ``wmebv check`` also knows what the audit found: whether the page offers a route to send the
    request or report (``offers_route``) and the sections its text covers (``content_sections``).
    """
    rules = config.recognition
    weights: dict[str, int] = rules.get("weights") or {}
    signals: list[tuple[str, int]] = []
    if in_sc_feed:
        signals.append(("staat in de Samenwerkende Catalogi-feed", weights.get("sc_feed", 10)))
    if is_owms_product(parts.meta):
        signals.append(("OWMS-metadata: productbeschrijving", weights.get("owms_product", 10)))
    strong = sum(weight for _, weight in signals)
    if not strong:
        exclusion = excluded_by(path, parts.h1 or parts.title, config)
        if exclusion:
            return Recognition(False, f"geen product: {exclusion}", 0)
    if any(pattern.search(path) for pattern in config.product_patterns):
        signals.append(("adres past bij een productpatroon", weights.get("product_url", 3)))
    known = rules.get("section_headings") or {}
    sections = section_ids(parts.headings, known)
    sections += [section for section in content_sections if section in known and section not in sections]
    if sections:
        counted = min(len(sections), int(rules.get("max_sections", 4)))
        signals.append((f"productsecties: {', '.join(sections)}", counted * weights.get("section_heading", 1)))
    direct = has_direct_regelen(parts, rules)
    if direct:
        signals.append(("knop of blok 'Direct regelen'", weights.get("direct_regelen", 2)))
    if offers_route:
        signals.append(("de pagina biedt een manier om het aan te vragen of te melden", weights.get("offers_route", 3)))
    if upl and upl.confidence >= float(rules.get("upl_title_min_confidence", 0.75)):
        signals.append((f"titel past bij UPL-naam '{upl.name}' ({upl.confidence:.2f})", weights.get("upl_title", 2)))
    score = sum(weight for _, weight in signals)
    structured = bool(sections) or direct or offers_route
    is_product = score >= int(rules.get("threshold", 3)) and (
        strong > 0 or structured or not rules.get("require_structure", True)
    )
    described = "; ".join(text for text, _ in signals) or "geen productkenmerken"
    return Recognition(is_product, described if is_product else f"geen product: {described} (score {score})", score)
