"""Many municipalities at once: a list of sites, each crawled and audited into its own database."""
