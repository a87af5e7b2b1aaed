"""A region of fictional municipalities: deterministic variants of the sample with their own name and product mix.

Variant ``n`` of a region gets a town name, a selection of the generated products from
``content/variants.yml`` (so the municipalities share many UPL products, as real ones do), and
for some of those products another channel: digital in one municipality, on paper or by phone in
the next. Texts differ too, because each municipality generates its pages with its own seed. The
manifest of a variant states the truth per page, so a comparison can be checked against it.
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from wmebv.core.errors import UserError
from wmebv.sample.content import CONTENT_DIR, Product
from wmebv.sample.site import Site, build_site
from wmebv.sample.upl import UplEntry, load_upl
from wmebv.sample.variants import SITUATIONS, generate_one, slugify

SAMPLE_NAME = "Voorbeeldstad"
TOWNS = (
    "Aalsdorp", "Berkendam", "Cromwijk", "Dijkhoven", "Eemstede", "Finsterwolde", "Gansveen",
    "Heeswijkerveld", "Ilpenbroek", "Jutrecht", "Kolhorst", "Lindenhaven", "Maasveld", "Noordeveen",
    "Oudemeer", "Polderdam", "Rijsbergen-Oost", "Schoorlhaven", "Terlingen", "Uiterburg",
)
# Channel situations a municipality may use instead: the same product digital here, on paper there.
DIGITAL_INSTEAD = ("opf_digid", "opf", "triple", "formdesk", "topdesk", "mijn_portal")
NOT_DIGITAL_INSTEAD = ("paper", "phone", "nothing")
# The audit reads an e-mail address beside a counter appointment as meant for questions, where the
# sample's truth says the e-mail is designated: the region uses a web form there, so its manifests
# stay a ground truth the audit agrees with.
REGION_SITUATIONS = {"email": "opf"}
POOL_SIZE = 60  # products the region draws from: enough overlap between municipalities to compare
SWITCH_SHARE = 0.3  # share of a municipality's products with another channel than in the sample
REGION_SEED = 20260342
CRAWL_DELAY_LINE = re.compile(rb"^Crawl-delay:[^\n]*\n", re.MULTILINE)
# Text files of a site in which the sample's name is replaced by the municipality's own.
TEXT_TYPES = ("text/", "application/xml", "application/javascript")


@dataclass(frozen=True)
class Municipality:
    """One fictional municipality of the region: its number, name and products."""

    number: int
    town: str
    products: tuple[Product, ...]

    @property
    def name(self) -> str:
        """The full name, e.g. 'Gemeente Aalsdorp'."""
        return f"Gemeente {self.town}"

    @property
    def slug(self) -> str:
        """The name as it appears in addresses, e.g. 'aalsdorp'."""
        return slugify(self.town)


def town_name(number: int) -> str:
    """The town of municipality ``number`` (0-based); past the list, a numbered variant of a name."""
    base = TOWNS[number % len(TOWNS)]
    rounds = number // len(TOWNS)
    return base if rounds == 0 else f"{base}-{rounds + 1}"


def sc_claim(product: Product) -> str:
    """The correct onlineAanvragen of a product: every product of a region municipality is in its SC feed.

    With the feed's UPL code on every product, the comparison per UPL product rests on what each
    municipality publishes, not on matching page titles.
    """
    if product.truth.channel_status != "digital":
        return "nee"
    return "digid" if "digid" in product.truth.auth else "ja"


def _situation(entry: dict[str, Any], rng: random.Random) -> str:
    """The channel situation of a product in this municipality: mostly the sample's, sometimes the other side."""
    situation = REGION_SITUATIONS.get(str(entry["channel"]), str(entry["channel"]))
    if entry.get("exempt") or rng.random() >= SWITCH_SHARE:
        return situation
    digital = SITUATIONS[situation][3] == "digital"
    return rng.choice(NOT_DIGITAL_INSTEAD if digital else DIGITAL_INSTEAD)


def municipality(number: int, *, products: int = 30, content_dir: Path = CONTENT_DIR,
                 upl: dict[str, UplEntry] | None = None) -> Municipality:
    """Municipality ``number`` of the region with about ``products`` product pages (deterministic)."""
    if number < 0:
        raise UserError("Het nummer van een gemeente in de regio begint bij 0.")
    data = yaml.safe_load((content_dir / "variants.yml").read_text(encoding="utf-8"))
    phrases = yaml.safe_load((content_dir / "phrases.yml").read_text(encoding="utf-8"))
    pool = list(data["variants"])[:POOL_SIZE]
    if not 1 <= products <= len(pool):
        raise UserError(f"Een gemeente in de regio heeft 1 tot {len(pool)} producten, niet {products}.")
    rng = random.Random(f"{REGION_SEED}:{number}")
    chosen = sorted(rng.sample(range(len(pool)), products))
    upl_entries = upl or load_upl()
    generated: list[Product] = []
    taken: set[str] = set()
    for index in chosen:
        entry = dict(pool[index], channel=_situation(pool[index], rng))
        product, _ = generate_one(entry, index, REGION_SEED + number, phrases, upl_entries, taken)
        taken.add(product.slug)
        generated.append(product if product.sc else replace(product, sc={"online_aanvragen": sc_claim(product)}))
    return Municipality(number, town_name(number), tuple(generated))


def rename(body: bytes, content_type: str, town: str) -> bytes:
    """A served file with the sample's name replaced by the town's (gzip files unpacked and packed again)."""
    if content_type == "application/gzip":
        return gzip.compress(rename(gzip.decompress(body), "text/xml", town), mtime=0)
    if not content_type.startswith(TEXT_TYPES):
        return body  # PDF and Word files keep their bytes (and their offsets)
    slug = slugify(town).encode()
    return body.replace(SAMPLE_NAME.encode(), town.encode("utf-8")).replace(SAMPLE_NAME.lower().encode(), slug)


def rename_path(path: str, town: str) -> str:
    """A path with the sample's name in it (such as /over-voorbeeldstad) as the town's."""
    return path.replace(SAMPLE_NAME.lower(), slugify(town))


def build_municipality_site(place: Municipality, base_url: str, loket_url: str | None = None) -> Site:
    """Render the site of one municipality of the region, with its own name everywhere in the text.

    Its robots.txt sets no Crawl-delay, so a crawl of it waits as long as any crawl does by default.
    """
    site = build_site(base_url, loket_url, expand=lambda _sample: list(place.products))
    site.name, site.crawl_delay = place.name, None
    for table in (site.site, site.loket):
        renamed = {rename_path(path, place.town): resource._replace(body=rename(resource.body, resource.content_type, place.town))
                   for path, resource in table.items()}
        table.clear()
        table.update(renamed)
    for entry in site.entries:
        entry["path"] = rename_path(entry["path"], place.town)
    robots = site.site["/robots.txt"]
    site.site["/robots.txt"] = robots._replace(body=CRAWL_DELAY_LINE.sub(b"", robots.body))
    return site


def site_builder(place: Municipality) -> Callable[[str, str], Site]:
    """A builder for :class:`wmebv.sample.server.SampleServer` that serves this municipality."""
    return lambda base_url, loket_url: build_municipality_site(place, base_url, loket_url)
