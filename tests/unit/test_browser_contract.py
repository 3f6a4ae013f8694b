"""dashapp/browser_contract.py: the constants the scripts share with the server, rendered into every page."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashapp import browser_contract as contract

ASSETS = Path(contract.__file__).parent / "assets"
SCRIPTS = {path.name: path.read_text(encoding="utf-8") for path in ASSETS.glob("*.js")}


def _config_in(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="mapa3x1-config">(.*?)</script>', page)
    assert match, "no config in the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from dashapp.app import Settings, create_app

    folder = tmp_path_factory.mktemp("contract")
    return create_app(Settings(db_url=f"sqlite:///{folder / 'none.sqlite'}", build_dir=folder)).server.test_client()


@pytest.mark.parametrize("path", ["/", "/datos", "/municipio/32001"])
def test_every_page_carries_the_config_before_the_scripts(client, path):
    page = client.get(path).get_data(as_text=True)
    assert _config_in(page) == json.loads(json.dumps(contract.config()))
    config_at = page.index('id="mapa3x1-config"')
    assert config_at < page.index("/assets/framework.js") < page.index("/assets/map.js")  # framework.js reads it first
    assert config_at < min(m.start() for m in re.finditer(r"<script src=", page))


def test_the_config_cannot_close_its_script_tag(monkeypatch):
    monkeypatch.setattr(contract, "config", lambda: {"text": "</script><script>alert(1)</script>"})
    contract.config_tag.cache_clear()
    try:
        tag = contract.config_tag()
    finally:
        contract.config_tag.cache_clear()
    assert tag.count("</script>") == 1
    assert json.loads(tag[tag.index(">") + 1:-len("</script>")])["text"].startswith("</")  # the same text


def test_every_config_name_the_scripts_read_is_declared():
    config = contract.config()
    read_ids, read_keys = set(), set()
    for text in SCRIPTS.values():
        read_ids |= set(re.findall(r"\b(?:ID|config\.ids|mapa3x1Config\.ids)\.(\w+)", text))
        read_keys |= set(re.findall(r"\b(?:config|mapa3x1Config)\.(\w+)", text))
    assert read_ids == set(config["ids"]), read_ids ^ set(config["ids"])  # and none declared for nothing
    assert read_keys == set(config), read_keys ^ set(config)
    assert {"stateViewZoom", "crisis", "controls", "money", "locales", "framework"} <= read_keys


def test_the_scripts_write_no_id_or_constant_of_the_contract():
    """Declared once: the scripts take these from the config, never as their own literals."""
    literals = [f'"{value}"' for value in contract.SCRIPT_IDS.values()] + [f'"{p}"' for p in contract.PANES.values()]
    for name, text in SCRIPTS.items():
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)  # comments may name them
        code = re.sub(r'\bel\("\w+", "[^"]*"', "", code)  # class names (app.css), as the legend's "ex-circles"
        assert not [lit for lit in literals if lit in code], name
    map_js = SCRIPTS["map.js"]
    assert "< 7" not in map_js and "< 7" not in SCRIPTS["national_layer.js"]  # the zoom: config.stateViewZoom
    assert '"MX$"' not in map_js and "[1, 2, 4]" not in map_js
    assert not [name for name, text in SCRIPTS.items() if '"es-MX"' in text or '"en-US"' in text]


def test_money_symbols_are_babels_as_the_pages_write_pesos():
    assert contract.MONEY_SYMBOL == {"es": "$", "en": "MX$"}
    assert contract.config()["money"]["symbol"] == contract.MONEY_SYMBOL
    assert contract.config()["locales"] == {"es": "es-MX", "en": "en-US"}


def test_legend_class_hides_the_overlays_not_shown():
    assert contract.legend_class(["inv", "crisis", "loc"]) == "ex-legend panel"
    assert contract.legend_class(["loc"]) == "ex-legend panel no-inv no-crisis"
    assert contract.legend_class(None) == "ex-legend panel no-inv no-crisis no-loc"


def test_crisis_bits_are_distinct_powers_of_two_and_controls_keys_unique():
    bits = [g.bit for g in contract.CRISIS_GROUPS]
    assert len(set(bits)) == len(bits) and all(b & (b - 1) == 0 for b in bits)
    assert contract.CRISIS_BITS == {"geológico": 1, "hidrometeorológico": 2, "incendio": 4}
    assert len(set(contract.CONTROL_IDS)) == len(contract.CONTROLS)
    assert len(contract.config_tag()) < 2000  # on every page: kept small
