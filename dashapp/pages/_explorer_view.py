"""Pieces of the explorer page: controls, legend, summary strip, side panel and the table twin.

All user-facing strings come from the catalogue (dashapp/locale, through `t`); names from the store are
passed as plain strings (Dash renders them as text). Not a page module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from dash import dcc, html

from dashapp import ids
from dashapp.browser_contract import CENTS_BELOW, CONTROLS, CRISIS_GROUPS, MONEY_SYMBOL, OVERLAYS, TABLE_COLUMNS
from dashapp.filters import CATEGORIES, CRISIS_BOUNDS, PARTNERS, PHENOMENON_SLUGS, PROGRAM_YEARS, Filters
from dashapp.i18n import fmt_money, fmt_number, fmt_pct, fmt_usd, t
from dashapp.queries.coverage import years_with_data
from dashapp.queries.explorer import CIRCLE_COLOURS, LAYERS, MAX_RADIUS, NO_DATA_COLOUR, Layer, layer_years, \
    palette
from dashapp.vocabulary import grade_name

DEFAULT_OVERLAYS = OVERLAYS
SORTS = ("need", "money", "declarations", "name")


def years_text(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def layer_title(layer: Layer, year: int | None, lang: str) -> str:
    """The layer's name and year (no year when the store has none of this layer)."""
    shown = t("explorer.year.homicide", lang) if layer.indicator_id == "homicide_rate_100k" else str(year or "")
    return f"{t('explorer.layer.' + layer.indicator_id, lang)} {shown}".rstrip()


def unit_text(layer: Layer, lang: str) -> str:
    key = "pct_homes" if layer.indicator_id == "remittance_homes_pct" else layer.kind
    return t(f"explorer.unit.{key}", lang)


def format_value(layer: Layer, value: float | None, lang: str) -> str:
    """A layer value as the legend and the table write it; '—' when missing."""
    if value is None or value != value:
        return "—"
    if layer.kind == "grade":
        return grade_name(value, lang) or "—"
    if layer.kind == "pct":
        return fmt_pct(value, lang)
    if layer.kind == "usd":
        return fmt_usd(value, lang)
    return fmt_number(value, lang, digits=1)


def money_text(value: float, lang: str, per_person: bool = False) -> str:
    """Pesos as the page writes them; amounts per person under 100 keep two decimals ($0.10, not $0)."""
    if per_person and value == value and abs(value) < CENTS_BELOW:
        return MONEY_SYMBOL.get(lang, MONEY_SYMBOL["es"]) + fmt_number(value, lang, digits=2)
    return fmt_money(value, lang)


def class_labels(layer: Layer, lang: str) -> list[str]:
    """One label per class: grade names, or ranges built from the class breaks."""
    if layer.grades:
        return [grade_name(g, lang) for g in layer.grades]
    fmt = {"pct": lambda v: fmt_pct(v, lang, 0), "usd": lambda v: fmt_usd(v, lang)}.get(
        layer.kind, lambda v: fmt_number(v, lang))
    b = layer.breaks
    return [f"< {fmt(b[0])}"] + [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(b, b[1:])] + [f"≥ {fmt(b[-1])}"]


def pesos_text(filters: Filters, base_year: str, lang: str) -> str:
    return t(f"explorer.pesos.{filters.pesos}", lang, base=base_year).lower() if lang == "es" else \
        t(f"explorer.pesos.{filters.pesos}", lang, base=base_year) + " pesos"


def _labelled(label: str, control, control_id: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id, id=control_id + "-label"), control],
                    className="control", role="group", **{"aria-labelledby": control_id + "-label"})


def _dropdown(control_id: str, options: list[dict], value) -> dcc.Dropdown:
    return dcc.Dropdown(id=control_id, options=options, value=value, clearable=False, searchable=False)


def control_values(filters: Filters, layer: Layer, year: int) -> dict:
    """What the controls below show, by the keys of browser_contract.CONTROLS (the EX_FILTERS store)."""
    values = {"layer": layer.indicator_id, "layerYear": year, "years": list(filters.years),
              "state": filters.state or "", "category": filters.category or "", "phenomenon": filters.phenomenon or "",
              "crisisYears": list(filters.crisis_years), "partner": filters.partner, "mode": filters.money_mode,
              "pesos": filters.pesos}
    return {key: values[key] for key in CONTROLS}


def controls(snapshot, filters: Filters, layer: Layer, year: int, overlays: list[str], lang: str) -> html.Div:
    """Labelled controls in three groups: the layer, the 3x1 projects, the declarations."""
    states = snapshot["states"].sort_values("state_name")
    state_options = [{"label": t("filter.all_states", lang), "value": ""}] + [
        {"label": str(n), "value": str(k)} for k, n in zip(states["cve_ent"], states["state_name"])]
    base = snapshot.info.get("constant_pesos_base_year", "2018")
    every = {"label": t("filter.all", lang), "value": ""}
    return html.Div(className="ex-controls panel", role="region", **{"aria-label": t("explorer.controls", lang)},
                    children=[
        html.Fieldset([
            html.Legend(t("explorer.layer", lang)),
            _labelled(t("explorer.layer", lang), _dropdown(ids.EX_LAYER, [
                {"label": t(f"explorer.layer.{k}", lang), "value": k} for k in LAYERS], layer.indicator_id),
                ids.EX_LAYER),
            _labelled(t("explorer.layer_year", lang),
                      _dropdown(ids.EX_LAYER_YEAR, year_options(layer, layer_years(snapshot, layer), lang), year),
                      ids.EX_LAYER_YEAR),
            _labelled(t("explorer.overlays", lang), dcc.Checklist(
                id=ids.EX_OVERLAYS, value=list(overlays), className="ex-checks",
                options=[{"label": t(f"explorer.overlay.{o}", lang), "value": o} for o in OVERLAYS]), ids.EX_OVERLAYS),
        ]),
        html.Fieldset([
            html.Legend(t("explorer.projects_group", lang)),
            _labelled(t("explorer.years", lang), dcc.RangeSlider(
                id=ids.EX_YEARS, min=PROGRAM_YEARS[0], max=PROGRAM_YEARS[1], step=1, value=list(filters.years),
                marks={y: str(y) for y in range(PROGRAM_YEARS[0], PROGRAM_YEARS[1] + 1, 6)},
                tooltip={"placement": "bottom"}), ids.EX_YEARS),
            _labelled(t("filter.state", lang), _dropdown(ids.EX_STATE, state_options, filters.state or ""),
                      ids.EX_STATE),
            _labelled(t("filter.category", lang), _dropdown(ids.EX_CATEGORY, [every] + [
                {"label": t(f"category.{c}", lang), "value": c} for c in CATEGORIES], filters.category or ""),
                ids.EX_CATEGORY),
            _labelled(t("filter.partner", lang), _dropdown(ids.EX_PARTNER, [
                {"label": t(f"partner.{p}", lang), "value": p} for p in PARTNERS], filters.partner),
                ids.EX_PARTNER),
            _labelled(t("explorer.mode", lang), dcc.RadioItems(id=ids.EX_MODE, value=filters.money_mode, inline=True,
                      options=[{"label": t(f"explorer.mode.{m}", lang), "value": m} for m in ("total", "per_capita")]),
                      ids.EX_MODE),
            _labelled(t("filter.pesos", lang), dcc.RadioItems(id=ids.EX_PESOS, value=filters.pesos, inline=True,
                      options=[{"label": t(f"explorer.pesos.{p}", lang, base=base), "value": p}
                               for p in ("constant", "current")]), ids.EX_PESOS),
        ]),
        html.Fieldset([
            html.Legend(t("explorer.crisis_group", lang)),
            _labelled(t("filter.phenomenon", lang), _dropdown(ids.EX_PHENOMENON, [every] + [
                {"label": t(f"phenomenon_group.{g}", lang), "value": s} for s, g in PHENOMENON_SLUGS.items()],
                filters.phenomenon or ""), ids.EX_PHENOMENON),
            _labelled(t("filter.crisis_years", lang), dcc.RangeSlider(
                id=ids.EX_CRISIS_YEARS, min=CRISIS_BOUNDS[0], max=CRISIS_BOUNDS[1], step=1,
                value=list(filters.crisis_years),
                marks={y: str(y) for y in range(CRISIS_BOUNDS[0], CRISIS_BOUNDS[1] + 1, 5)},
                tooltip={"placement": "bottom"}), ids.EX_CRISIS_YEARS),
            html.P(t("filter.crisis_years.note", lang, years=years_with_data(snapshot)), className="control-note"),
        ]),
    ])


def year_options(layer: Layer, years: tuple[int, ...], lang: str) -> list[dict]:
    """The layer-year dropdown: the store's years of the layer, latest first."""
    if layer.indicator_id == "homicide_rate_100k":
        return [{"label": t("explorer.year.homicide", lang), "value": y} for y in years[-1:]]
    return [{"label": str(y), "value": y} for y in reversed(years)]


def legend(layer: Layer, year: int, counts: list[int], money: dict, filters: Filters, base: str, lang: str,
           crisis_note: str | None = None) -> dict:
    """The legend as data (texts already formatted), drawn by assets/map.js (`drawLegend`): classes with
    their colours and counts, the grey of no data, the circles and the outline patterns. Drawn in the
    browser, it costs Dash no components: each one slows the page's first render (see README)."""
    labels = class_labels(layer, lang)
    classes = [{"colour": c, "label": lab, "count": fmt_number(n, lang)}
               for c, lab, n in zip(palette(layer), labels, counts)]
    classes.append({"colour": NO_DATA_COLOUR, "label": t("nodata", lang),
                    "count": fmt_number(counts[-1], lang)})
    key = "explorer.legend.circles_pp" if filters.money_mode == "per_capita" else "explorer.legend.circles"
    circles = {"title": t(key, lang, partner=t(f"share.{filters.partner}", lang), pesos=pesos_text(filters, base, lang)),
               "colour": CIRCLE_COLOURS[layer.scheme]}
    if money["max"] > 0:
        top = money["max"]
        fmt = (lambda v: money_text(v, lang, True)) if filters.money_mode == "per_capita" else \
            (lambda v: fmt_money(v, lang, compact=True))
        circles["sizes"] = [{"diameter": round(float(2 * MAX_RADIUS * np.sqrt(s / top))), "label": fmt(s)}
                            for s in (top, top / 4, top / 16)]
        circles["note"] = t("explorer.legend.circles_area", lang)
    else:
        circles["empty"] = t("explorer.legend.no_money", lang)
    crisis_title = t("explorer.legend.crisis", lang, years=years_text(filters.crisis_years))
    crisis = {"title": f"{crisis_title} ({crisis_note.rstrip('.')})" if crisis_note else crisis_title,
              "lines": [{"bit": g.bit, "label": t(f"phenomenon_group.{g.group}", lang)}
                        for g in CRISIS_GROUPS if filters.phenomenon_group in (None, g.group)]}
    return {"need": {"title": layer_title(layer, year, lang), "unit": unit_text(layer, lang), "classes": classes},
            "circles": circles, "crisis": crisis, "localities": t("explorer.legend.localities", lang)}


def summary_strip(numbers: dict, filters: Filters, base: str, has_any: bool, lang: str) -> dict:
    """Projects, pesos by partner, municipalities reached and the high-marginality share, or why not.

    Texts only (the restyle payload's `summary`): assets/map.js draws them into the strip above the
    map with textContent, as it does the legend. Each item is {figure, text after it, note below or None}."""
    if numbers["projects"] == 0:
        key = "explorer.empty.filters" if has_any else "explorer.empty.none"
        return {"empty": t(key, lang)}
    money = {p: fmt_money(numbers[p], lang, compact=True) for p in PARTNERS}
    high = numbers["high_marginality_pct"]
    def item(figure: str, text: str, note: str | None = None) -> dict:
        return {"figure": figure, "text": text, "note": note}

    items = [
        item(fmt_number(numbers["projects"], lang),
             " " + t("explorer.summary.projects", lang, count=numbers["projects"])),
        item(money["total"], f" {t('explorer.summary.total', lang)} ({pesos_text(filters, base, lang)})",
             t("explorer.summary.partners", lang, **{p: money[p] for p in PARTNERS})),
        item(fmt_number(numbers["municipalities"], lang),
             " " + t("explorer.summary.municipalities", lang, count=numbers["municipalities"])),
    ]
    if high is not None:
        items.append(item(fmt_pct(high, lang, 0), " " + t("explorer.summary.high", lang)))
    synthetic = "⚠ " + t("explorer.summary.synthetic", lang) if numbers.get("synthetic") else None
    return {"items": items, "synthetic": synthetic}


def table(frame: pd.DataFrame, layer: Layer, year: int, filters: Filters, sort: str, limit: int | None,
          lang: str) -> dict:
    """The table twin as data, every text formatted here in the page's language; assets/map.js draws it
    (tableNodes: a table with a button per municipality, keyboard reachable, names set as text).

    {"caption", "columns": [{"heading", "numeric"}, ...], "rows": [{key: text} for the keys of
    browser_contract.TABLE_COLUMNS (cvegeo, rank, name, state, value, projects, money, declarations,
    the button's title "pick")], "link": the last column's link text, "suffix": its query string,
    "note": None}. Drawn by the browser rather than as Dash components: 25 rows were 290 components
    for Dash to mount after the first paint and on every filter change.

    One object per row repeats the nine keys. On the real store, 600 rows ("show all") are 118.6 KB
    instead of 70.4 KB as positional lists and 69.5 KB by column, but as the response is sent (zstd,
    Flask-Compress's first choice, which Chromium accepts) 16.7 KB instead of 15.3 and 14.4 KB; 25 rows
    1,043 bytes instead of 923 and 987. Not enough to trade the plainer shape for the columnar one."""
    per_person = filters.money_mode == "per_capita"
    shown = frame if limit is None else frame.head(limit)
    value_is_number = layer.kind != "grade"
    head = [("rank", True), ("municipality", False), ("state", False), (None, value_is_number),
            ("projects", True), ("per_person" if per_person else "pesos", True), ("declarations", True),
            ("page", False)]
    columns = [{"heading": t(f"explorer.col.{h}", lang) if h else layer_title(layer, year, lang), "numeric": numeric}
               for h, numeric in head]
    rows = []
    for n, row in enumerate(shown.itertuples(index=False), start=1):
        amount = row.per_person if per_person else row.pesos
        name = str(row.municipality_name)
        cells = {"cvegeo": str(row.cvegeo), "rank": str(n), "name": name, "state": str(row.state_name),
                 "value": format_value(layer, row.value, lang), "projects": fmt_number(row.projects, lang),
                 "money": money_text(amount, lang, per_person) if amount == amount and row.projects else "—",
                 "declarations": (fmt_number(row.declarations, lang) if row.declarations == row.declarations
                                  else t("gaps.status.no_data", lang)),
                 "pick": t("explorer.pick", lang, name=name)}
        rows.append({column: cells[column] for column in TABLE_COLUMNS})
    order = t(f"explorer.sort.{sort}", lang)
    return {"caption": t("explorer.table.caption", lang, layer=layer_title(layer, year, lang), order=order),
            "columns": columns, "rows": rows, "link": t("explorer.page_link", lang),
            "suffix": "?lang=en" if lang == "en" else "", "note": None}
