"""Data and method, `/datos`: every layer with its publisher, vintage, coverage and known problems.

Everything shown comes from the store (indicator_catalog, source_accounting, indicator coverage,
build_info, calibration_results) plus the method texts of the catalogue (dashapp/locale). Stored text is rendered
as text; a stored link is a link only when it is http(s).
"""
from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashapp.i18n import fmt_number, lang_of, t, tab_title
from dashapp.queries.catalog import layer_catalog, other_layers, safe_url
from dashapp.store import current_snapshot

dash.register_page(__name__, path="/datos", title=tab_title("nav.data"), name="Datos")

# the "how to load a real list" table: (field, the headings accepted for it, as published)
HEADINGS = (
    ("year", "EJERCICIO, EJERCICIO FISCAL, AÑO, ANIO"),
    ("state", "ENTIDAD, ENTIDAD FEDERATIVA, ESTADO, CVE_ENT, CLAVE ENTIDAD"),
    ("municipality", "MUNICIPIO, CLAVE MUNICIPIO, CVE_MUN, CVEGEO"),
    ("locality", "LOCALIDAD, CLAVE LOCALIDAD"),
    ("name", "NOMBRE DEL PROYECTO, OBRA, ACCIÓN, DESCRIPCIÓN"),
    ("type", "TIPO DE PROYECTO, SUBTIPO, RUBRO"),
    ("money", "APORTACIÓN FEDERAL, APORTACIÓN ESTATAL, APORTACIÓN MUNICIPAL, APORTACIÓN DE LOS MIGRANTES, "
              "INVERSIÓN FEDERAL, MONTO ESTATAL …"),
    ("club", "CLUB DE MIGRANTES, ESTADO EUA"),
    ("beneficiaries", "BENEFICIARIOS"),
)
SECTIONS = ("capas", "contabilidad", "demostracion", "calibracion", "cargar", "metodo", "api")
SECTION_TITLES = {"capas": "datos.layers", "contabilidad": "datos.accounting", "demostracion": "datos.demo",
                  "calibracion": "datos.calibration", "cargar": "datos.load", "metodo": "datos.method", "api": "datos.api"}
# the API's endpoints, listed on the page with an example each (dashapp/api.py, dashapp/api_analysis.py)
API_EXAMPLES = (
    ("municipio", "/api/municipios/32020"),
    ("proyectos_csv", "/api/proyectos.csv?estado=32&anio=2010-2015&pesos=current"),
    ("proyectos_geojson", "/api/proyectos.geojson?sel=32020"),
    ("brechas_csv", "/api/brechas.csv?necesidad=combinada&criterios=pobreza:2,marginacion:1&umbral=marginacion:4"),
    ("brechas_json", "/api/brechas.json?necesidad=marginacion&estado=20"),
    ("focalizacion", "/api/analisis/focalizacion.json?capa=poverty_pct:2010&pesos=current"),
    ("despues", "/api/analisis/despues.csv?ventana=2&anio_decl=2017-2020"),
    ("diaspora", "/api/analisis/diaspora.csv?anio=2002-2020"),
)


def _num(value, lang: str, digits: int = 0) -> str:
    return "—" if value is None or pd.isna(value) else fmt_number(float(value), lang, digits)


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset(), caption: str | None = None):
    head = html.Thead(html.Tr([html.Th(h, scope="col", className="num" if i in numeric else None)
                               for i, h in enumerate(headers)]))
    body = html.Tbody([html.Tr([html.Td(c, className="num" if i in numeric else None) for i, c in enumerate(row)])
                       for row in rows])
    parts = ([html.Caption(caption)] if caption else []) + [head, body]
    return html.Div(html.Table(parts, className="plain datos-table"), className="table-scroll", tabIndex="0",
                    role="region", **{"aria-label": caption or headers[0]})


def _years(span) -> str:
    return "—" if not span else (str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}")


def _section(key: str, lang: str, *children) -> html.Section:
    return html.Section([html.H2(t(SECTION_TITLES[key], lang), id=key), *children], className="datos-section",
                        **{"aria-labelledby": key})


def _build(snapshot, lang: str) -> html.Dl:
    info = snapshot.info
    items = [("datos.build.built_at", info.get("built_at", "—")),
             ("datos.build.base_year", info.get("constant_pesos_base_year", "—")),
             ("datos.build.deflator", info.get("deflator_method", "—"))]
    return html.Dl([part for key, value in items for part in (html.Dt(t(key, lang)), html.Dd(str(value)))],
                   className="datos-build", **{"aria-label": t("datos.build", lang)})


def _unit(code, lang: str) -> str:
    label = t(f"datos.unit.{code}", lang)
    return str(code) if label.startswith("datos.unit.") else label


def _direction(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("datos.neutral", lang)
    return t("datos.worse" if bool(value) else "datos.better", lang)


def _layers(snapshot, lang: str) -> list:
    catalog = layer_catalog(snapshot)
    total = len(snapshot["municipalities"])
    rows = [[str(r[f"label_{lang}"]), str(r["publisher"]), _unit(r["unit"], lang), _direction(r["higher_is_worse"], lang),
             "; ".join(f"{year}: {fmt_number(n, lang)}" for year, n in r["coverage"]) or "—",
             str(r[f"note_{lang}"]) if pd.notna(r[f"note_{lang}"]) else ""]
            for r in catalog.to_dict("records")]
    headers = [t(k, lang) for k in ("datos.col.indicator", "datos.col.publisher", "datos.col.unit",
                                    "datos.col.direction")] + [t("datos.col.coverage", lang, total=fmt_number(total, lang)),
                                                               t("datos.col.notes", lang)]
    other = other_layers(snapshot)
    others = [html.Li(t(f"datos.other.{key}", lang, **{k: (_years(v) if k == "years" else fmt_number(v, lang))
                                                        for k, v in values.items()}))
              for key, values in other.items()]
    return [_table(headers, rows, caption=t("datos.layers", lang)), html.H3(t("datos.others", lang)), html.Ul(others)]


def _accounting(snapshot, lang: str) -> list:
    acc = snapshot["source_accounting"]
    rows = [[str(r["source_id"]), html.Code(str(r["source_file"])), _num(r["rows_read"], lang),
             _num(r["rows_loaded"], lang), _num(r["rows_rejected"], lang), _num(r["municipalities_covered"], lang)]
            for r in acc.to_dict("records")]
    headers = [t(f"datos.col.{k}", lang) for k in ("source", "file", "read", "loaded", "rejected", "municipalities")]
    return [html.P(t("datos.accounting.intro", lang)), _table(headers, rows, {2, 3, 4, 5}, t("datos.accounting", lang))]


def _demo(snapshot, lang: str) -> list:
    other = other_layers(snapshot)["projects"]
    if not other["synthetic"]:
        return [html.P(t("datos.demo.none", lang))]
    return [html.P(t("datos.demo.what", lang, rows=fmt_number(other["synthetic"], lang)), className="demo-note"),
            html.P(t("datos.demo.how", lang)), html.P(t("datos.demo.real", lang))]


def _link(url, lang: str):
    safe = safe_url(url)
    if not safe:
        return "—"
    host = safe.split("/")[2] if safe.count("/") >= 2 else safe
    return html.A(host, href=safe, rel="noopener noreferrer", target="_blank", title=safe)


def _calibration(snapshot, lang: str) -> list:
    cal = snapshot["calibration_results"]
    if not len(cal):
        return [html.P(t("datos.calibration.empty", lang), className="empty-state")]
    rows = []
    for r in cal.to_dict("records"):
        cited, demo = pd.to_numeric(r["cited_value"], errors="coerce"), pd.to_numeric(r["demo_value"], errors="coerce")
        ratio = demo / cited if pd.notna(demo) and pd.notna(cited) and cited else None
        rows.append([str(r["period"]), str(r["scope"]), str(r["metric"]), _num(cited, lang), _num(demo, lang),
                     _num(ratio, lang, 2), str(r["unit"]), html.Span(str(r["comparison"]), lang="en"),
                     _link(r["source_url"], lang)])
    headers = [t(f"datos.col.{k}", lang) for k in ("period", "scope", "metric", "cited", "demo", "ratio", "unit",
                                                    "comparison", "link")]
    return [html.P(t("datos.calibration.intro", lang)),
            _table(headers, rows, {3, 4, 5}, t("datos.calibration", lang))]


def _load(lang: str) -> list:
    rows = [[t(f"datos.field.{key}", lang), html.Code(headings)] for key, headings in HEADINGS]
    return [html.P(t("datos.load.intro", lang)),
            html.Pre(html.Code("mapa3x1 build --projects LISTA.csv\n"
                               "mapa3x1 build --projects 2015.xlsx --projects 2016.csv"), className="datos-code"),
            html.P(t("datos.load.headings", lang)),
            _table([t("datos.col.field", lang), t("datos.col.headings", lang)], rows, caption=t("datos.load", lang)),
            html.P(t("datos.load.encoding", lang))]


def _method(snapshot, lang: str) -> list:
    base = snapshot.info.get("constant_pesos_base_year", "—")
    keys = ("constant", "per_person", "conapo", "migration", "violence", "declarations", "coverage", "gaps",
            "finder", "targeting", "after", "diaspora")
    return [html.P(t(f"datos.method.{k}", lang, base=base) if k == "constant" else t(f"datos.method.{k}", lang),
                   id=f"metodo-{k}") for k in keys]


def _api(lang: str) -> list:
    rows = [[t(f"datos.api.{key}", lang), html.A(example, href=example)] for key, example in API_EXAMPLES]
    return [html.P(t("datos.api.intro", lang)),
            _table([t("datos.col.endpoint", lang), t("datos.col.example", lang)], rows, caption=t("datos.api", lang))]


def layout(lang: str | None = None, **_query: str):
    lang = lang_of(lang)
    try:
        snapshot = current_snapshot()
    except FileNotFoundError:
        return html.Div(t("store.missing", lang), className="empty-state")
    toc = html.Nav(html.Ul([html.Li(html.A(t(SECTION_TITLES[k], lang), href=f"#{k}")) for k in SECTIONS]),
                   className="datos-toc", **{"aria-label": t("datos.toc", lang)})
    return html.Div(className="datos-page", lang=lang, children=[
        html.H1(t("datos.title", lang)), html.P(t("datos.intro", lang)), toc, _build(snapshot, lang),
        _section("capas", lang, *_layers(snapshot, lang)),
        _section("contabilidad", lang, *_accounting(snapshot, lang)),
        _section("demostracion", lang, *_demo(snapshot, lang)),
        _section("calibracion", lang, *_calibration(snapshot, lang)),
        _section("cargar", lang, *_load(lang)),
        _section("metodo", lang, *_method(snapshot, lang)),
        _section("api", lang, *_api(lang)),
    ])
