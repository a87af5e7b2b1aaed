"""Scrapy settings for one crawl, built from the crawl options (the one place they are declared)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.options import CrawlOptions
from crawler.outbound import TRUSTED_SETTING, trusted_endpoints
from wmebv.core.siteconfig import load_site_config


def _user_urls(options: CrawlOptions) -> list[str]:
    """The addresses the user gave: the start URL and a feed address."""
    feed = options.sc_feed if options.sc_feed and options.sc_feed.lower().startswith(("http://", "https://")) else None
    return [options.start_url, *([feed] if feed else [])]


def _site_hosts(options: CrawlOptions) -> list[str]:
    """The extra hosts of the site the user named: --allowed-host and the site configuration's allowed_hosts."""
    config = load_site_config(options.site_config, Path(options.rules_dir) if options.rules_dir else None)
    return [*options.allowed_hosts, *(str(host) for host in config.crawl.get("allowed_hosts") or ())]


def build_settings(options: CrawlOptions) -> dict[str, Any]:
    """The Scrapy settings: politeness, limits, cache next to the database, our middleware and pipeline."""
    settings: dict[str, Any] = {
        "BOT_NAME": "wmebv-audit",
        "USER_AGENT": options.identifying_user_agent(),
        # robots.txt is read by our spider (to record skipped URLs and honour Crawl-delay).
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": max(2, options.concurrency_per_host * 2),
        "CONCURRENT_REQUESTS_PER_DOMAIN": options.concurrency_per_host,
        "DOWNLOAD_DELAY": options.download_delay,
        "AUTOTHROTTLE_ENABLED": options.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(options.download_delay, 0.0) or 0.1,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        # One request in flight on average: gentle on a slow server, fast on a quick one.
        "AUTOTHROTTLE_TARGET_CONCURRENCY": options.autothrottle_target,
        "DOWNLOAD_TIMEOUT": options.timeout,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": options.retry_times,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
        "DOWNLOAD_MAXSIZE": options.max_page_bytes,
        "DOWNLOAD_WARNSIZE": options.warn_page_bytes,
        # We follow redirects ourselves, to record each hop and detect loops and off-site targets.
        "REDIRECT_ENABLED": False,
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        # No port for remote control of the crawl: nobody on this machine should steer or read it.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Breadth first: shallow pages first, so a page cap keeps the most important pages.
        "DEPTH_PRIORITY": 0,
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        # Every request passes the outbound policy first; every name is looked up through it.
        "DOWNLOADER_MIDDLEWARES": {"crawler.outbound.OutboundPolicyMiddleware": 50,
                                   "crawler.middlewares.HostPacingMiddleware": 950},
        "TWISTED_DNS_RESOLVER": "crawler.outbound.PolicyResolver",
        TRUSTED_SETTING: trusted_endpoints(_user_urls(options), _site_hosts(options)),
        "ITEM_PIPELINES": {"crawler.pipelines.StorePipeline": 100},
        "EXTENSIONS": {"crawler.progress.ProgressExtension": 500},
        "LOG_LEVEL": "INFO",
        "LOG_FILE": str(options.log_path()),
        "LOG_FILE_APPEND": True,
        "WMEBV_CRAWL_DELAY_CAP": -1.0 if options.crawl_delay_cap is None else options.crawl_delay_cap,
        "WMEBV_BACKOFF_BASE": options.backoff_base,
        "WMEBV_MAX_RETRY_AFTER": options.max_retry_after,
        "WMEBV_PROGRESS_INTERVAL": options.progress_interval,
    }
    if options.http_cache:
        settings.update(
            {
                "HTTPCACHE_ENABLED": True,
                "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
                "HTTPCACHE_DIR": str(options.cache_dir()),
                "HTTPCACHE_IGNORE_HTTP_CODES": [429, 500, 502, 503, 504],
                "HTTPCACHE_GZIP": True,
            }
        )
    return settings
