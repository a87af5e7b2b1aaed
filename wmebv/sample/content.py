"""Load and validate the hand-written product files in `content/products/<cluster>.yml`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.sample.upl import UplEntry

CONTENT_DIR = Path(__file__).resolve().parent / "content"

SECTION_IDS = ("wat_is_het", "aanvragen", "voorwaarden", "meenemen", "kosten", "termijn",
               "bezwaar", "contact")
CLUSTERS = ("burgerzaken", "vergunningen", "belastingen", "sociaal-domein", "openbare-ruimte",
            "ondernemen", "wonen")
TEMPLATES = ("modern", "accordion", "legacy")
CHANNEL_KINDS = ("webform", "embedded_form", "omgevingsloket", "mijn_portal", "mijnoverheid",
                 "email", "contact_form", "paper_form", "appointment", "phone", "in_person")
DIGITAL_KINDS = frozenset(CHANNEL_KINDS[:7])
CHANNEL_STATUSES = ("digital", "paper_only", "in_person_only", "none", "unclear")
AUTH_KINDS = ("digid", "eherkenning", "eidas")
SC_CLAIMS = ("ja", "digid", "nee")
RULE_IDS = (
    "kanaal.geen-digitaal-kanaal", "kanaal.alleen-papier", "kanaal.dode-link",
    "kanaal.sc-claim-onjuist", "kanaal.alleen-contactformulier", "taal.niet-b1", "taal.lange-zin",
    "taal.ambtelijk-woord", "taal.lijdende-vorm", "taal.u-en-je", "structuur.sectie-ontbreekt",
    "norm.geen-termijn", "norm.geen-kosten", "norm.geen-contact", "norm.geen-bezwaar",
    "norm.verouderd", "norm.een-kanaal", "norm.geen-anderstalig", "norm.dode-link",
)
PRODUCT_KEYS = {"slug", "path", "title", "upl", "cluster", "template", "modified", "in_sitemap",
                "owms", "sc", "direct_regelen", "headings", "sections", "extra_html", "truth",
                "english", "feedback", "legacy_style", "js_only", "audience"}
REQUIRED_KEYS = {"slug", "title", "upl", "cluster", "template", "modified", "sections", "truth"}
TRUTH_KEYS = {"channel_status", "channel_kinds", "auth", "b1_ok", "expected_findings", "notes"}
LEGACY_STYLES = ("tabs", "dl", "bold")
# Edits raw products of one content file before they are checked (a later month of the site).
Revise = Callable[[list[Any], str], list[Any]]


@dataclass(frozen=True)
class Truth:
    """What the author states about a page: the ground truth for tests."""

    channel_status: str
    channel_kinds: tuple[str, ...]
    auth: tuple[str, ...]
    b1_ok: bool
    expected_findings: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Product:
    """One product page as written in a content file (or generated from a variant)."""

    slug: str
    path: str
    title: str
    upl: str
    upl_uri: str
    cluster: str
    template: str
    modified: dt.date
    sections: dict[str, str]
    truth: Truth
    source: str
    in_sitemap: bool = True
    owms: bool = False
    sc: dict[str, str] | None = None
    direct_regelen: tuple[dict[str, str], ...] = ()
    headings: dict[str, str] = field(default_factory=dict)
    extra_html: str = ""
    english: str = ""
    feedback: bool = False
    legacy_style: str = "tabs"
    js_only: bool = False
    audience: str = "particulier"


def default_path(slug: str, template: str, cluster: str) -> str:
    """Return the URL path a product gets when its file does not give one."""
    if template == "legacy":
        return f"/loket/{slug}.html"
    if cluster == "ondernemen":
        return f"/ondernemen/{slug}"
    return f"/producten/{slug}"


def _fail(source: str, slug: str, message: str) -> UserError:
    """Build a Dutch error that names the content file and the product."""
    return UserError(f"Fout in {source}, product '{slug}': {message}")


def _check_truth(raw: Any, source: str, slug: str) -> Truth:
    """Validate the truth block of one product."""
    if not isinstance(raw, dict):
        raise _fail(source, slug, "'truth' moet een blok met sleutels zijn")
    unknown = set(raw) - TRUTH_KEYS
    if unknown:
        raise _fail(source, slug, f"onbekende sleutel in truth: {', '.join(sorted(unknown))}")
    status = raw.get("channel_status")
    if status not in CHANNEL_STATUSES:
        raise _fail(source, slug, f"onbekende channel_status '{status}'")
    kinds = tuple(raw.get("channel_kinds") or ())
    for kind in kinds:
        if kind not in CHANNEL_KINDS:
            raise _fail(source, slug, f"onbekend kanaal '{kind}'")
    auth = tuple(raw.get("auth") or ())
    for item in auth:
        if item not in AUTH_KINDS:
            raise _fail(source, slug, f"onbekende inlogmethode '{item}'")
    findings = tuple(raw.get("expected_findings") or ())
    for rule in findings:
        if rule not in RULE_IDS:
            raise _fail(source, slug, f"onbekende regel '{rule}' in expected_findings")
    if not isinstance(raw.get("b1_ok"), bool):
        raise _fail(source, slug, "truth.b1_ok moet true of false zijn")
    return Truth(status, kinds, auth, raw["b1_ok"], findings, str(raw.get("notes") or ""))


def parse_product(raw: Any, source: str, upl: dict[str, UplEntry]) -> Product:
    """Validate one raw YAML mapping and turn it into a Product."""
    if not isinstance(raw, dict):
        raise UserError(f"Fout in {source}: elk product moet een blok met sleutels zijn")
    slug = str(raw.get("slug") or "?")
    unknown = set(raw) - PRODUCT_KEYS
    if unknown:
        raise _fail(source, slug, f"onbekende sleutel: {', '.join(sorted(unknown))}")
    missing = REQUIRED_KEYS - set(raw)
    if missing:
        raise _fail(source, slug, f"verplichte sleutel ontbreekt: {', '.join(sorted(missing))}")
    if raw["cluster"] not in CLUSTERS:
        raise _fail(source, slug, f"onbekend cluster '{raw['cluster']}'")
    if raw["template"] not in TEMPLATES:
        raise _fail(source, slug, f"onbekend template '{raw['template']}'")
    if raw["upl"] not in upl:
        raise _fail(source, slug, f"UPL-naam '{raw['upl']}' staat niet in de UPL-lijst")
    sections = raw["sections"] or {}
    for key in sections:
        if key not in SECTION_IDS:
            raise _fail(source, slug, f"onbekende sectie '{key}'")
    for key in raw.get("headings") or {}:
        if key not in SECTION_IDS:
            raise _fail(source, slug, f"onbekende sectie '{key}' in headings")
    sc = raw.get("sc")
    if sc is not None and sc.get("online_aanvragen") not in SC_CLAIMS:
        raise _fail(source, slug, "sc.online_aanvragen moet ja, digid of nee zijn")
    modified = raw["modified"]
    if not isinstance(modified, dt.date):
        try:
            modified = dt.date.fromisoformat(str(modified))
        except ValueError as exc:
            raise _fail(source, slug, f"datum '{modified}' is geen JJJJ-MM-DD") from exc
    style = raw.get("legacy_style", "tabs")
    if style not in LEGACY_STYLES:
        raise _fail(source, slug, f"onbekende legacy_style '{style}'")
    return Product(
        slug=slug, path=raw.get("path") or default_path(slug, raw["template"], raw["cluster"]),
        title=str(raw["title"]), upl=raw["upl"], upl_uri=upl[raw["upl"]].uri,
        cluster=raw["cluster"], template=raw["template"], modified=modified,
        sections={key: str(sections[key]) for key in SECTION_IDS if key in sections},
        truth=_check_truth(raw["truth"], source, slug), source=source,
        in_sitemap=bool(raw.get("in_sitemap", True)), owms=bool(raw.get("owms", False)),
        sc={k: str(v) for k, v in sc.items()} if sc else None,
        direct_regelen=tuple(raw.get("direct_regelen") or ()),
        headings=dict(raw.get("headings") or {}), extra_html=str(raw.get("extra_html") or ""),
        english=str(raw.get("english") or ""), feedback=bool(raw.get("feedback", False)),
        legacy_style=style, js_only=bool(raw.get("js_only", False)),
        audience=str(raw.get("audience") or "particulier"),
    )


def read_product_file(path: Path) -> list[Any]:
    """The raw products of one `<cluster>.yml` file, unchecked; UserError naming the file when it is no list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"Fout in {path.name}: geen geldige YAML ({exc})") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise UserError(f"Fout in {path.name}: het bestand moet een lijst van producten zijn")
    return data


def load_product_file(path: Path, upl: dict[str, UplEntry], revise: Revise | None = None) -> list[Product]:
    """Load one `<cluster>.yml` file (edited by ``revise`` first); raise UserError naming the file on any problem."""
    data = read_product_file(path)
    if revise is not None:
        data = revise(data, path.name)
    return [parse_product(item, path.name, upl) for item in data]


def raw_products(content_dir: Path) -> dict[str, dict[str, Any]]:
    """Every hand-written product as written, by slug."""
    return {item["slug"]: item for path in sorted((content_dir / "products").glob("*.yml"))
            for item in read_product_file(path) if isinstance(item, dict) and "slug" in item}


def load_products(content_dir: Path, upl: dict[str, UplEntry], revise: Revise | None = None) -> list[Product]:
    """Load all hand-written product files and check slugs and paths are unique."""
    products: list[Product] = []
    for path in sorted((content_dir / "products").glob("*.yml")):
        products.extend(load_product_file(path, upl, revise))
    check_unique(products)
    return products


def check_unique(products: list[Product]) -> None:
    """Raise UserError when two products share a slug or a path."""
    seen_slug: dict[str, str] = {}
    seen_path: dict[str, str] = {}
    for product in products:
        if product.slug in seen_slug:
            raise _fail(product.source, product.slug,
                        f"slug komt al voor in {seen_slug[product.slug]}")
        if product.path in seen_path:
            raise _fail(product.source, product.slug,
                        f"pad {product.path} komt al voor in {seen_path[product.path]}")
        seen_slug[product.slug] = product.source
        seen_path[product.path] = product.source
