"""The bundled UPL snapshot: grouping by URI, name matching and replacing the snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wmebv.core.errors import UserError
from wmebv.core.upl import (
    MatchRules,
    UplMatcher,
    group_rows,
    load_upl,
    match_texts,
    read_rows,
    snapshot_path,
    update_snapshot,
    url_slug,
)


@pytest.fixture(scope="module")
def matcher() -> UplMatcher:
    """A matcher over the municipal products of the snapshot."""
    return UplMatcher.default()


def test_snapshot_is_grouped_by_uri() -> None:
    products = load_upl()
    uris = [p.uri for p in products]
    assert len(uris) == len(set(uris)) > 1000
    aanschrijving = next(p for p in products if p.name == "aanschrijving")
    assert {"Gemeente", "Provincie", "Waterschap"} <= aanschrijving.flags
    assert len(aanschrijving.grondslagen) == 3


def test_municipal_products_only() -> None:
    products = load_upl(municipal_only=True)
    assert all(p.has("Gemeente") for p in products)
    assert 400 < len(products) < 600
    assert not any(p.name == "UPL-naam nog niet beschikbaar" for p in products)


@pytest.mark.parametrize(("text", "name"), [
    ("Paspoort aanvragen", "paspoort"),
    ("ID-kaart aanvragen", "identiteitskaart"),
    ("Parkeervergunning voor bewoners aanvragen", "parkeervergunning"),
    ("Omgevingsvergunning voor het kappen van een boom", "omgevingsvergunning kap"),
    ("Kapvergunning", "omgevingsvergunning kap"),
    ("Verhuizing doorgeven", "verhuismelding"),
    ("Kwijtschelding gemeentelijke belastingen", "belastingkwijtschelding"),
    ("Rijbewijs verlengen", "rijbewijs verlengen"),
    ("Nee-nee-sticker bestellen", "antireclamesticker"),
    ("Standplaats voor een kraam", "standplaatsvergunning"),
])
def test_title_matches(matcher: UplMatcher, text: str, name: str) -> None:
    match = matcher.match(text)
    assert match is not None and match.name == name
    assert 0 < match.confidence <= 1


@pytest.mark.parametrize("text", ["Nieuws", "Welkom in Teststad", "Over de gemeente", ""])
def test_no_match_for_non_products(matcher: UplMatcher, text: str) -> None:
    assert matcher.match(text) is None


def test_stemming_lite(matcher: UplMatcher) -> None:
    assert matcher.tokens("Vergunningen aanvragen voor evenementen") == ["vergunn", "evenementenvergunn"]


def test_update_snapshot_replaces_file(tmp_path: Path) -> None:
    target = tmp_path / "UPL-actueel.csv"
    source = tmp_path / "nieuw.csv"
    shutil.copy(snapshot_path(), source)
    count = update_snapshot(source, target=target)
    assert count == len(group_rows(read_rows(source)))
    assert target.read_bytes() == source.read_bytes()


def test_update_snapshot_refuses_wrong_columns(tmp_path: Path) -> None:
    wrong = tmp_path / "fout.csv"
    wrong.write_text("naam,uri\npaspoort,http://x\n", encoding="utf-8")
    with pytest.raises(UserError, match="kolommen .* ontbreken"):
        update_snapshot(wrong, target=tmp_path / "UPL-actueel.csv")
    assert not (tmp_path / "UPL-actueel.csv").exists()


def test_match_rules_load_from_rules_folder() -> None:
    rules = MatchRules.load()
    assert "aanvragen" in rules.stopwords and rules.synonyms["id-kaart"] == "identiteitskaart"


def _compound_parts(word: str, other: str, minimum: int) -> bool:
    """True when the shorter word (at least ``minimum`` letters) starts or ends the longer one."""
    short, long = sorted((word, other), key=len)
    return len(short) >= minimum and (long.startswith(short) or long.endswith(short))


def _score_every_product(matcher: UplMatcher, text: str) -> tuple[float, str] | None:
    """The best (score, uri) by scoring every product word against every text word: the plain definition."""
    from difflib import SequenceMatcher

    page = matcher.tokens(text)
    if not page:
        return None
    page_set, rules, best = set(page), matcher.rules, None
    for uri, tokens in matcher._tokens.items():
        if not tokens:
            continue
        overlap = 0.0
        for upl_word in set(tokens):
            if upl_word in page_set:
                overlap += 1.0
            elif any(_compound_parts(w, upl_word, rules.min_compound) for w in page_set):
                overlap += rules.compound_credit
        if not overlap:
            continue
        score = (0.6 * overlap / len(set(tokens)) + 0.25 * min(1.0, overlap / len(page_set))
                 + 0.15 * SequenceMatcher(None, " ".join(page), " ".join(tokens)).ratio())
        if best is None or score > best[0] or (score == best[0] and uri < best[1]):
            best = (score, uri)
    return best if best and best[0] >= rules.min_confidence else None


def test_indexed_match_equals_scoring_every_product(matcher: UplMatcher) -> None:
    """The word index only skips products that cannot score: same winner as scoring all of them."""
    from wmebv.sample.site import build_site

    pages = build_site("http://site.invalid", "http://loket.invalid").manifest()["pages"]
    texts = [page["path"].rstrip("/").rsplit("/", 1)[-1].replace("-", " ") for page in pages]
    texts += [product.name for product in matcher.products[::5]]
    texts += ["Standplaats voor een kraam", "Vergunningen voor evenementen", "Nieuws", "bouwvergunning dakkapel"]
    for text in texts:
        expected = _score_every_product(matcher, text)
        match = matcher.match(text)
        assert (match.uri if match else None) == (expected[1] if expected else None), text
        if match and expected:
            assert match.confidence == round(expected[0], 3), text


@pytest.mark.parametrize(("url", "slug"), [
    ("https://www.voorbeeldstad.nl/wonen/paspoort-aanvragen/", "paspoort aanvragen"),
    ("https://www.voorbeeldstad.nl/loket/hondenbelasting.html", "hondenbelasting"),
    ("file:///home/redactie/rijbewijs_verlengen.txt", "rijbewijs verlengen"),
    ("https://www.voorbeeldstad.nl/", ""),
])
def test_url_slug(url: str, slug: str) -> None:
    """The last part of an address (or a draft's file name) as words."""
    assert url_slug(url) == slug


def test_match_texts_drop_the_site_name() -> None:
    assert match_texts("https://x.nl/afval/grofvuil", "Grofvuil ophalen | Voorbeeldstad", "Grofvuil") == [
        "Grofvuil", "Grofvuil ophalen", "grofvuil"]
