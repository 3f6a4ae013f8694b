"""The side panel of the explorer: the chosen municipality's figures and a link to its page."""
from __future__ import annotations

from dash import html

from dashapp import ids
from dashapp.filters import Filters
from dashapp.i18n import fmt_money, fmt_number, t
from dashapp.pages._explorer_view import format_value, layer_title, money_text, pesos_text, years_text
from dashapp.queries.coverage import crisis_coverage
from dashapp.queries.explorer import crisis_events, facts
from dashapp.queries.municipio import municipality, projects_here, projects_summary
from dashapp.queries.projects import PARTNER_COLUMNS


def _pair(term: str, value: str) -> list:
    return [html.Dt(term), html.Dd(value)]


def empty_panel(lang: str) -> list:
    return [html.H2(t("explorer.panel.title", lang)), html.P(t("explorer.panel.empty", lang), className="empty-state")]


def panel(snapshot, cvegeo: str | None, filters: Filters, lang: str) -> list:
    """Heading, figures (need, 3x1 money under the filter, declarations in the window) and the page link."""
    place = municipality(snapshot, cvegeo) if cvegeo else None
    if place is None:
        return empty_panel(lang)
    base = snapshot.info.get("constant_pesos_base_year", "2018")
    items = _pair(t("explorer.panel.population", lang), fmt_number(place["population_2020"], lang)
                  if place["population_2020"] is not None else "—")
    for layer, year, value in facts(snapshot, place["cvegeo"]):
        items += _pair(layer_title(layer, year, lang), format_value(layer, value, lang))
    money = projects_summary(projects_here(snapshot, place["cvegeo"], filters))
    pesos = money[PARTNER_COLUMNS[filters.partner]]
    items += _pair(t("explorer.panel.projects", lang, years=years_text(filters.years)),
                   fmt_number(money["count"], lang))
    if money["count"]:
        items += _pair(t("explorer.panel.pesos", lang, pesos=pesos_text(filters, base, lang),
                         partner=t(f"share.{filters.partner}", lang)), fmt_money(pesos, lang))
        if place["population_2020"]:
            items += _pair(t("explorer.panel.per_person", lang),
                           money_text(pesos / place["population_2020"], lang, per_person=True))
    events = crisis_events(snapshot, filters.with_(state=None))
    mine = events[events["cvegeo"].astype(str) == place["cvegeo"]].drop_duplicates("declaration_id")
    groups = mine["phenomenon_group"].value_counts()
    text = ", ".join(f"{t(f'phenomenon_group.{g}', lang)}: {n}" for g, n in groups.items()) or \
        t("explorer.panel.none" if crisis_coverage(snapshot, filters).any else "gaps.status.no_data", lang)
    items += _pair(t("explorer.panel.declarations", lang, years=years_text(filters.crisis_years)), text)
    href = f"/municipio/{place['cvegeo']}" + ("?lang=en" if lang == "en" else "")
    return [
        html.H2(place["municipality_name"], id=ids.EX_PANEL + "-title"),
        html.P(place["state_name"], className="ex-unit"),
        html.Dl(items, className="ex-facts"),
        html.A(t("explorer.panel.link", lang), href=href, className="ex-page-link"),
    ]
