"""Generate product pages from `content/variants.yml` and the phrase blocks in `phrases.yml`."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.sample.content import CLUSTERS, DIGITAL_KINDS, TEMPLATES, Product, Truth
from wmebv.sample.upl import UplEntry

OMGEVINGSLOKET = "https://omgevingswet.overheid.nl/aanvragen-en-melden"
MIJNOVERHEID = "https://mijn.overheid.nl/"
FORMDESK = "https://fd8.formdesk.com/voorbeeldstad/"
APPOINTMENT = "{loket}/afspraak-maken/"
# situation -> (phrase block, channel kinds, auth, status)
SITUATIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "opf": ("webform", ("webform",), (), "digital"),
    "opf_digid": ("webform", ("webform",), ("digid",), "digital"),
    "opf_eherkenning": ("webform", ("webform",), ("eherkenning",), "digital"),
    "triple": ("webform", ("webform",), ("digid",), "digital"),
    "topdesk": ("webform", ("webform",), (), "digital"),
    "formdesk": ("webform", ("webform",), (), "digital"),
    "formdesk_eherkenning": ("webform", ("webform",), ("eherkenning",), "digital"),
    "embedded": ("embedded", ("embedded_form",), (), "digital"),
    "omgevingsloket": ("omgevingsloket", ("omgevingsloket",), ("digid", "eherkenning"), "digital"),
    "mijnoverheid": ("mijnoverheid", ("mijnoverheid",), ("digid",), "digital"),
    "mijn_portal": ("mijn_portal", ("mijn_portal",), ("digid",), "digital"),
    "email": ("email", ("email",), (), "digital"),
    "contact_form": ("contact_form", ("contact_form",), (), "digital"),
    "paper": ("paper", ("paper_form",), (), "paper_only"),
    "paper_docx": ("paper", ("paper_form",), (), "paper_only"),
    "appointment": ("appointment", ("appointment",), (), "in_person_only"),
    "phone": ("phone", ("phone",), (), "none"),
    "nothing": ("", (), (), "none"),  # "unclear" when the intro says a request must be made
    "dead_form": ("dead_form", ("phone",), (), "none"),
}
CORE_SECTIONS = ("aanvragen", "kosten", "termijn", "contact")
# A contact point as norm.geen-contact defines it: a phone number, an e-mail address or the contact form.
CONTACT_POINT = re.compile(r"\b14 0\d{2,3}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\]\(/contact\)")
BUTTONS = ("Direct regelen", "Online aanvragen", "Vraag aan", "Doe een melding", "Regel het online")
AMOUNTS = ("12,80", "25,50", "38,90", "57,25", "76,00", "114,70", "145,30", "312,00")


@dataclass(frozen=True)
class Generated:
    """The generated products plus the e-loket paths that must answer 404."""

    products: list[Product]
    dead_loket_paths: frozenset[str]


def slugify(text: str) -> str:
    """Turn a title into a URL slug."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def camel(text: str) -> str:
    """Turn a title into a CamelCase form name (TriplEforms style)."""
    return "".join(part.capitalize() for part in slugify(text).split("-"))


def channel_link(situation: str, slug: str, title: str, rng: random.Random) -> str:
    """Return the link a situation puts on the page (empty when it has none)."""
    return {
        "opf": f"{{loket}}/{slug}/",
        "opf_digid": f"{{loket}}/auth/{slug}/digid/start",
        "opf_eherkenning": f"{{loket}}/auth/{slug}/eherkenning/start",
        "triple": f"{{loket}}/TriplEforms/DirectRegelen/{camel(title)}.aspx",
        "topdesk": f"{{loket}}/tas/public/xfg?unid={rng.getrandbits(64):016x}",
        "formdesk": FORMDESK + slug,
        "formdesk_eherkenning": FORMDESK + slug,
        "omgevingsloket": OMGEVINGSLOKET,
        "mijnoverheid": MIJNOVERHEID,
        "mijn_portal": f"{{loket}}/mijn/{slug}",
        "appointment": APPOINTMENT,
        "dead_form": f"{{loket}}/{slug}-formulier/",
    }.get(situation, "")


def product_path(entry: dict[str, Any], slug: str, index: int, areas: dict[str, str],
                 rng: random.Random) -> str:
    """Choose a realistic URL path for a generated product."""
    if entry["template"] == "legacy":
        return (f"/pdc/product.aspx?id={500 + index * 7}" if rng.random() < 0.5
                else f"/loket/{slug}.html")
    if entry["cluster"] == "ondernemen":
        return f"/ondernemen/{slug}"
    if rng.random() < 0.5:
        return f"/producten/{slug}"
    return f"/inwoners/{areas[entry['cluster']]}/{slug}"


def fill(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders of a phrase block."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _claim(status: str, auth: tuple[str, ...], wrong: bool) -> str:
    """The SC onlineAanvragen value: correct for the situation, or deliberately wrong."""
    online = "digid" if "digid" in auth else "ja"
    if status == "digital":
        return "nee" if wrong else online
    return "ja" if wrong else "nee"


def generate_one(entry: dict[str, Any], index: int, seed: int, phrases: dict[str, Any],
                 upl: dict[str, UplEntry], taken: set[str]) -> tuple[Product, str]:
    """Generate one product page and its truth; return it with its dead e-loket path (or '')."""
    situation = entry["channel"]
    block, situation_kinds, auth, status = SITUATIONS[situation]
    title = entry["title"]
    slug = slugify(title)
    while slug in taken:
        slug += "-vbs"
    rng = random.Random(f"{seed}:{slug}")
    upl_entry = upl[entry["upl"]]
    style = "ambtelijk" if rng.random() < 0.3 else "b1"
    use_je = style == "b1" and rng.random() < 0.1
    outdated = rng.random() < 0.12
    link = channel_link(situation, slug, title, rng)
    ext = "docx" if situation == "paper_docx" else "pdf"
    values = {"onderwerp": entry["upl"], "titel": title, "link": link,
              "pdf": f"/formulieren/{slug}.{ext}", "bedrag": rng.choice(AMOUNTS),
              "dagen": str(rng.choice((5, 10, 15))), "weken": str(rng.choice((2, 4, 8))),
              "jaar": str(rng.choice((2021, 2022))), "mail": f"{entry['cluster']}@voorbeeldstad.nl"}
    kinds = list(situation_kinds)
    findings: list[str] = []
    sections: dict[str, str] = {}
    intro_key = "je" if use_je else style
    intro = rng.choice(phrases["intro"][intro_key])
    sections["wat_is_het"] = fill(intro["text"] if isinstance(intro, dict) else intro, values)
    if situation == "nothing" and isinstance(intro, dict) and intro.get("asks_request"):
        status = "unclear"  # the page says a request is needed, and never how
    if block:
        login = "digid" if "digid" in auth and situation != "omgevingsloket" else (
            "eherkenning" if "eherkenning" in auth else "none")
        values["login"] = phrases["login"][login]["b1"]
        values["login_ambtelijk"] = phrases["login"][login]["ambtelijk"]
        text = fill(phrases["channel"][block][style], values)
        if status == "digital":
            alternative = rng.random()
            if alternative < 0.3:
                text += "\n\n" + fill(phrases["alternative"]["paper"][style], values)
                kinds.append("paper_form")
            elif alternative < 0.45:
                text += "\n\n" + fill(phrases["alternative"]["appointment"][style], values)
                kinds.append("appointment")
        sections["aanvragen"] = text
    if rng.random() < 0.7:
        sections["voorwaarden"] = fill(rng.choice(phrases["voorwaarden"][style]), values)
    if rng.random() < 0.5:
        sections["meenemen"] = fill(rng.choice(phrases["meenemen"][style]), values)
    if rng.random() < 0.85:
        kind = "outdated" if outdated else ("free" if style == "b1" and rng.random() < 0.3 else style)
        sections["kosten"] = fill(rng.choice(phrases["kosten"][kind]), values)
    if rng.random() < 0.8:
        sections["termijn"] = fill(rng.choice(phrases["termijn"][style]), values)
    if upl_entry.aanvraag and rng.random() < 0.55:
        sections["bezwaar"] = fill(rng.choice(phrases["bezwaar"][style]), values)
    if rng.random() < 0.92:
        sections["contact"] = fill(rng.choice(phrases["contact"][style]), values)

    # DOMAIN.md: the WMEBV asks for a digital channel for a formal message: the UPL says Aanvraag or
    # Melding, or the page itself tells how to apply (an aanvragen section, or the title says so).
    formal_message = (upl_entry.aanvraag or upl_entry.melding or "aanvragen" in sections
                      or "aanvragen" in title.lower())
    if situation == "dead_form":
        findings.append("kanaal.dode-link")
    if formal_message and (status in ("none", "unclear") or (status == "in_person_only" and not entry.get("exempt"))):
        findings.append("kanaal.geen-digitaal-kanaal")
    elif formal_message and status == "paper_only":
        findings.append("kanaal.alleen-papier")
    # Only digitally through the general contact form; a paper or counter alternative does not change that.
    if formal_message and [kind for kind in kinds if kind in DIGITAL_KINDS] == ["contact_form"]:
        findings.append("kanaal.alleen-contactformulier")
    if len(kinds) == 1 and status in ("digital", "paper_only"):
        findings.append("norm.een-kanaal")
    if style == "ambtelijk":
        findings += phrases["ambtelijk_findings"]
    if use_je:
        findings.append("taal.u-en-je")
    missing = [key for key in CORE_SECTIONS if key not in sections]
    if missing:
        findings.append("structuur.sectie-ontbreekt")
    findings += [f"norm.geen-{key}" for key in ("kosten", "termijn") if key in missing]
    if "contact" in missing and not any(CONTACT_POINT.search(text) for text in sections.values()):
        findings.append("norm.geen-contact")
    # Service norm: a clear way to object or complain, on every page about a formal message.
    if formal_message and "bezwaar" not in sections:
        findings.append("norm.geen-bezwaar")
    if outdated:
        findings.append("norm.verouderd")
        modified = dt.date(int(values["jaar"]), rng.randint(1, 12), rng.randint(1, 28))
    else:
        modified = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 760))
    english = f"/en/{slug}" if rng.random() < 0.1 else ""
    if upl_entry.sdg and not english:
        findings.append("norm.geen-anderstalig")

    sc = None
    if rng.random() < 0.7:
        wrong = rng.random() < 0.22
        claim = _claim(status, auth, wrong)
        sc = {"online_aanvragen": claim}
        if claim != "nee" and link and status == "digital":
            sc["aanvraag_url"] = link
        if wrong:
            findings.append("kanaal.sc-claim-onjuist")

    direct: tuple[dict[str, str], ...] = ()
    if link and situation not in ("appointment",) and rng.random() < 0.7:
        label = "Inloggen met DigiD" if auth == ("digid",) and rng.random() < 0.4 else rng.choice(BUTTONS)
        direct = ({"label": label, "href": link},)
    extra = ""
    if situation == "embedded":
        extra = (f'<div id="openforms-root" data-base-url="{{loket}}/api/v2/" '
                 f'data-form-id="{rng.getrandbits(128):032x}" data-lang="nl"></div>\n'
                 '<script src="{loket}/static/openforms/open-forms-sdk.js"></script>')
    notes = f"Gegenereerd: situatie {situation}, stijl {style}."
    if entry.get("exempt"):
        notes += " Wettelijk persoonlijk aan de balie: geen kanaalbevinding."
    if entry.get("js_only"):
        notes += " De inhoud verschijnt alleen met JavaScript."
        findings.append("structuur.alleen-javascript")
    product = Product(
        slug=slug, path=product_path(entry, slug, index, phrases["areas"], rng), title=title,
        upl=entry["upl"], upl_uri=upl_entry.uri, cluster=entry["cluster"],
        template=entry["template"], modified=modified, sections=sections,
        truth=Truth(status, tuple(kinds), auth if status == "digital" else (),
                    style == "b1", tuple(dict.fromkeys(findings)), notes),
        source="variants.yml", in_sitemap=rng.random() < 0.85,
        owms=entry["template"] == "legacy" and rng.random() < 0.6, sc=sc, direct_regelen=direct,
        extra_html=extra, english=english, feedback=rng.random() < 0.2,
        legacy_style=rng.choice(("tabs", "dl", "bold")), js_only=bool(entry.get("js_only")),
        audience="ondernemer" if entry["cluster"] == "ondernemen" else "particulier",
    )
    dead = link.replace("{loket}", "") if situation == "dead_form" else ""
    return product, dead


def load_variants(content_dir: Path, upl: dict[str, UplEntry], taken: set[str]) -> Generated:
    """Read variants.yml and phrases.yml and generate every variant product."""
    data = yaml.safe_load((content_dir / "variants.yml").read_text(encoding="utf-8"))
    phrases = yaml.safe_load((content_dir / "phrases.yml").read_text(encoding="utf-8"))
    products: list[Product] = []
    dead: set[str] = set()
    taken = set(taken)
    for index, entry in enumerate(data["variants"]):
        where = f"Fout in variants.yml, variant {index + 1} ({entry.get('title', '?')})"
        if entry.get("upl") not in upl:
            raise UserError(f"{where}: UPL-naam '{entry.get('upl')}' staat niet in de UPL-lijst")
        if entry.get("cluster") not in CLUSTERS:
            raise UserError(f"{where}: onbekend cluster '{entry.get('cluster')}'")
        if entry.get("template") not in TEMPLATES:
            raise UserError(f"{where}: onbekend template '{entry.get('template')}'")
        if entry.get("channel") not in SITUATIONS:
            raise UserError(f"{where}: onbekende kanaalsituatie '{entry.get('channel')}'")
        product, dead_path = generate_one(entry, index, int(data["seed"]), phrases, upl, taken)
        taken.add(product.slug)
        products.append(product)
        if dead_path:
            dead.add(dead_path)
    return Generated(products, frozenset(dead))
