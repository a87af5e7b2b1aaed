"""Scale out on Scrapyd: the same site crawls as ``wmebv crawl --sites``, run by Scrapyd nodes.

Scrapyd schedules and runs the jobs (its HTTP API, the project deployed as an egg with
scrapyd-client); wmebv only gives it one job per site and reads back where they stand.
"""
