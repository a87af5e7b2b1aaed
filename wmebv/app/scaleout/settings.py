"""The Scrapy settings module of the egg that ``scrapyd-deploy`` builds (see scrapy.cfg and docs/scale.md).

Everything a crawl needs comes with its options (``-a options_json=...``): the spider applies the
politeness and limits itself and opens its own store. What Scrapyd adds is the audit once the
crawl has finished, so every node leaves a complete database that ``wmebv compare`` can read.
"""

BOT_NAME = "wmebv-audit"
SPIDER_MODULES = ["crawler.spider"]
NEWSPIDER_MODULE = "crawler.spider"
EXTENSIONS = {"wmebv.app.scaleout.audit.AuditAfterCrawl": 900}
# Scrapyd keeps the log of each job; our progress lines are meant for a terminal.
WMEBV_PROGRESS_INTERVAL = 0
