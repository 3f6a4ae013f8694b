"""Any address no page serves: a friendly page with suggestions from the address's words.

Dash shows this module's layout for unknown paths (the HTTP status stays 200 inside Dash).
`/jerez` suggests Jerez, Zacatecas; the search box above is always there.
"""
from __future__ import annotations

from urllib.parse import unquote

import dash
from dash import Input, Output, State, html

from dashapp import ids
from dashapp.i18n import lang_of, t, tab_title
from dashapp.search import lang_from_search, suggestion_block

dash.register_page(__name__, path="/404", title=tab_title())


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = lang_of(lang if isinstance(lang, str) else None)
    return html.Div([
        html.H1(t("notfound.page_title", lang)),
        html.P(t("notfound.page_body", lang)),
        html.P(t("notfound.search", lang)),
        html.Div(id=ids.NOT_FOUND_SUGGEST),
        html.P(html.A(t("notfound.home", lang), href="/" + ("?lang=en" if lang == "en" else ""))),
    ], className="not-found")


def words_of_path(pathname: str | None) -> str:
    """The last segment of a path as words: '/municipio-jerez/' -> 'municipio jerez'."""
    segments = [s for s in unquote(pathname or "")[:200].split("/") if s]
    return segments[-1].replace("-", " ").replace("_", " ") if segments else ""


@dash.callback(
    Output(ids.NOT_FOUND_SUGGEST, "children"),
    Input(ids.URL, "pathname"),
    State(ids.URL, "search"),
)
def suggest_from_path(pathname: str | None, search: str | None):
    """Suggestions for the words of the unknown address."""
    lang = lang_from_search(search)
    return suggestion_block(words_of_path(pathname), lang, t("notfound.suggest", lang))
