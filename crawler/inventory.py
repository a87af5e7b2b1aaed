"""Describe one fetched page for the inventory: product or not, UPL name, cluster, with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.clusters import assign_cluster
from crawler.urls import path_of
from wmebv.core.pageparts import PageParts
from wmebv.core.recognition import recognise
from wmebv.core.siteconfig import SiteConfig
from wmebv.core.upl import PLACEHOLDER_URI, TITLE_SUFFIX_RE, UplMatch, UplMatcher, match_texts


@dataclass(frozen=True)
class Describer:
    """What describing a page needs: the site config and the UPL matcher."""

    config: SiteConfig
    matcher: UplMatcher


def upl_for(url: str, parts: PageParts, claim: dict[str, Any] | None, matcher: UplMatcher) -> UplMatch | None:
    """The UPL product of a page: the SC feed's URI first, else the best name match."""
    if claim and claim.get("upl_uri") and claim["upl_uri"] != PLACEHOLDER_URI:
        known = matcher.by_uri.get(claim["upl_uri"])
        name = known.name if known else (claim.get("upl_name") or "")
        return UplMatch(name=name, uri=claim["upl_uri"], confidence=1.0, matched_text="SC-feed")
    return matcher.match(*match_texts(url, parts.title, parts.h1))


def describe_page(url: str, parts: PageParts, claim: dict[str, Any] | None, describer: Describer) -> dict[str, Any]:
    """The inventory columns of a page (for ``pages``): recognition, UPL mapping and cluster."""
    upl = upl_for(url, parts, claim, describer.matcher)
    verdict = recognise(path_of(url), parts, in_sc_feed=claim is not None, upl=upl, config=describer.config)
    row: dict[str, Any] = {
        "title": parts.h1 or TITLE_SUFFIX_RE.sub("", parts.title) or parts.title,  # what a reader sees as the name
        "is_product": int(verdict.is_product),
        "product_reason": verdict.reason,
        "breadcrumb": " > ".join(parts.breadcrumb) or None,
        "upl_name": None,
        "upl_uri": None,
        "upl_confidence": None,
        "cluster": None,
        "cluster_reason": None,
        "meta": {k: v for k, v in parts.meta.items() if k.lower().startswith(("dcterms", "overheid", "owms"))} or None,
    }
    if verdict.is_product:
        if upl:
            row.update(upl_name=upl.name, upl_uri=upl.uri, upl_confidence=upl.confidence)
        cluster, reason = assign_cluster(
            path_of(url), parts.breadcrumb, upl.name if upl else None, parts.h1 or parts.title, describer.config.clusters
        )
        row.update(cluster=cluster, cluster_reason=reason)
    return row
