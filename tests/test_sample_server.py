"""The sample server: every page served, crawlable, conditional GET, redirects, robots, sitemaps."""

from __future__ import annotations

import gzip
import http.client
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree

from wmebv.core.errors import UserError
from wmebv.sample.markup import links_in
from wmebv.sample.server import SampleServer

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class LinkParser(HTMLParser):
    """Collect href values of <a> and <link> tags."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running sample server on a free port with a request log."""
    log = tmp_path_factory.mktemp("log") / "requests.log"
    with SampleServer(port=0, request_log=log) as running:
        running.log_path = log
        yield running


def fetch(server, path, host="127.0.0.1", headers=None, method="GET"):
    """One request; returns (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request(method, path, headers={"Host": f"{host}:{server.port}", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_every_manifest_path_served(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for entry in server.site.manifest()["pages"]:
        conn.request("GET", entry["path"])  # one keep-alive connection for all
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, entry["path"]
        assert int(response.getheader("Content-Length")) == len(body)
    conn.close()


def test_crawl_finds_only_manifest_pages(server):
    manifest = server.site.manifest()
    known = {e["path"] for e in manifest["pages"]}
    seen: set[str] = set()
    queue = deque(["/"])
    broken: list[str] = []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            broken.append(path)
            continue
        base_path = path if path in known else path.split("?")[0]
        assert base_path in known, path
        if "text/html" not in response.getheader("Content-Type"):
            continue
        parser = LinkParser()
        parser.feed(body.decode("utf-8"))
        for href in parser.links:
            url = urlsplit(urljoin(server.url + path, href))
            if url.scheme == "http" and url.netloc == f"127.0.0.1:{server.port}":
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    conn.close()
    assert not broken, f"kapotte links op de site: {broken}"
    products = {e["path"] for e in manifest["pages"] if e["is_product"]}
    assert products <= seen, "elk product is via links te bereiken"


def test_loket_links_work_except_dead_ones(server):
    site = server.site
    loket_hrefs = set()
    for product in site.products:
        texts = list(product.sections.values())
        hrefs = [h for t in texts for h in links_in(t)] + [d["href"] for d in product.direct_regelen]
        loket_hrefs.update(h.replace("{loket}", "") for h in hrefs if h.startswith("{loket}"))
    assert loket_hrefs
    for path in sorted(loket_hrefs):
        status, headers, _ = fetch(server, path, host="localhost")
        if path in site.dead_loket_paths:
            assert status == 404, path
        else:
            assert status in (200, 302), path


def test_unknown_path_is_404(server):
    status, headers, body = fetch(server, "/bestaat-niet")
    assert status == 404 and b"niet gevonden" in body
    assert fetch(server, "/pdc/product.aspx?id=1")[0] == 404


def test_dead_form_is_404(server):
    dead = sorted(server.site.dead_loket_paths)
    assert dead
    assert fetch(server, dead[0], host="localhost")[0] == 404


def test_digid_start_redirects(server):
    status, headers, _ = fetch(server, "/auth/verhuizing-doorgeven/digid/start", host="localhost")
    assert status == 302 and headers["Location"].startswith("/digid/inloggen")
    assert fetch(server, "/digid/inloggen?next=/verhuizing-doorgeven/", host="localhost")[0] == 200
    assert fetch(server, "/verhuizing-doorgeven/", host="localhost")[0] == 200
    status, headers, _ = fetch(server, "/auth/toeristenbelasting-aangifte/eherkenning/start", host="localhost")
    assert status == 302 and headers["Location"].startswith("/eherkenning/inloggen")


def test_conditional_get(server):
    status, headers, _ = fetch(server, "/")
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert fetch(server, "/", headers={"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(server, "/", headers={"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(server, "/", headers={"If-None-Match": '"anders"'})[0] == 200


def test_head_request(server):
    status, headers, body = fetch(server, "/contact", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_robots(server):
    status, headers, body = fetch(server, "/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /intern/" in text and "Crawl-delay: 1" in text
    assert f"Sitemap: {server.url}/sitemap.xml" in text
    manifest = server.site.manifest()
    intern = [e for e in manifest["pages"] if e["path"].startswith("/intern/")]
    assert len(intern) >= 2 and all(e["robots_disallowed"] for e in intern)


def test_sitemaps(server):
    manifest = server.site.manifest()
    status, _, body = fetch(server, "/sitemap.xml")
    index = etree.fromstring(body)
    assert index.tag.endswith("sitemapindex")
    locs = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert any(loc.endswith(".xml.gz") for loc in locs) and len(locs) == 2
    listed = set()
    for loc in locs:
        status, headers, data = fetch(server, urlsplit(loc).path)
        assert status == 200
        if loc.endswith(".gz"):
            assert headers["Content-Type"] == "application/gzip"
            data = gzip.decompress(data)
        urlset = etree.fromstring(data)
        listed |= {urlsplit(u.text).path + (f"?{urlsplit(u.text).query}" if urlsplit(u.text).query else "")
                   for u in urlset.findall("s:url/s:loc", SITEMAP_NS)}
    expected = {e["path"] for e in manifest["pages"] if e["in_sitemap"]}
    assert listed == expected


def test_sc_feed_served_and_advertised(server):
    _, _, home = fetch(server, "/")
    match = re.search(rb'<link rel="alternate" type="application/xml" title="Samenwerkende Catalogi" href="([^"]+)"', home)
    assert match
    status, headers, body = fetch(server, urlsplit(match.group(1).decode()).path)
    assert status == 200 and headers["Content-Type"] == "application/xml"
    assert server.url.encode() in body


def test_request_log(server):
    fetch(server, "/nieuws")
    lines = server.log_path.read_text().splitlines()
    assert any("\tGET\t/nieuws\t200" in line for line in lines)
    float(lines[-1].split("\t")[0])


def test_port_in_use_gives_dutch_error(server):
    with pytest.raises(UserError, match="al in gebruik"):
        SampleServer(port=server.port)
