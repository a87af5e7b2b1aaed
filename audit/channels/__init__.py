"""Channel detection: which routes a page offers for the formal message (kanaal family).

``load_channel_resources(rules_dir, settings)`` reads ``rules/channels/*.yml`` once per run;
``ChannelResources.detect(parsed)`` returns a :class:`ChannelResult` (``.status``, ``.channels``,
``.kinds``, ``.auth``, ``.to_dict()``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.channels.detect import detect_channels
from audit.channels.model import DIGITAL_KINDS, STATUSES, Channel, ChannelResult, channel_status
from audit.channels.patterns import ChannelPatterns, load_channel_patterns
from wmebv.core.page import ParsedPage

__all__ = [
    "DIGITAL_KINDS",
    "STATUSES",
    "Channel",
    "ChannelResources",
    "ChannelResult",
    "channel_status",
    "load_channel_resources",
]


@dataclass(frozen=True)
class ChannelResources:
    """The compiled channel patterns of one run."""

    patterns: ChannelPatterns

    def detect(self, parsed: ParsedPage) -> ChannelResult:
        """The channels of one parsed page."""
        return detect_channels(parsed, self.patterns)


def load_channel_resources(rules_dir: Path, settings: Mapping[str, Any]) -> ChannelResources:
    """Read the channel data once per run."""
    return ChannelResources(patterns=load_channel_patterns(rules_dir, settings))
