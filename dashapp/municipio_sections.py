"""The hometown page's sections, each a function of prepared data and the language.

Data comes from dashapp.queries.municipio; these functions only lay it out. Every name from the
store (projects, clubs, localities, declarations) is passed as a text child, never as HTML.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashapp import ids
from dashapp.i18n import fmt_money, fmt_number, fmt_pct, fmt_usd, t
from dashapp.vocabulary import grade_label, kind_label, phenomenon_label, type_label
from dashapp.queries.coverage import CrisisCoverage, year_spans
from dashapp.queries.municipio import safe_url

PARTNERS = (("federal_mxn", "federal"), ("state_mxn", "state"), ("municipal_mxn", "municipal"),
            ("migrant_mxn", "migrant"))
MAX_PROJECT_ROWS = 100


def fmt_value(value: float | None, unit: str, lang: str, category: str | None = None) -> str:
    """An indicator value in its unit: 45.5 % ; 53.4 per 100k ; a grade's label."""
    if value is None or value != value:
        return "—"
    if unit == "grade":
        return grade_label(value, category, lang)
    if unit == "pct":
        return fmt_pct(value, lang)
    if unit == "per_100k":
        return t("muni.per_100k", lang, v=fmt_number(value, lang, digits=1))
    if unit in ("usd", "usd_per_person"):
        return fmt_usd(value, lang)
    return fmt_number(value, lang, digits=0 if abs(value) >= 100 else 2)


def _compared(agg: dict, unit: str, lang: str) -> str:
    text = fmt_value(agg.get("value"), unit, lang, agg.get("category"))
    if unit == "grade" and agg.get("share_pct") is not None:
        text = t("muni.grade_share", lang, grade=text, share=fmt_pct(agg["share_pct"], lang, digits=0))
    return text


def indicators_section(rows: list[dict], state_name: str, lang: str) -> html.Section:
    """The headline indicators: here, the state and the nation, with the year and how they compare."""
    if not rows:
        body = html.P(t("muni.indicators.none", lang), className="empty-state")
    else:
        head = html.Tr([html.Th(t("muni.col.indicator", lang), scope="col"),
                        html.Th(t("muni.col.here", lang), scope="col", className="num"),
                        html.Th(state_name, scope="col", className="num"),
                        html.Th(t("muni.col.national", lang), scope="col", className="num"),
                        html.Th(t("muni.col.year", lang), scope="col", className="num")])
        here, national, year = t("muni.col.here", lang), t("muni.col.national", lang), t("muni.col.year", lang)
        body_rows = [html.Tr([  # data-label: the column's name, shown beside each cell on phones
            html.Th(row[f"label_{lang}"], scope="row"),
            html.Td(fmt_value(row["value"], row["unit"], lang, row["category"]), className="num here",
                    **{"data-label": here}),
            html.Td(_compared(row["state"], row["unit"], lang), className="num", **{"data-label": state_name}),
            html.Td(_compared(row["national"], row["unit"], lang), className="num", **{"data-label": national}),
            html.Td(str(row["year"]), className="num", **{"data-label": year}),
        ]) for row in rows]
        body = html.Div(html.Table([html.Thead(head), html.Tbody(body_rows)], className="plain muni-indicators"),
                        className="table-wrap")
    return html.Section([html.H2(t("muni.section.indicators", lang)), body,
                         html.P(t("muni.note.comparison", lang), className="muni-note")],
                        className="muni-section", id="indicadores")


def contribution_bar(row: dict, lang: str) -> html.Div:
    """The four partners' contributions as one stacked bar (widths in %), amounts in its label."""
    amounts = {key: (row.get(col) if row.get(col) == row.get(col) else None) for col, key in PARTNERS}
    total = sum(v for v in amounts.values() if v and v > 0)
    label = "; ".join(f"{t('partner.' + key, lang)}: {fmt_money(v, lang)}" for key, v in amounts.items())
    parts = [html.Span(className=f"stack-part stack-{key}", style={"width": f"{100 * v / total:.1f}%"})
             for key, v in amounts.items() if total and v and v > 0]
    return html.Div(parts, className="stack", role="img", title=label, **{"aria-label": label})


def _legend(lang: str) -> html.Ul:
    return html.Ul([html.Li([html.Span(className=f"stack-swatch stack-{key}"), t("partner." + key, lang)])
                    for _, key in PARTNERS], className="stack-legend")


def projects_section(projects: pd.DataFrame, summary: dict, has_any: bool, pesos_note: str, lang: str,
                     see_all: str | None, downloads: str, loc: str | None = None) -> html.Section:
    """The municipality's projects with their contributions; synthetic rows are labelled, rows in the
    searched locality (`loc`) are highlighted. `downloads` is the API query for the CSV/GeoJSON links."""
    title = html.H2(t("muni.section.projects", lang))
    if not has_any:
        return html.Section([title, html.P(t("muni.projects.nodata", lang), className="empty-state")],
                            className="muni-section", id="proyectos")
    if projects.empty:
        children = [html.P(t("muni.projects.none_filtered" if see_all else "muni.projects.none", lang),
                           className="empty-state")]
        if see_all:
            children.append(html.A(t("muni.projects.see_all", lang), href=see_all))
        return html.Section([title, *children], className="muni-section", id="proyectos")
    shown = projects.head(MAX_PROJECT_ROWS)
    rows = []
    for row in shown.to_dict("records"):
        synthetic = bool(row.get("is_synthetic"))
        name_cell = [row.get("project_name") or "—"]
        if synthetic:
            name_cell.append(html.Span(t("muni.synthetic", lang), className="synthetic-tag"))
        classes = ("synthetic-row " if synthetic else "") + ("loc-row" if loc and row.get("cvegeo_loc") == loc else "")
        rows.append(html.Tr([
            html.Td(str(row["fiscal_year"]), className="num"),
            html.Td(type_label(row.get("project_type"), lang)),
            html.Td(name_cell),
            html.Td([contribution_bar(row, lang), html.Span(fmt_money(row.get("total_mxn"), lang),
                                                            className="stack-total")], className="money"),
            html.Td(row.get("club_name") or "—"),
            html.Td(row.get("locality_name") or "—"),
        ], className=classes.strip() or None))
    head = html.Tr([html.Th(t(f"muni.col.{c}", lang), scope="col") for c in
                    ("year", "type", "name", "money", "club", "locality")])
    first, last = summary["first_year"], summary["last_year"]
    intro = t("muni.projects.summary", lang, count=summary["count"],
              total=fmt_money(summary["total_mxn"], lang), years=first if first == last else f"{first}–{last}")
    children = [title, html.P([intro, " ", pesos_note]), _legend(lang),
                html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="plain muni-projects"),
                         className="table-wrap")]
    if summary["synthetic_count"]:
        children.insert(1, html.P(t("muni.projects.synthetic_note", lang,
                                    count=summary["synthetic_count"]), className="synthetic-note"))
    if len(projects) > len(shown):
        children.append(html.P(t("muni.projects.more", lang, shown=len(shown), n=len(projects))))
    links = [html.A(t("muni.projects.csv", lang), href="/api/proyectos.csv" + downloads, download=""), " · ",
             html.A(t("muni.projects.geojson", lang), href="/api/proyectos.geojson" + downloads, download="")]
    if see_all:
        links += [" · ", html.A(t("muni.projects.see_all", lang), href=see_all)]
    children.append(html.P(links, className="muni-downloads no-print"))
    return html.Section(children, className="muni-section", id="proyectos")


def _date_text(row: dict) -> str:
    for key in ("event_date", "dof_date"):
        value = row.get(key)
        if isinstance(value, str) and value:
            return value[:10]
    return str(row["year"])


def declarations_section(decl: pd.DataFrame, coverage: CrisisCoverage, lang: str) -> html.Section:
    """The declarations naming the municipality as a timeline, newest first, and which years the
    sources cover (`coverage`: over the program's years and after), so "none" is read right."""
    title = html.H2(t("muni.section.declarations", lang))
    sources = html.P(t("muni.declarations.sources", lang, scopes="; ".join(
        t(f"coverage.scope.{scope}", lang) for scope in coverage.scopes), missing=year_spans(coverage.missing)),
        className="muni-note") if coverage.missing else None
    if decl.empty:
        covered = year_spans(tuple(sorted(coverage.covered + coverage.partial)))
        return html.Section([title, html.P(t("muni.declarations.none", lang, years=covered), className="empty-state"),
                             sources], className="muni-section", id="declaratorias")
    items = []
    for row in decl.to_dict("records"):
        url = safe_url(row.get("dof_url"))
        items.append(html.Li([
            html.Time(_date_text(row), className="tl-date"),
            html.Div([html.Strong(phenomenon_label(row["phenomenon"], lang)), " · ",
                      kind_label(row["declaration_kind"], lang)], className="tl-what"),
            html.P(row["description"], className="tl-desc") if isinstance(row.get("description"), str) else None,
            html.A(t("muni.dof", lang), href=url, target="_blank", rel="noopener noreferrer") if url else None,
        ], className="tl-item"))
    return html.Section([title, html.P(t("muni.declarations.count", lang, n=len(decl))),
                         html.Ol(items, className="timeline"), sources], className="muni-section", id="declaratorias")


def impacts_section(events: pd.DataFrame, state_events: pd.DataFrame, state_name: str, lang: str) -> html.Section:
    """CENAPRED's natural-phenomenon events naming the municipality (newest first, at most 10 shown in
    full), with the state's events recorded without municipalities said apart: never as "none here"."""
    title = html.H2(t("muni.section.impacts", lang))
    state_note = html.P(t("muni.impacts.state_level", lang, count=len(state_events),
                                                                 n=fmt_number(len(state_events), lang), state=state_name),
                        className="muni-note") if len(state_events) else None
    if events.empty:
        return html.Section([title, html.P(t("muni.impacts.none", lang), className="empty-state"), state_note],
                            className="muni-section", id="impactos")
    items = []
    for row in events.head(10).to_dict("records"):
        figures = t("muni.impacts.figures", lang, deaths=fmt_number(_number(row.get("deaths")), lang),
                    affected=fmt_number(_number(row.get("people_affected")), lang),
                    damages=fmt_money(_number(row.get("damages_mxn")), lang, compact=True))
        items.append(html.Li([
            html.Time(str(row["start_date"])[:10] if isinstance(row.get("start_date"), str) else str(row["year"]),
                      className="tl-date"),
            html.Div([html.Strong(str(row.get("phenomenon_type") or phenomenon_label(row["phenomenon_group"], lang))),
                      " · ", str(row.get("source") or "")], className="tl-what"),
            html.P(figures, className="tl-desc"),
        ], className="tl-item"))
    return html.Section([title, html.P(t("muni.impacts.count", lang, count=len(events), n=fmt_number(len(events), lang))),
                         html.Ol(items, className="timeline"), state_note], className="muni-section", id="impactos")


def _number(value: object) -> float | None:
    """A stored figure as a number, None when missing (shown as a dash, never as 0)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def remittances_section(rem: pd.DataFrame, lang: str) -> html.Section:
    """Quarterly remittances (USD) as a bar chart, with the last full year in words."""
    title = html.H2(t("muni.section.remittances", lang))
    if rem.empty:
        return html.Section([title, html.P(t("muni.remittances.none", lang), className="empty-state")],
                            className="muni-section", id="remesas")
    per_year = rem.groupby("year").agg(amount=("amount_usd", "sum"), quarters=("quarter", "nunique"))
    full = per_year[per_year["quarters"] == 4]
    summary = (t("muni.remittances.summary", lang, year=int(full.index[-1]),
                 amount=fmt_usd(full["amount"].iloc[-1], lang)) if len(full) else "")
    labels = [f"{y} T{q}" if lang == "es" else f"{y} Q{q}" for y, q in zip(rem["year"], rem["quarter"])]
    figure = go.Figure(go.Bar(x=pd.to_datetime(rem["period_start"]), y=rem["amount_usd"], customdata=labels,
                              marker_color="#0b5cad",
                              hovertemplate="%{customdata}: US$%{y:,.0f}<extra></extra>"))
    figure.update_layout(height=280, margin={"l": 10, "r": 10, "t": 10, "b": 30}, separators=".,",
                         yaxis={"title": t("muni.remittances.axis", lang), "tickformat": "~s"},
                         xaxis={"title": None}, plot_bgcolor="white", paper_bgcolor="white")
    chart = dcc.Graph(id=ids.MUNI_REMITTANCES, figure=figure, className="muni-chart",
                      config={"displayModeBar": False, "responsive": True})
    return html.Section([title, html.P([summary, " ", t("muni.remittances.note", lang)]), chart],
                        className="muni-section", id="remesas")


def migration_section(values: pd.DataFrame, lang: str) -> html.Section:
    """Migration intensity (CONAPO) in 2010 and 2020: the grade and the shares of homes."""
    title = html.H2(t("muni.section.migration", lang))
    if values.empty:
        return html.Section([title, html.P(t("muni.migration.none", lang), className="empty-state")],
                            className="muni-section", id="migracion")
    years = sorted(values["year"].unique())
    head = html.Tr([html.Th(t("muni.col.indicator", lang), scope="col")]
                   + [html.Th(str(y), scope="col", className="num") for y in years])
    rows = []
    for _, group in values.groupby("indicator_id", sort=False):
        by_year = {int(r["year"]): r for r in group.to_dict("records")}
        first = group.iloc[0]
        rows.append(html.Tr([html.Th(first[f"label_{lang}"], scope="row")] + [
            html.Td(fmt_value(by_year[y]["value"], by_year[y]["unit"], lang, by_year[y]["category"])
                    if y in by_year else "—", className="num") for y in years]))
    return html.Section([title, html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="plain"),
                                         className="table-wrap"),
                         html.P(t("muni.migration.note", lang), className="muni-note")],
                        className="muni-section", id="migracion")


def share_section(url: str, lang: str) -> html.Section:
    """The page's address to copy, a copy button and a print button."""
    return html.Section([
        html.H2(t("muni.section.share", lang)),
        html.Label(t("muni.share.label", lang), htmlFor=ids.MUNI_SHARE_URL, className="share-label"),
        html.Div([
            dcc.Input(id=ids.MUNI_SHARE_URL, value=url, readOnly=True, type="text", className="share-url"),
            dcc.Clipboard(id=ids.MUNI_COPY, target_id=ids.MUNI_SHARE_URL, title=t("muni.copy", lang),
                          className="share-copy"),
            html.Button(t("muni.print", lang), id=ids.MUNI_PRINT, className="share-print", n_clicks=0),
        ], className="share-row"),
        html.P(url, className="print-only share-printed"),
    ], className="muni-section muni-share no-print-controls", id="compartir")

