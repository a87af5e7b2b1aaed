"""Every request outside the crawl of the site itself goes through here: one outbound-request policy.

The link check, ``wmebv check URL`` and the crawler's discovery requests that leave the site
(robots.txt redirects, the Samenwerkende Catalogi feed, sitemaps on other hosts) share it:

- ``addresses``: which IP addresses count as public (the internet) and which are internal;
- ``network``: how names are resolved (injectable; a stub for tests) and which proxies apply;
- ``policy``: what may be requested at all (http/https, public addresses, the site's own host and port);
- ``client``: one HTTP request hop by hop, every redirect checked again, with caps and time limits;
- ``failures``: the kinds of failure, each with a Dutch text that never carries the system's message;
- ``probe``: does this machine reach the internet at all (asked once per run);
- ``robots``: the robots.txt of the hosts the link check asks.
"""
