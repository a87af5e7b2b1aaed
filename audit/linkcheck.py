"""Check that channel links work: each address once, politely, with a time limit.

A link is ``ok``, ``dead`` (not found, gone, host unknown), ``error`` (server error, time-out,
refused) or ``unchecked`` (not on the allowed hosts, or blocked). A redirect to a DigiD or
eHerkenning login counts as working: that is where a form with login starts.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
DEAD_CODES = frozenset({404, 410})
# 401/403 mean "log in first" on many form platforms, 405/429 that the server does not like our
# request: the link itself exists.
ALIVE_CODES = frozenset({401, 403, 405, 429})


@dataclass(frozen=True)
class LinkCheckOptions:
    """How links are checked (from the ``channels.linkcheck`` settings)."""

    allowed_hosts: tuple[str, ...] = ()
    blocked_hosts: tuple[str, ...] = ()
    timeout: float = 10.0
    concurrency: int = 4
    per_host_delay: float = 0.25  # seconds between two requests to the same host
    max_redirects: int = 5
    user_agent: str = "wmebv-audit/0.1"
    login_redirect: str = r"digid|eherkenning|eidas|/auth/"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], *, local_only: bool = False) -> "LinkCheckOptions":
        """Options from the area settings; ``local_only`` checks only 127.0.0.1 and localhost (tests, demo).

        Only this machine is asked then, so there is nobody to wait for between requests.
        """
        allowed = tuple(str(host).lower() for host in settings.get("allowed_hosts") or ())
        delay = max(0.0, float(settings.get("per_host_delay", cls.per_host_delay)))
        if local_only:
            allowed = tuple(host for host in allowed if host in LOOPBACK_HOSTS) or LOOPBACK_HOSTS
            delay = 0.0
        return cls(
            allowed_hosts=allowed,
            blocked_hosts=tuple(str(host).lower() for host in settings.get("blocked_hosts") or ()),
            timeout=float(settings.get("timeout", 10)),
            concurrency=max(1, int(settings.get("concurrency", 4))),
            per_host_delay=delay,
            max_redirects=int(settings.get("max_redirects", 5)),
            user_agent=str(settings.get("user_agent") or cls.user_agent),
            login_redirect=str(settings.get("login_redirect") or cls.login_redirect),
        )

    def may_check(self, url: str) -> bool:
        """True when this address may be requested."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return False  # a broken address (e.g. "http://[x" from an SC feed) cannot be requested
        if parts.scheme not in ("http", "https") or not host or host in self.blocked_hosts:
            return False
        return not self.allowed_hosts or host in self.allowed_hosts


@dataclass(frozen=True)
class LinkStatus:
    """The result for one address."""

    status: str
    detail: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let redirects surface as responses, so each hop can be looked at."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_one(url: str, options: LinkCheckOptions) -> LinkStatus:
    """Request one address (GET, following redirects ourselves) and judge the answer."""
    opener = urllib.request.build_opener(_NoRedirect)
    login = re.compile(options.login_redirect, re.IGNORECASE)
    current = url
    for _hop in range(options.max_redirects + 1):
        request = urllib.request.Request(current, headers={"User-Agent": options.user_agent, "Accept": "text/html,*/*"})
        try:
            with opener.open(request, timeout=options.timeout) as response:
                response.read(1024)
                return LinkStatus("ok", f"HTTP {response.status}")
        except urllib.error.HTTPError as error:
            code = error.code
            location = error.headers.get("Location") if error.headers else None
            error.close()
            if code in (301, 302, 303, 307, 308) and location:
                target = urljoin(current, location)
                if login.search(target):
                    return LinkStatus("ok", f"doorgestuurd naar inlogpagina {target}")
                current = target
                continue
            if code in DEAD_CODES:
                return LinkStatus("dead", f"HTTP {code} (pagina bestaat niet)")
            if code in ALIVE_CODES:
                return LinkStatus("ok", f"HTTP {code}")
            if code >= 500:
                return LinkStatus("error", f"HTTP {code} (fout op de server)")
            return LinkStatus("dead", f"HTTP {code}")
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, socket.gaierror):
                return LinkStatus("dead", "de server bestaat niet (onbekende naam)")
            if isinstance(reason, (socket.timeout, TimeoutError)):
                return LinkStatus("error", "geen antwoord binnen de tijd")
            return LinkStatus("error", f"geen verbinding ({reason})")
        except (TimeoutError, socket.timeout):
            return LinkStatus("error", "geen antwoord binnen de tijd")
        except (OSError, ValueError) as error:
            return LinkStatus("error", f"geen verbinding ({error})")
        except http.client.HTTPException as error:  # not HTTP at all, or a body cut short
            return LinkStatus("error", f"geen geldig antwoord van de server ({type(error).__name__})")
    return LinkStatus("error", "te veel doorverwijzingen")


def check_links(
    urls: Iterable[str],
    options: LinkCheckOptions,
    *,
    fetch: Callable[[str, LinkCheckOptions], LinkStatus] = check_one,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, LinkStatus]:
    """Check each distinct address once; others are ``unchecked``.

    Hosts are checked side by side (``concurrency``), the addresses of one host one after the
    other with ``per_host_delay`` between them: a site's 400 form links all live on the same
    e-loket, which should see one visitor, not a burst.
    """
    unique = list(dict.fromkeys(url for url in urls if url))
    results = {url: LinkStatus("unchecked", "niet gecontroleerd (host niet toegestaan)") for url in unique if not options.may_check(url)}
    by_host: dict[str, list[str]] = {}
    for url in unique:
        if url not in results:
            by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)

    def check_host(host_urls: list[str]) -> list[tuple[str, LinkStatus]]:
        checked = []
        for index, url in enumerate(host_urls):
            if index and options.per_host_delay:
                sleep(options.per_host_delay)
            checked.append((url, fetch(url, options)))
        return checked

    pool = ThreadPoolExecutor(max_workers=options.concurrency)
    try:
        for checked in pool.map(check_host, by_host.values()):
            results.update(checked)
    except BaseException:
        # Ctrl+C: do not wait for requests still under way (up to the timeout each); nothing is lost.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return {url: results[url] for url in unique}
