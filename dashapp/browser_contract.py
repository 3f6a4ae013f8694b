"""What the server and the browser scripts (dashapp/assets/*.js) must agree on, declared once here.

Python reads these names directly; the scripts read them from the page: `config_tag()` is put into
every index page (dashapp/app.py, MapaDash.interpolate_index) as
`<script type="application/json" id="mapa3x1-config">`, which assets/framework.js parses once into
`window.mapa3x1Config` before the other scripts run (Dash loads the assets in alphabetical order).

Payloads, table rows and control values are objects with named keys (pages/_explorer_view.table
gives what that costs the table twin in bytes). Values per municipality stay arrays or strings in
feature order (queries/explorer.py), as the layer files number their features.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from babel.numbers import get_currency_symbol

from dashapp import framework, ids
from dashapp.i18n import LOCALES

CONFIG_ELEMENT_ID = "mapa3x1-config"

# Below this zoom the explorer shows the whole country: the crisis outlines are thin (assets/map.js);
# from it on, the state under the map's centre is drawn from its finer file (pages/explorer.py).
STATE_VIEW_ZOOM = 7


@dataclass(frozen=True)
class CrisisGroup:
    """A phenomenon group of the declarations: its bit in the crisis codes (one character per
    municipality, the OR of its groups' bits) and the dash pattern of its outline (None = solid)."""

    group: str
    bit: int
    dash: str | None


CRISIS_GROUPS = (CrisisGroup("geológico", 1, None), CrisisGroup("hidrometeorológico", 2, "8 5"),
                 CrisisGroup("incendio", 4, "1 6"))
CRISIS_BITS = {g.group: g.bit for g in CRISIS_GROUPS}

# The explorer map's panes, bottom to top (z-index PANE_Z_INDEX, then 10 more each): assets/national_layer.js
# makes them when the map is created, and the layers of pages/_explorer_map.py are drawn into them.
PANES = {"fill": "ex-fill", "outline": "ex-outline", "detail": "ex-detail", "circles": "ex-circles", "loc": "ex-loc"}
PANE_Z_INDEX = 410

# The explorer's overlays, in their usual order; the legend hides the part of each one not shown.
OVERLAYS = ("inv", "crisis", "loc")
LEGEND_CLASS = "ex-legend panel"

# The explorer's filter controls: the key of each one's value in the EX_FILTERS store, and its id.
# The clientside callback that writes the store gets the values in this order (assets/map.js values).
CONTROLS = {"layer": ids.EX_LAYER, "layerYear": ids.EX_LAYER_YEAR, "years": ids.EX_YEARS, "state": ids.EX_STATE,
            "category": ids.EX_CATEGORY, "phenomenon": ids.EX_PHENOMENON, "crisisYears": ids.EX_CRISIS_YEARS,
            "partner": ids.EX_PARTNER, "mode": ids.EX_MODE, "pesos": ids.EX_PESOS}
CONTROL_IDS = tuple(CONTROLS.values())

# The keys of a row of the table twin (pages/_explorer_view.table), every value a text.
TABLE_COLUMNS = ("cvegeo", "rank", "name", "state", "value", "projects", "money", "declarations", "pick")

# Pesos as the pages write them: the symbol in each language (CLDR's, as Babel's format_currency
# writes it: $ in es-MX, MX$ in en-US); amounts per person under CENTS_BELOW keep two decimals ($0.10,
# not $0); from COMPACT_FROM on, the map's tooltips write compact figures. USD_SYMBOL is the map's
# tooltips' (the legend and the table write Babel's, which is "USD" in es-MX).
MONEY_SYMBOL = {lang: get_currency_symbol("MXN", locale) for lang, locale in LOCALES.items()}
USD_SYMBOL = {"es": "US$", "en": "$"}
CENTS_BELOW = 100
COMPACT_FROM = 10_000

# The components the scripts look up or write to (their ids are declared in dashapp/ids.py).
SCRIPT_IDS = {"map": ids.EX_MAP, "mun": ids.EX_MUN, "munState": ids.EX_MUN_STATE, "states": ids.EX_STATES,
              "circles": ids.EX_CIRCLES, "painted": ids.EX_PAINTED, "panelClose": ids.EX_PANEL_CLOSE,
              "table": ids.EX_TABLE, "legend": ids.EX_LEGEND, "summary": ids.EX_SUMMARY,
              "langSwitch": ids.LANG_SWITCH, "nationalPreload": ids.NATIONAL_PRELOAD}


def legend_class(overlays) -> str:
    """The legend's class: the parts of the overlays not shown are hidden (assets/map.js legendClass)."""
    return LEGEND_CLASS + "".join(f" no-{o}" for o in OVERLAYS if o not in (overlays or ()))


def config() -> dict:
    """Everything above that the scripts read, as JSON-ready data."""
    return {
        "ids": SCRIPT_IDS,
        "stateViewZoom": STATE_VIEW_ZOOM,
        "panes": PANES, "paneZIndex": PANE_Z_INDEX,
        "crisis": [{"group": g.group, "bit": g.bit, "dash": g.dash} for g in CRISIS_GROUPS],
        "overlays": list(OVERLAYS), "legendClass": LEGEND_CLASS,
        "controls": list(CONTROLS),
        "money": {"symbol": MONEY_SYMBOL, "usd": USD_SYMBOL, "centsBelow": CENTS_BELOW, "compactFrom": COMPACT_FROM},
        "locales": {lang: locale.replace("_", "-") for lang, locale in LOCALES.items()},
        "framework": framework.browser_expectations(),
    }


@lru_cache(maxsize=1)
def config_tag() -> str:
    """The config as the index page carries it (the same on every page, built once)."""
    text = json.dumps(config(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{CONFIG_ELEMENT_ID}">{text}</script>'
