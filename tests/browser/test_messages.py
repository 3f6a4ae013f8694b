"""The scripts' texts in a real browser: window.mapa3x1Text reads the catalogue's messages the page carries
(dashapp/i18n.py browser_messages_tag), in the page's language, with plural forms picked by Intl.PluralRules."""
from __future__ import annotations

import pytest

LOOKUPS = """() => [
  window.mapa3x1Text("map.tip.locality", { n: "1", money: "$5" }, 1),
  window.mapa3x1Text("map.tip.locality", { n: "3", money: "$5" }, 3),
  window.mapa3x1Text("map.tip.locality", { n: "0", money: "$0" }, 0),
  window.mapa3x1Text("map.tip.money_per_person", { money: "$2.50" }),
  window.mapa3x1Text("gaps.status.no_data"),
  window.mapa3x1Text("common.yes"),
  window.mapa3x1Text("no.such.key")
]"""


@pytest.mark.parametrize(("address", "expected"), [
    ("/datos", ["1 proyecto · $5", "3 proyectos · $5", "0 proyectos · $0", "3x1: $2.50 por habitante", "sin datos",
                "sí", "no.such.key"]),
    ("/datos?lang=en", ["1 project · $5", "3 projects · $5", "0 projects · $0", "3x1: $2.50 per person", "no data",
                        "yes", "no.such.key"]),
])
def test_the_scripts_read_the_pages_messages_with_plurals(page, address, expected):
    page.goto(address)
    page.wait_for_function("() => typeof window.mapa3x1Text === 'function'")
    assert page.evaluate(LOOKUPS) == expected
    assert page.errors == []
