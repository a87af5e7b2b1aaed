"""Find the channels on a page: links, buttons, embedded forms, and what the text itself says."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from audit.channels.context import element_text, heading_before, is_inside, sentence_in
from audit.channels.links import BUTTON_CLASS_WORDS, LinkContext, absolute, auth_of, classify, onclick_url
from audit.channels.model import PAPER_KINDS, Channel, ChannelResult
from audit.channels.patterns import ChannelPatterns
from wmebv.core.blocks import Block, TextLayer, clean
from wmebv.core.page import ParsedPage

EMBED_SELECTORS = "#openforms-root, [data-form-id], [data-openforms-form], [data-formio-src]"
# Compiled once: translating CSS to XPath on every page cost as much as finding the forms.
_EMBEDS = CSSSelector(EMBED_SELECTORS, translator="html")
_SEARCH_FIELDS = CSSSelector("[type=search]", translator="html")


def _link_elements(body: HtmlElement) -> list[tuple[HtmlElement, str, str]]:
    """Links and buttons with their raw address and source type (link or button)."""
    found: list[tuple[HtmlElement, str, str]] = []
    for element in body.iter("a", "area", "button", "input"):
        tag = element.tag.lower()
        if tag in ("a", "area"):
            href = element.get("href") or ""
            styled = BUTTON_CLASS_WORDS.search(element.get("class") or "") or element.get("role") == "button"
            found.append((element, href, "button" if styled and not href.strip() else "link"))
        elif tag == "button" or (tag == "input" and (element.get("type") or "").lower() in ("submit", "button")):
            if element.get("aria-controls") or element.get("aria-expanded") is not None:
                continue  # an accordion or tab toggle, not an action
            target = element.get("formaction") or onclick_url(element.get("onclick") or "") or element.get("data-href") or ""
            form = next((a for a in element.iterancestors("form")), None)
            if not target and form is not None:
                target = form.get("action") or ""
            found.append((element, target, "button"))
    return found


def link_channels(parsed: ParsedPage, patterns: ChannelPatterns) -> list[Channel]:
    """Channels behind the links and buttons of the page (sidebar included, chrome excluded)."""
    body, content, layer = parsed.body, parsed.content, parsed.text
    abbreviations = layer.rules.abbreviations
    page_host = (urlsplit(parsed.url).hostname or "").lower()
    channels: list[Channel] = []
    for element, raw, source in _link_elements(body):
        label = element_text(element)
        url = absolute(raw, parsed.url)
        if not url and source != "button":
            continue
        container = layer.container_text(element)
        link = LinkContext(
            url=url,
            label=label,
            sentence=sentence_in(container, label, abbreviations),
            block=clean(container)[:400],
            heading=heading_before(layer, element),
            location="content" if is_inside(element, content) else "aside",
            page_host=page_host,
            styled_as_button=bool(BUTTON_CLASS_WORDS.search(element.get("class") or "")) or element.get("role") == "button",
            source=source,
        )
        channel = classify(link, patterns)
        if channel is not None:
            channels.append(channel)
    return channels


def embedded_channels(parsed: ParsedPage, patterns: ChannelPatterns) -> list[Channel]:
    """Forms embedded in the page: Open Formulieren roots, form iframes, real input forms."""
    body, content = parsed.body, parsed.content
    channels: list[Channel] = []
    for element in _EMBEDS(body):
        form_id = element.get("data-form-id") or element.get("data-openforms-form") or element.get("id") or ""
        location = "content" if is_inside(element, content) else "aside"
        channels.append(Channel(kind="embedded_form", label=f"Ingebed formulier {form_id}".strip(), location=location,
                                source="embed", platform="Open Formulieren", evidence=f"formulier {form_id}"))
    for frame in body.iter("iframe"):
        src = absolute(frame.get("src") or "", parsed.url)
        host, path = (urlsplit(src).hostname or "").lower(), urlsplit(src).path
        platform = next((p for p in patterns.platforms if p.matches(host, path)), None)
        if platform is not None and platform.kind == "webform":
            channels.append(Channel(kind="embedded_form", url=src, label=clean(frame.get("title") or "Ingebed formulier"),
                                    auth=platform.auth, source="embed", platform=platform.name))
    for form in body.iter("form"):
        fields = form.xpath(".//textarea | .//input[@type='file']")
        if fields and not _SEARCH_FIELDS(form):
            channels.append(Channel(kind="embedded_form", url=absolute(form.get("action") or "", parsed.url),
                                    label=clean(form.get("aria-label") or "Formulier op de pagina"), source="form",
                                    location="content" if is_inside(form, content) else "aside",
                                    auth=auth_of(form.get("action") or "")))
    return channels


# Starts only where a run of address characters starts: otherwise one long word costs quadratic time.
EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def text_email_channels(parsed: ParsedPage, found: list[Channel], patterns: ChannelPatterns) -> list[Channel]:
    """E-mail addresses written in the text without a mailto link, judged like mailto links."""
    known = {channel.url.lower().removeprefix("mailto:") for channel in found if channel.kind == "email"}
    channels: list[Channel] = []
    layer = parsed.text
    for block in layer.blocks:
        if "@" not in block.text:
            continue  # no address without an at sign
        for address in dict.fromkeys(EMAIL_IN_TEXT.findall(block.text)):
            address = address.rstrip(".")
            if address.lower() in known:
                continue
            known.add(address.lower())
            sentence = next((s for s in layer.sentences(block) if address in s), block.text)[:300]
            link = LinkContext(url=f"mailto:{address}", label=address, sentence=sentence, heading=block.section[:120],
                               location="content" if is_inside(block.element, parsed.content) else "aside",
                               page_host="", styled_as_button=False, source="text", block=block.text[:400])
            channel = classify(link, patterns)
            if channel is not None:
                channels.append(channel)
    return channels


# A sentence that points back at the one before it ("Dat kan online.", "Daarvoor logt u in met DigiD.").
ANAPHOR = re.compile(r"\s*(dat|dit|het|daarvoor|hiervoor|daarmee|hiermee|daar|hier)\b", re.IGNORECASE)
# Phrase groups that name a digital route for the message, and the channel kind each stands for.
DIGITAL_PHRASES = {"digital": "webform", "omgevingsloket": "omgevingsloket", "contact_form": "contact_form",
                   "email": "email"}


def text_signals(layer: TextLayer, patterns: ChannelPatterns) -> list[tuple[str, str, Block]]:
    """Per sentence of the page the phrase groups (digital routes, no_digital, paper, in_person, phone) it says.

    Headings name a subject, not a route, and are left out. A sentence is judged with the one it
    points back at ("Dat kan online"), and a list item with the line that opens its list ("Dit
    regelt u op drie manieren:").
    """
    signals: list[tuple[str, str, Block]] = []
    previous, previous_block, lead_in = "", None, ""
    for sentence, block in layer.each_sentence():
        if block.kind == "heading":
            continue
        if block.kind != "list_item":
            lead_in = sentence if sentence.endswith(":") else ""
        groups = patterns.phrase_groups(sentence)
        context = sentence
        if previous_block is block and ANAPHOR.match(sentence):
            context = f"{previous} {sentence}"
        elif block.kind == "list_item" and lead_in:
            context = f"{lead_in} {sentence}"
        previous, previous_block = sentence, block
        if "no_digital" in groups or patterns.any_text("substep_texts", context):
            # "niet online aanvragen", "geef online toestemming met DigiD": no digital route for the message
            groups = [group for group in groups if group not in DIGITAL_PHRASES]
        signals.extend((group, sentence[:300], block) for group in groups)
    return signals


def contact_points(signals: list[tuple[str, str, Block]], patterns: ChannelPatterns) -> frozenset[str]:
    """The phone sentences that sit in a paragraph about questions or under a contact heading.

    "Vragen? Bel 14 099." tells where to ask: a contact point, not a way to send the formal message.
    """
    return frozenset(sentence for group, sentence, block in signals if group == "phone" and (
        patterns.any_text("question_texts", block.text) or patterns.any_text("contact_headings", block.section)))


def text_channels(found: list[Channel], signals: dict[str, tuple[str, ...]], patterns: ChannelPatterns,
                  contact_points: frozenset[str] = frozenset()) -> list[Channel]:
    """Channels the text names without a link (only where no link already shows them)."""
    kinds = {channel.kind for channel in found if channel.purpose == "message"}
    extra: list[Channel] = []
    linked_digital = any(channel.digital for channel in found if channel.purpose == "message")
    for group, kind in DIGITAL_PHRASES.items():
        sentences = signals.get(group) or ()
        if not sentences or kind in kinds or (kind == "webform" and linked_digital):
            continue
        if kind == "email" and not patterns.email_counts:
            continue
        sentence = sentences[0]
        extra.append(Channel(kind=kind, label=sentence[:120], auth=auth_of(sentence), location="text",
                             source="text", evidence=sentence))
    if signals.get("paper") and not kinds & PAPER_KINDS:
        extra.append(Channel(kind="paper_form", label=signals["paper"][0][:120], location="text", source="text",
                             evidence=signals["paper"][0]))
    if signals.get("in_person"):
        extra.append(Channel(kind="in_person", label=signals["in_person"][0][:120], location="text", source="text",
                             evidence=signals["in_person"][0]))
    phone = signals.get("phone") or ()
    routes = [sentence for sentence in phone if sentence not in contact_points]
    if phone and "phone" not in kinds:
        sentence = (routes or list(phone))[0]
        extra.append(Channel(kind="phone", label=sentence[:120], location="text", source="text", evidence=sentence,
                             purpose="message" if routes else "question"))
    return extra


def demote_when_not_online(channels: list[Channel], signals: dict[str, tuple[str, ...]], patterns: ChannelPatterns) -> list[Channel]:
    """When the page says it cannot be done online, a bare login link serves a side step."""
    if not signals.get("no_digital"):
        return channels
    result = []
    for channel in channels:
        login_only = channel.source != "text" and channel.auth and not patterns.any_text("action_texts", channel.label)
        result.append(Channel(**{**channel.__dict__, "purpose": "substep"}) if login_only and channel.purpose == "message" else channel)
    return result


def detect_channels(parsed: ParsedPage, patterns: ChannelPatterns) -> ChannelResult:
    """All channels of a page and its channel status."""
    found = link_channels(parsed, patterns) + embedded_channels(parsed, patterns)
    found += text_email_channels(parsed, found, patterns)
    found_signals = text_signals(parsed.text, patterns)
    signals: dict[str, tuple[str, ...]] = {}
    for group, sentence, _ in found_signals:
        signals[group] = signals.get(group, ()) + (sentence,)
    found = demote_when_not_online(found, signals, patterns)
    unique: dict[tuple[str, str, str, str], Channel] = {}
    for channel in found + text_channels(found, signals, patterns, contact_points(found_signals, patterns)):
        unique.setdefault((channel.kind, channel.url or channel.label, channel.purpose, channel.location), channel)
    return ChannelResult(channels=tuple(unique.values()), signals=signals, request_needed=bool(signals.get("request_needed")))
