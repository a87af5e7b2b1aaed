"""Parsing a page once: chrome versus content, and content that only appears with JavaScript."""

from __future__ import annotations

import json

import lxml.html

from wmebv.core.page import HTML_ELEMENT_CLASSES, ParsedPage, RegionRules, parse_html, visible_text_chars

RULES = RegionRules.load()
CHROME = "<header><nav>" + "Home Inwoners Ondernemers Bestuur Contact " * 10 + "</nav></header>"


def test_chrome_is_left_out_of_the_content() -> None:
    html = f"<html><body>{CHROME}<div class='cookie-banner'>Cookies?</div><main><h1>Paspoort</h1><p>{'Tekst. ' * 40}</p></main><footer>Voet</footer></body></html>"
    page = ParsedPage.from_html("https://gemeente.example/paspoort", html, RULES)
    assert page.title == "Paspoort"
    text = page.body.text_content()
    assert "Cookies?" not in text and "Voet" not in text and "Inwoners" not in text
    assert page.content.tag == "main" and not page.needs_javascript


def test_content_shipped_as_json_is_read_and_flagged() -> None:
    payload = json.dumps({"html": "<h1>Parkeervergunning</h1><h2>Wat kost het?</h2><p>€ 60 per jaar.</p>"})
    html = f"<html><body>{CHROME}<div id='app'></div><script type='application/json'>{payload}</script></body></html>"
    page = ParsedPage.from_html("https://gemeente.example/parkeren", html, RULES)
    assert page.needs_javascript
    assert page.title == "Parkeervergunning" and "€ 60 per jaar" in page.body.text_content()


def test_json_data_beside_a_normal_page_is_not_javascript_only() -> None:
    payload = json.dumps({"html": "<p>Extra</p>"})
    html = f"<html><body><main><h1>Afval</h1><p>{'Tekst over afval. ' * 20}</p></main><script type='application/json'>{payload}</script></body></html>"
    assert not ParsedPage.from_html("u", html, RULES).needs_javascript


def test_broken_input_gives_an_empty_page() -> None:
    for html in ("", "\x00\x00", b"\xff\xfe garbage", "<html><body><p>unclosed"):
        page = ParsedPage.from_html("u", html, RULES)
        assert page.root is not None and isinstance(page.title, str)
    assert visible_text_chars(parse_html("<html><body><script>var x = 1;</script><p>Hallo</p></body></html>")) == 5


def test_parsed_elements_have_the_classes_lxml_html_gives_them() -> None:
    html = ("<html><body><!-- note --><form action='/x'><label>Naam</label><input name='naam'>"
            "<select><option>1</option></select><textarea></textarea></form><p>Tekst</p></body></html>")
    ours = [type(element) for element in parse_html(html).iter()]
    assert ours == [type(element) for element in lxml.html.document_fromstring(html).iter()]
    assert HTML_ELEMENT_CLASSES == lxml.html.HtmlElementClassLookup._default_element_classes  # none added by lxml
