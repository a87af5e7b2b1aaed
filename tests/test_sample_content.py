"""Loading content files: a bad file gives a clear Dutch error naming the file and the product."""

from __future__ import annotations

import shutil

import pytest
import yaml

from wmebv.core.errors import UserError
from wmebv.sample.content import CONTENT_DIR
from wmebv.sample.markup import render_text
from wmebv.sample.site import build_site

GOOD = {
    "slug": "testproduct", "title": "Testproduct", "upl": "afvalpas", "cluster": "openbare-ruimte",
    "template": "modern", "modified": "2026-01-01",
    "sections": {"wat_is_het": "Tekst.", "aanvragen": "Vul het [formulier]({loket}/test/) in."},
    "truth": {"channel_status": "digital", "channel_kinds": ["webform"], "auth": [],
              "b1_ok": True, "expected_findings": []},
}


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the content folder that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def write_product(folder, **changes):
    """Write one extra product file with the given changes to the good product."""
    product = {**GOOD, **changes}
    (folder / "products" / "zz-test.yml").write_text(yaml.safe_dump([product], allow_unicode=True),
                                                     encoding="utf-8")


def test_good_extra_product_loads(content_copy):
    write_product(content_copy)
    site = build_site("http://127.0.0.1:1", content_dir=content_copy)
    assert "/producten/testproduct" in site.site
    assert "/test/" in site.loket


@pytest.mark.parametrize("changes, message", [
    ({"colour": "rood"}, "onbekende sleutel: colour"),
    ({"cluster": "sport"}, "onbekend cluster 'sport'"),
    ({"template": "fancy"}, "onbekend template 'fancy'"),
    ({"upl": "vliegende schotel"}, "UPL-naam 'vliegende schotel' staat niet in de UPL-lijst"),
    ({"sections": {"prijs": "10 euro"}}, "onbekende sectie 'prijs'"),
    ({"truth": {**GOOD["truth"], "channel_kinds": ["fax"]}}, "onbekend kanaal 'fax'"),
    ({"truth": {**GOOD["truth"], "channel_status": "misschien"}}, "onbekende channel_status"),
    ({"truth": {**GOOD["truth"], "expected_findings": ["taal.te-mooi"]}}, "onbekende regel"),
    ({"modified": "gisteren"}, "geen JJJJ-MM-DD"),
    ({"slug": "paspoort-aanvragen"}, "slug komt al voor"),
])
def test_bad_product_gives_clear_error(content_copy, changes, message):
    write_product(content_copy, **changes)
    with pytest.raises(UserError) as error:
        build_site("http://127.0.0.1:1", content_dir=content_copy)
    text = str(error.value)
    assert "zz-test.yml" in text and message in text


def test_missing_key_named(content_copy):
    product = dict(GOOD)
    del product["truth"]
    (content_copy / "products" / "zz-test.yml").write_text(yaml.safe_dump([product]), encoding="utf-8")
    with pytest.raises(UserError, match="zz-test.yml, product 'testproduct': verplichte sleutel ontbreekt: truth"):
        build_site("http://127.0.0.1:1", content_dir=content_copy)


def test_bad_variant_named(content_copy):
    path = content_copy / "variants.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("channel: opf_digid", "channel: duif", 1),
                    encoding="utf-8")
    with pytest.raises(UserError, match="variants.yml.*onbekende kanaalsituatie 'duif'"):
        build_site("http://127.0.0.1:1", content_dir=content_copy)


def test_invalid_yaml_named(content_copy):
    (content_copy / "products" / "zz-test.yml").write_text("- slug: [kapot", encoding="utf-8")
    with pytest.raises(UserError, match="zz-test.yml: geen geldige YAML"):
        build_site("http://127.0.0.1:1", content_dir=content_copy)


def test_markup_light():
    html = render_text("Eerste zin.\n\n- een\n- [twee]({loket}/x/)\n\nSlot.", "http://localhost:9")
    assert html == ('<p>Eerste zin.</p>\n<ul><li>een</li><li><a href="http://localhost:9/x/">twee</a>'
                    "</li></ul>\n<p>Slot.</p>")
