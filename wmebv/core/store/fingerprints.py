"""A finding's identity across crawls."""

from __future__ import annotations

import hashlib


def finding_fingerprint(rule_id: str, url: str, evidence: str) -> str:
    """A stable id for 'the same finding' across crawls: rule, page and evidence."""
    raw = f"{rule_id}\x1f{url}\x1f{evidence.strip()}".encode()
    return hashlib.sha1(raw).hexdigest()[:16]
