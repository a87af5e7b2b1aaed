"""The spider: discovers a municipal site (robots.txt, SC feed, sitemaps, links) and describes every page."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.internet.error import DNSLookupError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure

from crawler import reasons
from crawler.discovery import Discovery, StartPageError, refusal_reason
from crawler.events import emit
from crawler.inventory import Describer, describe_page
from crawler.items import DocumentRecord, FoundUrls, PageRecord, ScClaims, StateValue, UrlOutcome
from crawler.middlewares import crawl_delay_found
from crawler.options import CrawlOptions
from crawler.pipelines import StoreWriter
from crawler.robots import RobotsRules
from crawler.session import CrawlSession
from crawler.settings import build_settings
from crawler.urls import DOCUMENT, EXCLUDED, SKIP, LinkPolicy, site_hosts, site_key
from wmebv.core.pageparts import extract
from wmebv.core.siteconfig import load_site_config
from wmebv.core.store import Store, utcnow
from wmebv.core.upl import UplMatcher

DOCUMENT_TYPES = ("application/pdf", "application/msword", "application/vnd.openxmlformats", "application/vnd.oasis.opendocument",
                  "application/vnd.ms-", "application/rtf")


class SiteSpider(scrapy.Spider):
    """Crawls one municipal website; the frontier lives in SQLite so a crawl can resume."""

    name = "wmebv"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, options_json: str, store_writer: StoreWriter | None = None,
                     **kwargs: Any) -> SiteSpider:
        """The spider with its crawl's settings; in a Scrapy process of its own (Scrapyd) it opens the store too.

        Scrapy freezes the settings only after the spider exists, so the politeness and limits of
        the options apply however the process was started. A process started by ``crawler.run``
        brings its store writer; one started by Scrapyd (``scrapy crawl wmebv -a options_json=...``)
        gets a session here, which records the crawl and finishes it when the spider closes.
        """
        options = CrawlOptions.from_json(options_json)
        apply_settings(crawler.settings, build_settings(options))
        session = None
        if store_writer is None:
            session = CrawlSession.open(options)
            options_json, store_writer = session.options.to_json(), session.writer
        spider = super().from_crawler(crawler, *args, options_json=options_json, store_writer=store_writer, **kwargs)
        if session is not None:
            crawler.signals.connect(lambda spider: session.finish(spider), signal=signals.spider_closed, weak=False)
        return spider

    def __init__(self, options_json: str, store_writer: StoreWriter, **kwargs: Any) -> None:
        """Load the options, the site configuration and the UPL matcher; read what an earlier run left."""
        super().__init__(**kwargs)
        self.store_writer = store_writer  # the process's one connection to the store; the pipeline writes through it
        self.options = CrawlOptions.from_json(options_json)
        rules = Path(self.options.rules_dir) if self.options.rules_dir else None
        self.config = load_site_config(self.options.site_config, rules)
        hosts = tuple(self.options.allowed_hosts) + tuple(self.config.crawl.get("allowed_hosts") or ())
        self.policy = LinkPolicy(site_hosts(self.options.start_url, hosts), self.config)
        self.describer = Describer(self.config, UplMatcher.default(rules))
        self.origin = site_key(self.options.start_url)
        self.seen: set[str] = set()
        self.query_variants: Counter[str] = Counter()  # per path: how many multi-parameter query strings
        self.same_path_chain: dict[str, int] = {}  # per URL: hops in a row within one path (calendar paging)
        self.claims: dict[str, dict[str, Any]] = {}
        # url -> where it redirected to, across requests: two linked pages that redirect to each
        # other are answered in separate requests, so the chain in one request never shows the loop.
        self.redirect_targets: dict[str, str] = {}
        self.robots: RobotsRules | None = None
        self.pages_planned = 0
        self.fatal: str | None = None
        self.close_reason: str | None = None
        self.saved_state: dict[str, str] = {}
        self.saved_queue: list[dict[str, Any]] = []
        self._load_saved_crawl()

    def _load_saved_crawl(self) -> None:
        """Read what an earlier run of this crawl left (frontier, state, SC claims)."""
        crawl_id = int(self.options.crawl_id or 0)

        def read(store: Store) -> tuple[dict[str, str], set[str], list[dict[str, Any]], dict[str, dict[str, Any]], int]:
            return (store.frontier.state(crawl_id), store.frontier.known(crawl_id), store.frontier.queued(crawl_id),
                    store.pages.sc_claims(crawl_id), store.pages.count(crawl_id))

        self.saved_state, self.seen, self.saved_queue, claims, pages_done = self.store_writer.call(read)
        self.query_variants = Counter(_path_key(url) for url in self.seen if "&" in urlsplit(url).query)
        self.claims = {self._key(url): claim for url, claim in claims.items()}
        queued_pages = sum(1 for row in self.saved_queue if self.policy.kind(row["url"]) != DOCUMENT)
        self.pages_planned = pages_done + queued_pages

    # -- start ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        """Resume from the store, or discover the site: robots.txt, start page, SC feed, sitemaps."""
        options, state, queued = self.options, self.saved_state, self.saved_queue
        discovery = Discovery(self.crawler, self.policy, self.config, options)
        if options.obey_robots:
            text = state.get("robots_txt")
            if text is None:
                text = await discovery.robots_txt(self.origin)
                yield StateValue("robots_txt", text)
                for item in self._discovery_outcomes(discovery):
                    yield item
            self.robots = RobotsRules(text)
            self.crawler.signals.send_catch_log(crawl_delay_found, delay=self.robots.crawl_delay())
            start = self.policy.normalize(options.start_url) or options.start_url
            if self.robots.blocks_everything(self.origin) or not self.robots.allows(start):
                self._abort(
                    f"De robots.txt van {self.origin} verbiedt het ophalen van deze website. wmebv respecteert dat. "
                    "Vraag de webbeheerder om toestemming en gebruik dan --ignore-robots."
                )
                return
        if state.get("discovery_done") == "1":
            for row in queued:
                yield self._request_for(row["url"], int(row.get("depth") or 0))
            return
        async for output in self._discover(discovery):
            yield output
        if self.fatal:
            return
        # A run killed during discovery stored URLs (SC feed, sitemaps, links) without marking discovery
        # done; discovery now finds them already known and requests nothing for them, so request them here.
        for row in queued:
            if row.get("source") != "start":
                yield self._request_for(row["url"], int(row.get("depth") or 0))

    async def _discover(self, discovery: Discovery) -> AsyncIterator[Any]:
        """First run: fetch the start page (following redirects), read the SC feed and the sitemaps."""
        options = self.options
        try:
            hops, response = await discovery.start_page(options.start_url)
        except StartPageError as error:
            self._abort(str(error))
            return
        for hop_url, status in hops:
            self.seen.add(hop_url)
            yield FoundUrls([{"url": hop_url, "depth": 0, "source": "start"}])
            yield UrlOutcome(hop_url, "skipped", reasons.REDIRECT, http_status=status)
        start_url = self.policy.normalize(response.url) or response.url
        self.seen.add(start_url)
        self.pages_planned += 1
        yield FoundUrls([{"url": start_url, "depth": 0, "source": "start"}])
        feed_url, claims = await discovery.sc_feed(options.sc_feed, response)
        for item in self._discovery_outcomes(discovery):
            yield item
        if claims:
            self.claims = {self._key(claim["url"]): claim for claim in claims}
            yield ScClaims(claims)
            emit("message", text=f"Samenwerkende Catalogi-feed gelezen: {len(claims)} producten ({feed_url}).")
        elif options.sc_feed:
            emit("message", text=f"Let op: de Samenwerkende Catalogi-feed {options.sc_feed} kon niet worden gelezen.")
        found = [(claim["url"], "sc-feed") for claim in claims]
        sitemap_urls = await discovery.sitemap_urls(self.origin, self.robots)
        for item in self._discovery_outcomes(discovery):
            yield item
        found += [(url, "sitemap") for url in sitemap_urls]
        rows, requests = [], []
        for raw, source in found:
            url = self.policy.normalize(raw)
            if url:
                row, request = self._consider(url, 1, None, source)
                if row:
                    rows.append(row)
                if request:
                    requests.append(request)
        if rows:
            yield FoundUrls(rows)
        for output in self._page(response, start_url, 0):
            yield output
        yield StateValue("discovery_done", "1")
        for request in requests:
            yield request

    def _discovery_outcomes(self, discovery: Discovery) -> Iterator[Any]:
        """Coverage rows for what discovery could not use (refused by the outbound policy, too large)."""
        rows: list[dict[str, Any]] = [{"url": url, "depth": 0, "source": "discovery", "state": "skipped", "reason": reason}
                for url, reason in dict(discovery.outcomes).items() if url not in self.seen]
        discovery.outcomes.clear()
        self.seen.update(row["url"] for row in rows)
        if rows:
            yield FoundUrls(rows)

    # -- frontier ----------------------------------------------------------------------------

    def _key(self, url: str) -> str:
        """The key of a URL in the SC claims map."""
        return self.policy.normalize(url) or url

    def _request_for(self, url: str, depth: int, redirects: tuple[str, ...] = ()) -> Request:
        """The request for a frontier URL: HEAD for documents, GET for pages; redirects handled by us."""
        meta = {"wmebv_url": url, "wmebv_depth": depth, "wmebv_redirects": list(redirects),
                "dont_redirect": True, "handle_httpstatus_all": True}
        self.crawler.stats.inc_value("wmebv/scheduled")
        if self.policy.kind(url) == DOCUMENT:
            return Request(url, method="HEAD", callback=self.parse_document, errback=self.failed, meta=meta,
                           dont_filter=True, priority=-depth)
        return Request(url, callback=self.parse_page, errback=self.failed, meta=meta, dont_filter=True, priority=-depth)

    def _consider(self, url: str, depth: int, found_on: str | None, source: str,
                  redirects: tuple[str, ...] = ()) -> tuple[dict[str, Any] | None, Request | None]:
        """Decide about a newly found URL: a frontier row (queued or skipped with reason) and maybe a request."""
        if url in self.seen:
            return None, None
        self.seen.add(url)
        row: dict[str, Any] = {"url": url, "depth": depth, "source": source, "found_on": found_on}
        kind = self.policy.kind(url)
        skip_reason = None
        if not self.policy.on_site(url):
            skip_reason = reasons.OFF_SITE
        elif kind == SKIP:
            skip_reason = reasons.NOT_HTML
        elif kind == EXCLUDED:
            skip_reason = reasons.EXCLUDED
        elif self.robots is not None and not self.robots.allows(url):
            skip_reason = reasons.ROBOTS
        elif kind != DOCUMENT and self._is_link_trap(url, found_on):
            skip_reason = reasons.LINK_TRAP
        elif kind != DOCUMENT and self.options.max_depth is not None and depth > self.options.max_depth:
            skip_reason = reasons.CAP_DEPTH
        # A redirect target takes the place of the page that redirected (already counted): it does not
        # use up --max-pages, so a redirect chain always ends in its page or in 'redirect-loop'.
        counts = kind != DOCUMENT and source != "redirect"
        if not skip_reason and counts and self.options.max_pages is not None and self.pages_planned >= self.options.max_pages:
            skip_reason = reasons.CAP_PAGES
        if skip_reason:
            return dict(row, state="skipped", reason=skip_reason), None
        if counts:
            self.pages_planned += 1
        return row, self._request_for(url, depth, redirects)

    def _is_link_trap(self, url: str, found_on: str | None) -> bool:
        """True for a calendar or facet trap: endless paging within one path, or filters in every combination.

        A legacy CMS that serves every product as ``product.aspx?id=N`` from an overview is no trap:
        those URLs are found on another path, one hop each.
        """
        query = urlsplit(url).query
        if not query:
            return False
        key = _path_key(url)
        chain = self.same_path_chain.get(found_on or "", 0) + 1 if found_on and _path_key(found_on) == key else 0
        self.same_path_chain[url] = chain
        if chain > int(self.config.crawl.get("max_same_path_chain", 12)):
            return True
        if "&" in query:
            self.query_variants[key] += 1
            return self.query_variants[key] > int(self.config.crawl.get("max_query_combinations_per_path", 50))
        return False

    # -- callbacks ---------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Handle the answer for a page URL: redirect, error, document, non-HTML or an HTML page."""
        self.crawler.stats.inc_value("wmebv/answered")
        yield from self._page(response, response.meta["wmebv_url"], int(response.meta["wmebv_depth"]))

    def _page(self, response: Response, url: str, depth: int) -> Iterator[Any]:
        """The items and requests for one page response."""
        status = response.status
        if 300 <= status < 400:
            yield from self._redirect(response, url, depth)
            return
        if status >= 400:
            yield UrlOutcome(url, "failed", reasons.http_reason(status), http_status=status)
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if any(content_type.startswith(kind) for kind in DOCUMENT_TYPES):
            yield DocumentRecord(self._document_row(url, response, content_type, len(response.body)))
            return
        looks_html = "html" in content_type or (not content_type and b"<html" in response.body[:2048].lower())
        if not looks_html or not isinstance(response, TextResponse) or _looks_binary(response.body):
            yield UrlOutcome(url, "skipped", reasons.NOT_HTML, http_status=status, content_type=content_type)
            return
        html = response.text
        parts = extract(html)
        if parts.scripts and parts.text_chars < int(self.config.crawl.get("javascript_only_max_chars", 150)):
            yield UrlOutcome(url, "skipped", reasons.JAVASCRIPT_ONLY, http_status=status, content_type=content_type)
            return
        rows, requests, documents = [], [], []
        base = self.policy.normalize(parts.base_href, url) if parts.base_href else url
        for link in parts.links:
            target = self.policy.normalize(link.href, base or url)
            if not target:
                continue
            if self.policy.kind(target) == DOCUMENT and self.policy.on_site(target):
                documents.append(target)
            row, request = self._consider(target, depth + 1, url, "link")
            if row:
                rows.append(row)
            if request:
                requests.append(request)
        if rows:
            yield FoundUrls(rows)
        page = describe_page(url, parts, self.claims.get(url), self.describer)
        page.update(
            url=url, final_url=response.url, http_status=status, content_type=content_type, fetched_at=utcnow(),
            last_modified=_header(response, b"Last-Modified"), etag=_header(response, b"ETag"), html=html,
        )
        yield PageRecord(page, sorted(set(documents)))
        yield from requests

    def _redirect(self, response: Response, url: str, depth: int) -> Iterator[Any]:
        """Follow a redirect ourselves: record the hop, detect loops and off-site targets."""
        status = response.status
        location = _header(response, b"Location")
        target = self.policy.normalize(location, url) if location else None
        if not target:
            yield UrlOutcome(url, "failed", reasons.http_reason(status), http_status=status)
            return
        chain = tuple(response.meta.get("wmebv_redirects") or ()) + (url,)
        self.redirect_targets[url] = target
        loop = chain if target in chain or len(chain) > self.options.max_redirects else self._redirect_cycle(url)
        if loop:
            for hop in loop:
                yield UrlOutcome(hop, "failed", reasons.REDIRECT_LOOP, http_status=status)
            return
        if not self.policy.on_site(target):
            yield UrlOutcome(url, "skipped", reasons.REDIRECT_OFF_SITE, http_status=status)
        else:
            yield UrlOutcome(url, "skipped", reasons.REDIRECT, http_status=status)
        row, request = self._consider(target, depth, url, "redirect", chain)
        if row:
            yield FoundUrls([row])
        if request:
            yield request

    def _redirect_cycle(self, url: str) -> tuple[str, ...]:
        """The URLs of a redirect loop through ``url`` made of earlier, separate answers; empty when there is none."""
        cycle, current = [url], self.redirect_targets.get(url)
        while current is not None and current not in cycle:
            cycle.append(current)
            current = self.redirect_targets.get(current)
        return tuple(cycle) if current == url else ()

    def parse_document(self, response: Response) -> Iterator[Any]:
        """Record a document from its HEAD answer: type and size (Content-Length), never the body."""
        self.crawler.stats.inc_value("wmebv/answered")
        url = response.meta["wmebv_url"]
        content_type = (_header(response, b"Content-Type") or "").lower() or None
        length = _header(response, b"Content-Length")
        size = int(length) if length and length.isdigit() else None
        yield DocumentRecord(self._document_row(url, response, content_type, size))

    def _document_row(self, url: str, response: Response, content_type: str | None, size: int | None) -> dict[str, Any]:
        """A documents row."""
        return {"url": url, "content_type": content_type, "size": size, "http_status": response.status}

    def failed(self, failure: Failure) -> Iterator[Any]:
        """Record a request that got no answer: timeout, too large, DNS or connection error."""
        self.crawler.stats.inc_value("wmebv/answered")
        request = failure.request  # type: ignore[attr-defined]
        yield UrlOutcome(request.meta.get("wmebv_url", request.url), "failed", failure_reason(failure))

    # -- end ---------------------------------------------------------------------------------

    def _abort(self, message: str) -> None:
        """Report that the crawl cannot go on; the runner stops this process and marks the crawl failed."""
        self.fatal = message
        emit("fatal", message=message)

    def closed(self, reason: str) -> None:
        """Remember why the crawl stopped (finished, shutdown)."""
        self.close_reason = reason


def apply_settings(settings: BaseSettings, values: dict[str, Any]) -> None:
    """Set a crawl's settings with spider priority; component lists (pipelines, extensions) are added to, not replaced."""
    for key, value in values.items():
        current = settings.get(key)
        if isinstance(value, dict) and isinstance(current, BaseSettings):
            current.update(value, priority="spider")
        else:
            settings.set(key, value, priority="spider")


def failure_reason(failure: Failure) -> str:
    """The reason code for a failed download."""
    refused = refusal_reason(failure.value)
    if refused:
        return refused
    if failure.check(DownloadTimeoutError, TxTimeoutError):
        return reasons.TIMEOUT
    if failure.check(DownloadCancelledError) or _decompressed_too_large(failure):
        return reasons.TOO_LARGE
    if failure.check(CannotResolveHostError, DNSLookupError):
        return reasons.DNS
    return reasons.CONNECTION


def _decompressed_too_large(failure: Failure) -> bool:
    """True when Scrapy dropped an answer whose body unpacked beyond DOWNLOAD_MAXSIZE (a gzip bomb)."""
    return bool(failure.check(IgnoreRequest)) and "DOWNLOAD_MAXSIZE" in str(failure.value)


def _header(response: Response, name: bytes) -> str | None:
    """A response header as text, or None."""
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else None


def _path_key(url: str) -> str:
    """The URL without its query string and fragment: what calendar and facet variants share."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


_CONTROL_BYTES = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\x0c", b"")


def _looks_binary(body: bytes) -> bool:
    """True when the start of the body is mostly control bytes: a file served as text/html, not a page.

    A stray control byte in a broken page is no reason to skip it; one byte in twenty is.
    """
    head = body[:4096]
    if not head:
        return False
    controls = sum(head.count(bytes([byte])) for byte in _CONTROL_BYTES)
    return controls / len(head) > 0.05
