"""Channel detection on every product page of the sample municipality, against its manifest.

The pages are rendered straight from the sample site object (no crawler); form links are checked
against the sample server on 127.0.0.1/localhost. Run on its own to see the agreement:
``.venv/bin/python -m pytest tests/test_channels_sample.py -q -s``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from audit.analysis import PageContext, analyse, parse, run_rules
from audit.engine import linkcheck_options, site_policy
from audit.linkcheck import check_links
from audit.resources import AuditResources, load_resources
from crawler.sc import parse_sc_feed
from wmebv.sample.server import SampleServer

PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)
CHECKED_RULES = ("kanaal.dode-link", "kanaal.sc-claim-onjuist")


def rendered_html(html: str, js_only: bool) -> str:
    """The page as a browser shows it: JavaScript-only pages put their JSON content into #app."""
    match = PAGE_DATA.search(html) if js_only else None
    if match is None:
        return html
    inner = json.loads(match.group(1))["html"]
    return re.sub(r'(<div id="app"[^>]*>)', lambda m: m.group(1) + inner, html, count=1)


@pytest.fixture(scope="module")
def audited() -> list[tuple[dict[str, Any], Any, set[str]]]:
    """(manifest entry, facts, kanaal rule ids found) for every product page of the sample site."""
    resources: AuditResources = load_resources(None)
    results = []
    with SampleServer() as server:
        site = server.site
        feed = site.site["/samenwerkende-catalogi.xml"].body
        claims = {claim["url"]: claim for claim in parse_sc_feed(feed, f"{server.url}/samenwerkende-catalogi.xml")}
        entries = [entry for entry in site.manifest()["pages"] if entry["is_product"]]
        pages = {}
        urls: list[str] = []
        for entry in entries:
            url = server.url + entry["path"]
            html = rendered_html(site.site[entry["path"]].body.decode("utf-8"), entry.get("js_only", False))
            parsed = parse(url, html, resources)
            channels = resources.channels.detect(parsed)
            pages[entry["path"]] = (parsed, channels)
            urls += [channel.url for channel in channels.channels if channel.url and channel.digital]
            if claims.get(url, {}).get("aanvraag_url"):
                urls.append(claims[url]["aanvraag_url"])
        statuses = {url: status.status for url, status in check_links(urls, linkcheck_options(resources), site_policy(server.url)).items()}
        for entry in entries:
            url = server.url + entry["path"]
            parsed, channels = pages[entry["path"]]
            context = PageContext(url=url, upl=resources.upl_entry(entry["upl_uri"], entry["upl_name"]),
                                  sc_claim=claims.get(url), link_status=statuses)
            facts = analyse(parsed, context, resources, channels)
            found = {finding.rule_id for finding in run_rules(facts, resources) if finding.rule_id.startswith("kanaal.")}
            results.append((entry, facts, found))
    return results


def test_channel_status_agrees_with_manifest(audited) -> None:
    """At least 97% of product pages get the channel status the page author stated."""
    wrong = [(entry["path"], entry["channel_status"], facts.channels.status) for entry, facts, _ in audited
             if facts.channels.status != entry["channel_status"]]
    agreement = 1 - len(wrong) / len(audited)
    print(f"\nchannel_status agreement: {len(audited) - len(wrong)}/{len(audited)} = {agreement:.1%}; wrong: {wrong}")
    assert agreement >= 0.97, wrong


@pytest.mark.parametrize("rule_id", CHECKED_RULES)
def test_every_dead_form_link_and_wrong_claim_is_reported(audited, rule_id: str) -> None:
    """Every page whose truth expects a dead form link or a wrong SC claim gets that finding."""
    missed = [entry["path"] for entry, _, found in audited if rule_id in entry["expected_findings"] and rule_id not in found]
    expected = [entry["path"] for entry, _, _ in audited if rule_id in entry["expected_findings"]]
    assert expected, f"the sample site has no page that expects {rule_id}"
    assert not missed, f"{rule_id} not reported on {missed}"
