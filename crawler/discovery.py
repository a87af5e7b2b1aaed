"""Discovery before the link crawl: robots.txt, the start page (checked), the SC feed and the sitemaps."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError
from scrapy.http import Request, Response, TextResponse
from twisted.internet.error import ConnectionRefusedError as TxRefused
from twisted.internet.error import DNSLookupError
from twisted.internet.error import TimeoutError as TxTimeout

from crawler import reasons
from crawler.options import CrawlOptions
from crawler.outbound import OutboundRefused
from crawler.robots import RobotsRules
from crawler.sc import feed_links, parse_sc_feed
from crawler.sitemaps import MAX_FILE_BYTES, MAX_FILE_URLS, parse_sitemap
from crawler.urls import LinkPolicy
from wmebv.core.siteconfig import SiteConfig

MAX_FEED_BYTES = 50 * 1024 * 1024
# What a site's sitemaps may make us read per crawl (rules/site.yml may set other numbers).
MAX_SITEMAP_FILES = 50
MAX_SITEMAP_URLS = 100_000
MAX_SITEMAP_BYTES = 100 * 1024 * 1024


class StartPageError(Exception):
    """The start URL cannot be crawled; the message is Dutch and says what to do."""


def describe_failure(error: BaseException, timeout: float) -> str:
    """A Dutch description of why a host could not be reached."""
    if isinstance(error, (CannotResolveHostError, DNSLookupError)):
        return "de hostnaam bestaat niet (DNS)"
    if isinstance(error, (DownloadConnectionRefusedError, TxRefused)):
        return "de server weigert de verbinding"
    if isinstance(error, (DownloadTimeoutError, TxTimeout)):
        return f"geen antwoord binnen {timeout:g} seconden"
    return f"de verbinding mislukte ({type(error).__name__})"


def refusal_reason(error: BaseException | None) -> str | None:
    """The coverage reason when the outbound policy refused a request, else None."""
    if isinstance(error, OutboundRefused):
        return reasons.INTERNAL if error.failure.kind == "internal" else reasons.REFUSED
    return None


class Discovery:
    """Fetches the discovery resources through the engine (so politeness, the cache and the outbound policy apply).

    What discovery could not use (a robots.txt redirect into an internal network, a feed the policy
    refused, a sitemap too large) is kept in ``outcomes`` as (url, reason), for the coverage report.
    """

    def __init__(self, crawler: Crawler, policy: LinkPolicy, config: SiteConfig, options: CrawlOptions) -> None:
        """Remember the crawler and the site's rules."""
        self.crawler, self.policy, self.config, self.options = crawler, policy, config, options
        self.outcomes: list[tuple[str, str]] = []

    def _note_refusal(self, url: str, error: BaseException) -> None:
        """Keep the coverage reason of a request the outbound policy refused."""
        reason = refusal_reason(error)
        if reason:
            self.outcomes.append((url, reason))

    async def fetch(self, url: str, **meta: Any) -> Response:
        """Download one URL (no redirects followed, every status returned)."""
        request = Request(url, meta={"dont_redirect": True, "handle_httpstatus_all": True, **meta}, dont_filter=True)
        assert self.crawler.engine is not None
        return await self.crawler.engine.download_async(request)

    async def robots_txt(self, origin: str) -> str:
        """The robots.txt text of the site ('' when missing or unreadable: everything allowed)."""
        url = f"{origin}/robots.txt"
        for _ in range(self.options.max_redirects):
            try:
                response = await self.fetch(url, max_retry_times=1)
            except Exception as error:  # noqa: BLE001 - an unreachable site is reported by the start page check
                self._note_refusal(url, error)
                return ""
            if 300 <= response.status < 400 and (location := response.headers.get(b"Location")):
                url = urljoin(url, location.decode("latin-1"))
                continue
            if response.status == 200 and isinstance(response, TextResponse):
                return response.text
            return ""
        return ""

    async def start_page(self, start_url: str) -> tuple[list[tuple[str, int]], Response]:
        """The start page response after on-site redirects, plus the redirect hops; StartPageError otherwise."""
        url = self.policy.normalize(start_url)
        if not url:
            raise StartPageError(f"'{start_url}' is geen webadres. Geef een adres dat begint met http:// of https://.")
        hops: list[tuple[str, int]] = []
        for _ in range(self.options.max_redirects + 1):
            try:
                response = await self.fetch(url, max_retry_times=1)
            except Exception as error:
                raise StartPageError(
                    f"De website {start_url} is niet bereikbaar: {describe_failure(error, self.options.timeout)}. "
                    "Controleer het adres en de internetverbinding, en probeer het opnieuw."
                ) from error
            location = response.headers.get(b"Location")
            if not (300 <= response.status < 400 and location):
                break
            target = self.policy.normalize(location.decode("latin-1"), url)
            if not target or not self.policy.on_site(target):
                raise StartPageError(
                    f"De startpagina {start_url} verwijst door naar een andere website ({target}). "
                    "Start de crawl met dat adres, of voeg de host toe met --allowed-host."
                )
            if target == url or target in [hop for hop, _ in hops]:
                raise StartPageError(f"De startpagina {start_url} verwijst in een kring door (redirect-lus). Meld dit aan de webbeheerder.")
            hops.append((url, response.status))
            url = target
        else:
            raise StartPageError(f"De startpagina {start_url} verwijst te vaak door. Meld dit aan de webbeheerder.")
        if response.status >= 400:
            raise StartPageError(f"De startpagina {start_url} geeft een foutmelding (HTTP {response.status}). Controleer het adres.")
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if "html" not in content_type or not isinstance(response, TextResponse):
            raise StartPageError(
                f"Het adres {start_url} is geen webpagina (het type is '{content_type or 'onbekend'}'). "
                "Geef de startpagina van de website."
            )
        return hops, response

    async def sc_feed(self, given: str | None, start: Response) -> tuple[str | None, list[dict[str, Any]]]:
        """The SC feed: the given URL, else a <link rel=alternate> on the start page, else the usual paths."""
        crawl = self.config.crawl
        if given and not given.lower().startswith(("http://", "https://")):
            return self._feed_file(Path(given))
        if given:
            candidates = [given]
        else:
            titles = tuple(t.lower() for t in crawl.get("sc_feed_link_titles") or ())
            candidates = feed_links(start.text, start.url, titles) if isinstance(start, TextResponse) else []
            origin = start.url.split("/", 3)[:3]
            candidates += ["/".join(origin) + path for path in crawl.get("sc_feed_paths") or ()]
        for url in dict.fromkeys(candidates):
            try:
                response = await self.fetch(url, max_retry_times=1)
            except Exception as error:  # noqa: BLE001 - any failed download: its reason is noted, the others go on
                self._note_refusal(url, error)
                continue
            if response.status == 200:
                claims = parse_sc_feed(response.body, url)
                if claims:
                    return url, claims
        return None, []

    def _feed_file(self, path: Path) -> tuple[str | None, list[dict[str, Any]]]:
        """The SC feed from a file the user named (an export of the municipality's catalogue)."""
        try:
            with path.open("rb") as handle:
                body = handle.read(MAX_FEED_BYTES + 1)
        except OSError:
            return None, []
        if len(body) > MAX_FEED_BYTES:
            return None, []
        claims = parse_sc_feed(body, path.as_uri())
        return (str(path), claims) if claims else (None, [])

    async def sitemap_urls(self, origin: str, robots: RobotsRules | None) -> list[str]:
        """Page URLs from the sitemaps (robots.txt 'Sitemap:' lines, else /sitemap.xml), indexes and gzip included.

        Within a budget per crawl (files, URLs, unpacked bytes): a sitemap over it is used up to the
        budget and noted as 'sitemap-capped'. Sitemaps on other sites are not read.
        """
        crawl = self.config.crawl
        max_files = int(crawl.get("max_sitemap_files", MAX_SITEMAP_FILES))
        urls_left = int(crawl.get("max_sitemap_urls", MAX_SITEMAP_URLS))
        bytes_left = int(crawl.get("max_sitemap_bytes", MAX_SITEMAP_BYTES))
        pending = list(robots.sitemaps()) if robots and robots.sitemaps() else [f"{origin}/sitemap.xml"]
        done: set[str] = set()
        pages: list[str] = []
        while pending:
            url = pending.pop(0)
            if url in done:
                continue
            if not self.policy.on_site(url):
                self.outcomes.append((url, reasons.OFF_SITE))
                continue
            if len(done) >= max_files or urls_left <= 0 or bytes_left <= 0:
                self.outcomes.append((url, reasons.SITEMAP_CAPPED))
                continue
            done.add(url)
            try:
                response = await self.fetch(url, max_retry_times=1)
            except Exception as error:  # noqa: BLE001 - any failed download: its reason is noted, the others go on
                self._note_refusal(url, error)
                continue
            if response.status != 200:
                continue
            content = parse_sitemap(response.body, min(MAX_FILE_BYTES, bytes_left), min(MAX_FILE_URLS, urls_left))
            if content is None:
                continue
            bytes_left -= content.size
            urls_left -= len(content.urls)
            if content.truncated:
                self.outcomes.append((url, reasons.SITEMAP_CAPPED))
            if content.is_index:
                pending.extend(content.urls)
            else:
                pages.extend(content.urls)
        return pages
