"""Does the WMEBV apply: a page's own headings and text count only when the page describes a product."""

from __future__ import annotations

from datetime import date

import pytest

from audit.engine import check_page
from audit.resources import AuditResources, load_resources
from audit.targets import Target, draft_to_html

OVERVIEW = ("Jong gezin\n\n"
            "Er verandert veel als er een kind komt. Op deze pagina leest u wat u wanneer regelt.\n\n"
            "Geboorte doorgeven\n\n"
            "Is uw kind geboren? Dan moet u de geboorte melden bij de gemeente.\n\n"
            "Kinderopvang\n\n"
            "Lees meer over opvang en toeslagen bij de Belastingdienst.\n")


@pytest.fixture(scope="module")
def resources() -> AuditResources:
    return load_resources()


def _applies(text: str, resources: AuditResources) -> bool | None:
    target = Target(url="file:///concepten/jong-gezin.txt", html=draft_to_html(text), draft_text=text)
    return check_page(target, resources, today=date(2026, 6, 1)).verdict["applies"]


def test_overview_page_is_not_taken_for_a_request(resources: AuditResources) -> None:
    """An overview names the requests of other pages: its headings and text alone do not make it one."""
    assert _applies(OVERVIEW, resources) is not True


def test_page_that_describes_the_product_is_a_request(resources: AuditResources) -> None:
    """The same words on a page that tells what to bring along: the page is about the request itself."""
    text = OVERVIEW + "\nWat neemt u mee?\n\nNeem uw identiteitsbewijs mee naar de afspraak.\n"
    assert _applies(text, resources) is True
