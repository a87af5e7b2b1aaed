"""robots.txt: which URLs we may fetch, the Crawl-delay and the sitemaps it names (via Protego)."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

ROBOTS_AGENT = "wmebv-audit"


@dataclass(frozen=True)
class RobotsRules:
    """The parsed robots.txt of a site (an empty text allows everything)."""

    text: str
    agent: str = ROBOTS_AGENT
    _parser: Protego = field(init=False, repr=False, compare=False)

    def allows(self, url: str) -> bool:
        """True when robots.txt lets our agent fetch the URL."""
        return self._parser.can_fetch(url, self.agent)

    def crawl_delay(self) -> float:
        """The Crawl-delay for our agent (or '*'), in seconds; 0 when none."""
        delay = self._parser.crawl_delay(self.agent)
        return float(delay) if delay else 0.0

    def sitemaps(self) -> list[str]:
        """The sitemap URLs listed with 'Sitemap:'."""
        return list(self._parser.sitemaps)

    def blocks_everything(self, origin: str) -> bool:
        """True when the site root and a neutral page are both disallowed."""
        return not self.allows(f"{origin}/") and not self.allows(f"{origin}/wmebv-robots-check")

    def __post_init__(self) -> None:
        """Parse once; the dataclass is frozen, so set the cached parser directly."""
        object.__setattr__(self, "_parser", Protego.parse(self.text))
