"""Classify one link or button: which channel kind it is, for what purpose, with which login."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from audit.channels.model import Channel
from audit.channels.patterns import ChannelPatterns

_ONCLICK_URL = re.compile(r"""(?:location(?:\.href)?|window\.open)\s*(?:=|\()\s*['"]([^'"]+)['"]""")
_AUTH_WORDS = (("eherkenning", "eherkenning"), ("eidas", "eidas"), ("digid", "digid"))
BUTTON_CLASS_WORDS = re.compile(r"\b(btn|button|knop|cta|call-to-action|direct-regelen|action)\b", re.IGNORECASE)
# A link text that says the link is a document ("(pdf, 111 kB)", "(DOCX)").
DOCUMENT_LABEL = re.compile(r"\((pdf|docx?|odt|rtf)\b|\b(pdf|docx?|odt)-?(bestand|document)\b", re.IGNORECASE)
FORM_PATH_WORDS = re.compile(r"formulier|/forms?/|e-?loket|direct-?regelen|e-?services?|/aanvraag/|/melding/", re.IGNORECASE)


@dataclass(frozen=True)
class LinkContext:
    """One link or button with the words around it."""

    url: str
    label: str
    sentence: str
    heading: str
    location: str
    page_host: str
    styled_as_button: bool
    source: str = "link"
    block: str = ""


# The schemes a channel link may have when the page writes one (relative links take the page's).
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def onclick_url(onclick: str) -> str:
    """The address a button's onclick handler navigates to, if it says so plainly."""
    match = _ONCLICK_URL.search(onclick or "")
    return match.group(1) if match else ""


def absolute(url: str, base: str) -> str:
    """The link made absolute against the page address."""
    url = (url or "").strip()
    if not url or url.startswith("#") or _SCHEME.match(url) and not url.lower().startswith(LINK_SCHEMES):
        return ""  # data:, javascript:, file:, ftp: ... are no channel a citizen can use
    try:
        joined = urljoin(base, url) if base else url
        urlsplit(joined).hostname  # noqa: B018 - raises on a broken address such as "http://[x"
    except ValueError:
        return ""  # an address no browser can follow is no channel
    return joined


def auth_of(*texts: str) -> str:
    """The login a link needs, from its address or words."""
    joined = " ".join(texts).lower()
    for word, auth in _AUTH_WORDS:
        if word in joined:
            return auth
    return ""


def classify(link: LinkContext, patterns: ChannelPatterns) -> Channel | None:
    """The channel a link or button stands for, or None when it is just a link."""
    url, label, sentence = link.url, link.label, link.sentence
    base = dict(url=url, label=label[:200], location=link.location, source=link.source, evidence=sentence[:300])
    if url.lower().startswith("mailto:"):
        purpose = "message" if patterns.email_counts and _for_message(link, "email_designated", patterns) else "question"
        return Channel(kind="email", purpose=purpose, **base)
    if url.lower().startswith("tel:"):
        return Channel(kind="phone", purpose=_purpose_of_contact("phone", link, patterns), **base)
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path + (f"?{parts.query}" if parts.query else "")
    extension = parts.path.rsplit(".", 1)[-1].lower() if "." in parts.path.rsplit("/", 1)[-1] else ""
    if extension in patterns.document_extensions:
        if patterns.document_form_words.search(f"{url} {label}"):
            purpose = "substep" if patterns.any_text("substep_texts", f"{label} {sentence}") else "message"
            return Channel(kind="paper_form", purpose=purpose, platform="document", **base)
        return None
    platform = next((p for p in patterns.platforms if p.matches(host, path)), None)
    kind: str | None
    if platform is None and host and host in patterns.form_hosts and path.strip("/"):
        kind, platform_name, platform_auth = "webform", "form_hosts", ""
    elif platform is not None:
        kind, platform_name, platform_auth = platform.kind, platform.name, platform.auth
        if kind == "webform" and patterns.is_appointment(host, "", label):
            kind = "appointment"  # "Afspraak maken met DigiD": the login is for the appointment
    else:
        kind = _kind_from_words(link, host, path, patterns)
        if kind is None:
            return None
        platform_name, platform_auth = "", ""
    auth = platform_auth or auth_of(url, label)
    if kind in ("contact_form", "appointment", "phone"):
        purpose = _purpose_of_contact(kind, link, patterns)
    else:
        purpose = _purpose_of_digital(label, sentence if not _login_only(label, patterns) else link.block or sentence, patterns)
    if kind == "webform" and purpose == "message" and not auth:
        auth = auth_of(sentence) if patterns.any_text("login_texts", sentence) else ""
    return Channel(kind=kind, auth=auth, purpose=purpose, platform=platform_name, **base)


def _kind_from_words(link: LinkContext, host: str, path: str, patterns: ChannelPatterns) -> str | None:
    """A link not on a known platform: a contact form, an appointment, or a form by its button text."""
    label = link.label
    if patterns.contact_path.search(path) and (link.page_host in ("", host)) or patterns.contact_text.search(label):
        return "contact_form"
    if not link.url and DOCUMENT_LABEL.search(label):
        return "paper_form"  # a button "Aanvraagformulier (pdf, 111 kB)": a document, whatever its address
    if patterns.is_appointment(host, path, label):
        return "appointment"
    if not patterns.any_text("action_texts", label) and not (
        link.source == "button" and patterns.any_text("login_texts", label)
    ):
        return None
    if link.source == "button" or not link.url:
        return "webform"
    if host and host != link.page_host:
        return "webform"
    # A link to another page of the site itself ("Paspoort aanvragen") is only a form when it
    # looks like a button or its address looks like a form.
    if link.styled_as_button or FORM_PATH_WORDS.search(path):
        return "webform"
    return None


def _purpose_of_digital(label: str, sentence: str, patterns: ChannelPatterns) -> str:
    """message, or substep when the link only serves consent, an appointment or the status."""
    if patterns.any_text("substep_texts", label):
        return "substep"
    if patterns.any_text("action_texts", label) and not patterns.any_text("login_texts", label):
        return "message"
    if patterns.any_text("substep_texts", sentence):
        return "substep"
    return "message"


def _login_only(label: str, patterns: ChannelPatterns) -> bool:
    """True for a bare login button ("DigiD", "Inloggen met DigiD"): its paragraph tells what it is for."""
    return patterns.any_text("login_texts", label) and not patterns.any_text("action_texts", label) or len(label) < 8


def _for_message(link: LinkContext, designated_group: str, patterns: ChannelPatterns) -> bool:
    """For an e-mail address or the contact form: is it the route for the formal message itself?"""
    if patterns.any_text("question_texts", link.sentence):
        return False
    if patterns.any_text(designated_group, link.sentence):
        return True
    return patterns.any_text("message_headings", link.heading)


def _purpose_of_contact(kind: str, link: LinkContext, patterns: ChannelPatterns) -> str:
    """For a contact form, appointment or phone link: is it the route for the message itself?"""
    if kind == "appointment":
        return "message"
    if kind == "phone":
        about_questions = patterns.any_text("question_texts", link.block or link.sentence)
        return "question" if about_questions or patterns.any_text("contact_headings", link.heading) else "message"
    if not patterns.contact_form_counts:
        return "question"
    return "message" if _for_message(link, "contact_form_for_message", patterns) else "question"
