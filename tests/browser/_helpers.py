"""Conditions the browser tests wait for (JavaScript predicates run in the page; no sleeps)."""
from __future__ import annotations

import re

MUNICIPALITIES = 2475

# The explorer draws on a canvas, so there is no element per municipality to count. This script,
# installed before the page's own (conftest.py), wraps Leaflet's renderers: every polygon that Leaflet
# actually draws is recorded by pane under its CVEGEO (municipalities, pane `ex-fill`) or its state
# key (outlines, pane `ex-outline`), with the options it was drawn with. It wraps the renderers'
# private `_updatePoly` (Leaflet 1.9.4, as dashapp/framework.py WRITTEN_FOR): Leaflet has no public
# event for a shape drawn on a canvas. A Leaflet without it fails the tests at once, saying so.
DRAW_HOOK = """
(() => {
  const drawn = window.__drawn = {};  // pane -> Map(cvegeo -> Leaflet layer)
  function patch(L) {
    for (const R of [L.SVG, L.Canvas]) {
      const orig = R && R.prototype._updatePoly;
      if (!orig) { window.__drawHookMissing = 'Leaflet ' + L.version + ' has no _updatePoly'; continue; }
      R.prototype._updatePoly = function (layer, closed) {
        const pane = layer.options.pane, props = layer.feature && layer.feature.properties;
        const key = props && (props.cvegeo || props.cve_ent);
        if (closed && key && (R !== L.Canvas || this._drawing)) {
          (drawn[pane] = drawn[pane] || new Map()).set(key, layer);
        }
        return orig.apply(this, arguments);
      };
    }
  }
  let current;
  Object.defineProperty(window, 'L', {configurable: true, enumerable: true, get() { return current; },
    set(v) { current = v; if (v && v.Path && !v.__drawHook) { v.__drawHook = true; patch(v); } }});
})();
"""

# Every municipality of the national layer is drawn and styled from the restyle payload: the fill of
# each is one of the payload's class colours or its no-data grey (map.js `style`); the 32 state
# outlines, which are only asked for after that first paint, are drawn too.
MAP_PAINTED = """(n) => {
  if (window.__drawHookMissing) { throw new Error('the draw hook (tests/browser/_helpers.py): ' + window.__drawHookMissing); }
  const h = window.mapa3x1 && window.mapa3x1.latest['ex-mun'];
  const drawn = window.__drawn && window.__drawn['ex-fill'];
  const outlines = window.__drawn && window.__drawn['ex-outline'];
  if (!h || !h.need || !drawn || drawn.size < n || !outlines || outlines.size < 32) { return false; }
  const allowed = new Set(h.need.pal.concat([h.need.nd]).map(c => c.toLowerCase()));
  return Array.from(drawn.values()).every(l => allowed.has((l.options.fillColor || '').toLowerCase()));
}"""

# The fill of every drawn municipality, in CVEGEO order.
FILLS = """() => Array.from(window.__drawn['ex-fill'].entries()).sort((a, b) => a[0] < b[0] ? -1 : 1)
  .map(([, layer]) => layer.options.fillColor)"""


def wait_for_map(page) -> None:
    """Until all 2,475 municipalities are drawn with the current layer's colours, and the state outlines."""
    page.wait_for_function(MAP_PAINTED, arg=MUNICIPALITIES)


def drawn_count(page) -> int:
    return page.evaluate("() => window.__drawn['ex-fill'].size")


def fills(page) -> list[str]:
    return page.evaluate(FILLS)


def number(text: str) -> int:
    """'2,475' / '2 475' / '2475' -> 2475."""
    return int(re.sub(r"\D", "", text))


def choose(page, dropdown_id: str, option: str) -> None:
    """Pick an option of a Dash 4 dropdown (a button opening a listbox) as a user does."""
    page.locator(f"#{dropdown_id}").click()
    page.get_by_role("option", name=option, exact=True).click()
