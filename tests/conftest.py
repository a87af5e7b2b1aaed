"""Shared test settings: nothing in the test run may reach the internet."""

from __future__ import annotations

import os

# The audit's link check requests only 127.0.0.1 and localhost; other hosts stay "unchecked".
os.environ["WMEBV_LINKCHECK_LOCAL_ONLY"] = "1"
