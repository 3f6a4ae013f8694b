"""The gaps page's map (/brechas, assets/pages.js mapa3x1Gaps) in a real browser."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

COLOURS = {"#a33b00": "sin proyectos", "#0b5cad": "con proyectos", "#8c959f": "sin datos"}
# The table's municipalities as the map draws them (the background layer's shapes have another fill):
# [fill, tooltip text] for each, from the hideout's rows ({cvegeo: {status, rank}}).
ROWS_DRAWN = """(colours) => Array.from((window.__drawn && window.__drawn['overlayPane'] || new Map()).values())
  .filter(l => colours.includes(l.options.fillColor))
  .map(l => [l.options.fillColor, l.getTooltip() ? l.getTooltip().getContent().textContent : null])"""


def test_the_gaps_map_colours_and_labels_the_table_rows(page):
    page.goto("/brechas")
    page.wait_for_function(f"(c) => ({ROWS_DRAWN})(c).length > 0", arg=list(COLOURS))
    drawn = page.evaluate(ROWS_DRAWN, list(COLOURS))
    assert 0 < len(drawn) <= 25, len(drawn)  # the table page's rows, no more
    for fill, tip in drawn:  # each labelled with its rank, name and the status its colour means
        assert tip and tip.endswith(" — " + COLOURS[fill]), (fill, tip)
    assert any(re.match(r"#1 \S", tip) for _, tip in drawn), drawn  # the first row carries its rank
    assert page.errors == []
