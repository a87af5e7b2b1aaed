"""The application: the `wmebv` command line, the demo and the crawl with its audit beside it."""
