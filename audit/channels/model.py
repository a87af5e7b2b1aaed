"""What channel detection finds on a page, and the channel status that follows from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# Kinds through which a citizen can send the formal message digitally (see DOMAIN.md).
DIGITAL_KINDS = frozenset(
    {"webform", "embedded_form", "omgevingsloket", "mijn_portal", "mijnoverheid", "email", "contact_form"}
)
PAPER_KINDS = frozenset({"paper_form"})
IN_PERSON_KINDS = frozenset({"appointment", "in_person"})
BROKEN_STATUSES = frozenset({"dead", "error"})
STATUSES = ("digital", "paper_only", "in_person_only", "none", "unclear")

# purpose: "message" = the route for the formal message itself; "substep" = a side step such as
# consent or an appointment; "question" = for questions only. Only "message" channels decide.
PURPOSES = ("message", "substep", "question")


@dataclass(frozen=True)
class Channel:
    """One way to send the message (or a side step), with where and why it was found."""

    kind: str
    url: str = ""
    label: str = ""
    auth: str = ""
    purpose: str = "message"
    location: str = "content"  # content | aside (outside the main text) | text (a sentence, no link)
    source: str = "link"  # link | button | embed | form | text
    evidence: str = ""
    platform: str = ""
    check_status: str = ""

    @property
    def digital(self) -> bool:
        """True for a digital kind (whatever its purpose or link status)."""
        return self.kind in DIGITAL_KINDS

    @property
    def counts(self) -> bool:
        """True when this channel is a working route for the formal message."""
        return self.purpose == "message" and self.check_status not in BROKEN_STATUSES

    def to_dict(self) -> dict[str, Any]:
        """The channel as plain data (JSON output, ``channels`` table)."""
        return {
            "kind": self.kind,
            "url": self.url,
            "label": self.label,
            "auth": self.auth,
            "digital": int(self.digital),
            "purpose": self.purpose,
            "location": self.location,
            "source": self.source,
            "evidence": self.evidence,
            "platform": self.platform,
            "check_status": self.check_status,
        }


@dataclass(frozen=True)
class ChannelResult:
    """All channels of one page, the phrases found, and the resulting channel status."""

    channels: tuple[Channel, ...] = ()
    signals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # phrase group -> sentences
    request_needed: bool = False  # the page says a request or report is needed (or possible) here

    @property
    def status(self) -> str:
        """digital, paper_only, in_person_only, none or unclear (see docs/check.md)."""
        return channel_status(self.channels, self.request_needed)

    @property
    def message_channels(self) -> list[Channel]:
        """The channels for the formal message that work (or were not checked)."""
        return [channel for channel in self.channels if channel.counts]

    @property
    def digital_channels(self) -> list[Channel]:
        """The working digital channels for the formal message."""
        return [channel for channel in self.message_channels if channel.digital]

    @property
    def kinds(self) -> list[str]:
        """The kinds of the working channels for the message, without repeats, in page order."""
        return list(dict.fromkeys(channel.kind for channel in self.message_channels))

    @property
    def auth(self) -> list[str]:
        """The logins the digital channels for the message need (digid, eherkenning, eidas)."""
        return sorted({channel.auth for channel in self.digital_channels if channel.auth})

    @property
    def primary(self) -> Channel | None:
        """The channel to show in the inventory: the first working digital one, else the first for the message."""
        ranked = self.digital_channels or self.message_channels
        with_url = [channel for channel in ranked if channel.url]
        return (with_url or ranked)[0] if ranked else None

    def with_link_status(self, status: Mapping[str, str]) -> ChannelResult:
        """A copy in which each linked channel carries its link check result."""
        channels = tuple(
            replace(channel, check_status=status.get(channel.url, channel.check_status)) if channel.url else channel
            for channel in self.channels
        )
        return replace(self, channels=channels)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data for JSON and the store."""
        primary = self.primary
        return {
            "channel_status": self.status,
            "kinds": self.kinds,
            "auth": self.auth,
            "primary": primary.to_dict() if primary else None,
            "channels": [channel.to_dict() for channel in self.channels],
            "signals": {group: list(sentences) for group, sentences in self.signals.items()},
        }


def channel_status(channels: tuple[Channel, ...] | list[Channel], request_needed: bool = False) -> str:
    """The status of a page from its channels: a working digital one wins, then paper, then in person.

    A page that says a request is needed but names no way at all to send it is "unclear" (to
    check): not the same as a page with nothing to request. Calling is a way, though not a channel.
    """
    counting = [channel for channel in channels if channel.counts]
    if any(channel.digital for channel in counting):
        return "digital"
    if any(channel.kind in PAPER_KINDS for channel in counting):
        return "paper_only"
    if any(channel.kind in IN_PERSON_KINDS for channel in counting):
        return "in_person_only"
    if request_needed and not any(channel.purpose == "message" for channel in channels):
        return "unclear"
    return "none"
