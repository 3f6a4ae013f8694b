"""Conditions the browser tests wait for (JavaScript predicates run in the page; no sleeps)."""
from __future__ import annotations

import re

MUNICIPALITIES = 2475
FILL_PATHS = "#ex-map .leaflet-ex-fill-pane path"

# Every municipality of the national layer is drawn and styled from the restyle payload: the fill of
# each path is one of the payload's class colours or its no-data grey (map.js `style`).
MAP_PAINTED = """([n, sel]) => {
  const h = window.mapa3x1 && window.mapa3x1.latest['ex-mun'];
  if (!h || !h.need) { return false; }
  const paths = document.querySelectorAll(sel);
  if (paths.length < n) { return false; }
  const allowed = new Set(h.need.pal.concat([h.need.nd]).map(c => c.toLowerCase()));
  return Array.from(paths).every(p => allowed.has((p.getAttribute('fill') || '').toLowerCase()));
}"""

FILLS = "(sel) => Array.from(document.querySelectorAll(sel)).map(p => p.getAttribute('fill'))"


def wait_for_map(page) -> None:
    """Until all 2,475 municipalities are painted with the current layer's colours."""
    page.wait_for_function(MAP_PAINTED, arg=[MUNICIPALITIES, FILL_PATHS])


def fills(page) -> list[str]:
    return page.evaluate(FILLS, FILL_PATHS)


def number(text: str) -> int:
    """'2,475' / '2 475' / '2475' -> 2475."""
    return int(re.sub(r"\D", "", text))


def choose(page, dropdown_id: str, option: str) -> None:
    """Pick an option of a Dash 4 dropdown (a button opening a listbox) as a user does."""
    page.locator(f"#{dropdown_id}").click()
    page.get_by_role("option", name=option, exact=True).click()
