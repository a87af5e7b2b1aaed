"""The link check: each address once, redirects to a login count as working, only allowed hosts."""

from __future__ import annotations

from linkserver import html, serve

from audit.linkcheck import LinkCheckOptions, check_links

ROUTES = {
    "/formulier/": html("<form></form>"),
    "/auth/parkeren/digid/start": (302, "text/html", b"", {"Location": "/digid/inloggen"}),
    "/oud/": (301, "text/html", b"", {"Location": "/nieuw/"}),
    "/nieuw/": html("ok"),
    "/kapot/": (500, "text/html", b"fout", {}),
    "/geheim/": (403, "text/html", b"", {}),
}


def test_statuses_and_dedupe() -> None:
    """ok, dead, error, login redirect; every address requested once."""
    with serve(ROUTES) as (base, seen):
        urls = [f"{base}{path}" for path in ("/formulier/", "/formulier/", "/auth/parkeren/digid/start", "/weg/", "/kapot/", "/oud/", "/geheim/")]
        result = check_links(urls, LinkCheckOptions(timeout=5, allowed_hosts=("127.0.0.1",)))
    status = {url.removeprefix(base): value.status for url, value in result.items()}
    assert status == {"/formulier/": "ok", "/auth/parkeren/digid/start": "ok", "/weg/": "dead", "/kapot/": "error",
                      "/oud/": "ok", "/geheim/": "ok"}
    assert seen.count("/formulier/") == 1
    assert "/digid/inloggen" not in seen  # a redirect to a login page is not followed
    assert "inlogpagina" in result[f"{base}/auth/parkeren/digid/start"].detail


def test_hosts_not_allowed_are_unchecked() -> None:
    """With an allow-list (or local_only) other hosts are never requested."""
    options = LinkCheckOptions.from_settings({"allowed_hosts": []}, local_only=True)
    result = check_links(["https://www.example.org/formulier", "mailto:a@b.nl"], options)
    assert result["https://www.example.org/formulier"].status == "unchecked"
    assert result["mailto:a@b.nl"].status == "unchecked"


def test_refused_connection_is_an_error() -> None:
    """A port where nothing listens gives 'error', not a crash."""
    with serve({}) as (base, _):
        port_base = base
    result = check_links([f"{port_base}/x"], LinkCheckOptions(timeout=2))
    assert result[f"{port_base}/x"].status == "error"


def test_one_host_is_asked_one_address_at_a_time_with_a_pause() -> None:
    """Hosts side by side; per host one request at a time, with per_host_delay between them."""
    import threading
    import time

    from audit.linkcheck import LinkStatus

    lock, active, most, calls, pauses = threading.Lock(), {}, {}, [], []

    def fetch(url: str, options: LinkCheckOptions) -> LinkStatus:
        host = url.split("/")[2]
        with lock:
            active[host] = active.get(host, 0) + 1
            most[host] = max(most.get(host, 0), active[host])
            calls.append(url)
        time.sleep(0.01)
        with lock:
            active[host] -= 1
        return LinkStatus("ok", "HTTP 200")

    urls = [f"https://loket.example.nl/form/{n}" for n in range(6)] + [f"https://formulieren.example.org/{n}" for n in range(3)]
    options = LinkCheckOptions(concurrency=4, per_host_delay=0.5)
    result = check_links(urls + urls[:2], options, fetch=fetch, sleep=pauses.append)
    assert list(result) == urls and len(calls) == len(urls)
    assert most == {"loket.example.nl": 1, "formulieren.example.org": 1}
    assert pauses == [0.5] * (len(urls) - 2)  # between the requests of each host, not before the first
    assert LinkCheckOptions.from_settings({"per_host_delay": 2}).per_host_delay == 2.0
    assert LinkCheckOptions.from_settings({"per_host_delay": 2}, local_only=True).per_host_delay == 0.0
