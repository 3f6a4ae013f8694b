"""Pieces of the gaps page: the controls, the status badge and legend.

A status is told by text, an icon and a colour together (never colour alone). Not a page module
(the leading underscore keeps Dash from registering it).
"""
from __future__ import annotations

from dash import dcc, html

from dashapp import ids
from dashapp.filters import CRISIS_BOUNDS, PARTNERS, PHENOMENON_SLUGS, PROGRAM_YEARS, Filters
from dashapp.i18n import t
from dashapp.queries.coverage import years_with_data
from dashapp.queries.gap_finder import COMBINED, CRITERIA, GRADES, MAX_WEIGHT, Criteria
from dashapp.queries.gaps import NEEDS, STATUSES
from dashapp.queries.project_table import category_options

HIDDEN = "sr-only"  # read by screen readers (and found by label), not shown
ICONS = {"with_projects": "●", "no_projects": "○", "no_data": "?"}


def _labelled(label: str, control, control_id: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id, id=control_id + "-label"), control], className="control",
                    role="group", **{"aria-labelledby": control_id + "-label"})


def finder_controls(criteria: Criteria, lang: str) -> html.Fieldset:
    """The combined finder's criteria: per indicator a weight (0 = not in the score) and a minimum
    (blank = no threshold; grades 1-5); and "only municipalities a declaration names"."""
    weights, minimums = dict(criteria.weights), dict(criteria.thresholds)
    rows = []
    for slug in CRITERIA:
        label = t(f"finder.criterion.{slug}", lang)
        weight_id, minimum_id = {"type": ids.FINDER_WEIGHT, "slug": slug}, {"type": ids.FINDER_MIN, "slug": slug}
        rows.append(html.Tr([
            html.Th(label, scope="row"),
            html.Td(html.Label([html.Span(t("finder.weight_of", lang, criterion=label), className=HIDDEN),
                                dcc.Input(id=weight_id, type="number", min=0, max=MAX_WEIGHT, step=1,
                                          value=weights.get(slug, 0), debounce=True, className="finder-number")])),
            html.Td(html.Label([html.Span(t("finder.minimum_of", lang, criterion=label), className=HIDDEN),
                                dcc.Input(id=minimum_id, type="number", min=1 if slug in GRADES else 0,
                                          max=5 if slug in GRADES else None, step=1 if slug in GRADES else "any",
                                          value=minimums.get(slug), debounce=True, className="finder-number",
                                          placeholder="1–5" if slug in GRADES else "")])),
        ]))
    return html.Fieldset(className="finder-controls", children=[
        html.Legend(t("finder.title", lang)),
        html.Table([html.Thead(html.Tr([html.Th(t("finder.col.criterion", lang), scope="col"),
                                        html.Th(t("finder.col.weight", lang), scope="col"),
                                        html.Th(t("finder.col.minimum", lang), scope="col")])),
                    html.Tbody(rows)], className="plain finder-table"),
        html.P(t("finder.help", lang), className="control-note"),
        dcc.Checklist(id=ids.FINDER_CRISIS, value={"ambas": ["declaraciones", "impactos"], None: []}.get(
                          criteria.crisis, [criteria.crisis]),
                      options=[{"label": t(f"finder.crisis.{kind}", lang), "value": kind}
                               for kind in ("declaraciones", "impactos")]),
    ])


def controls(snapshot, filters: Filters, need: str, lang: str, criteria: Criteria | None = None) -> html.Div:
    """The need selector, years, state, declaration window and the folded extra options."""
    states = snapshot["states"].sort_values("state_name")
    state_options = [{"label": t("filter.all_states", lang), "value": ""}] + [
        {"label": str(name), "value": str(key)} for key, name in zip(states["cve_ent"], states["state_name"])]
    phenomena = [{"label": t("filter.all", lang), "value": ""}] + [
        {"label": t(f"phenomenon_group.{group}.short", lang), "value": slug}
        for slug, group in PHENOMENON_SLUGS.items()]
    categories = category_options(lang, t("filter.all", lang))
    years_marks = {y: str(y) for y in range(PROGRAM_YEARS[0], PROGRAM_YEARS[1] + 1, 3)}
    crisis_marks = {y: str(y) for y in range(CRISIS_BOUNDS[0], CRISIS_BOUNDS[1] + 1, 5)}
    return html.Div(className="panel gaps-controls", children=[
        html.Fieldset([
            html.Legend(t("brechas.need", lang)),
            dcc.RadioItems(id=ids.GAPS_NEED, value=need, className="gaps-need",
                           options=[{"label": t(f"brechas.need.{n}", lang), "value": n} for n in (*NEEDS, COMBINED)]),
        ]),
        finder_controls(criteria, lang) if need == COMBINED and criteria is not None else None,
        _labelled(t("brechas.years", lang), dcc.RangeSlider(
            id=ids.GAPS_YEARS, min=PROGRAM_YEARS[0], max=PROGRAM_YEARS[1], step=1, value=list(filters.years),
            marks=years_marks, tooltip={"placement": "bottom", "always_visible": False}), ids.GAPS_YEARS),
        _labelled(t("filter.state", lang), dcc.Dropdown(id=ids.GAPS_STATE, options=state_options,
                                                         value=filters.state or "", clearable=False), ids.GAPS_STATE),
        html.Div(className="gaps-crisis" + ("" if need in ("declaraciones", COMBINED) else " is-hidden"), children=[
            _labelled(t("filter.crisis_years", lang), dcc.RangeSlider(
                id=ids.GAPS_CRISIS_YEARS, min=CRISIS_BOUNDS[0], max=CRISIS_BOUNDS[1], step=1,
                value=list(filters.crisis_years), marks=crisis_marks), ids.GAPS_CRISIS_YEARS),
            html.P(t("filter.crisis_years.note", lang, years=years_with_data(snapshot)), className="control-note"),
            _labelled(t("filter.phenomenon", lang), dcc.Dropdown(
                id=ids.GAPS_PHENOMENON, options=phenomena, value=filters.phenomenon or "", clearable=False),
                ids.GAPS_PHENOMENON),
        ]),
        html.Details([
            html.Summary(t("brechas.more", lang)),
            _labelled(t("filter.category", lang), dcc.Dropdown(
                id=ids.GAPS_CATEGORY, options=categories, value=filters.category or "", clearable=False),
                ids.GAPS_CATEGORY),
            _labelled(t("filter.partner", lang), dcc.Dropdown(
                id=ids.GAPS_PARTNER, value=filters.partner, clearable=False,
                options=[{"label": t(f"share.{p}", lang), "value": p} for p in PARTNERS]), ids.GAPS_PARTNER),
            _labelled(t("filter.pesos", lang), dcc.RadioItems(
                id=ids.GAPS_PESOS, value=filters.pesos, inline=True,
                options=[{"label": t(f"brechas.pesos.{p}", lang), "value": p} for p in ("constant", "current")]),
                ids.GAPS_PESOS),
        ], open=bool(filters.category or filters.partner != "total" or filters.pesos != "constant")),
    ])


def status_cell(code: str, lang: str) -> html.Span:
    """The status as icon + words, styled by `status-<code>`."""
    return html.Span([html.Span(ICONS.get(code, ""), className="status-icon", **{"aria-hidden": "true"}),
                      " ", t(f"gaps.status.{code}", lang)], className=f"status status-{code}")


def status_legend(lang: str) -> html.Dl:
    """What each status means, in the order of the ranking."""
    items = []
    for code in reversed(STATUSES):
        items += [html.Dt(status_cell(code, lang)), html.Dd(t(f"brechas.legend.{code}", lang))]
    return html.Dl(items, className="gaps-legend", **{"aria-label": t("brechas.legend", lang)})
