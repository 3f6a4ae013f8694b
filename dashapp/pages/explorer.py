"""The explorer, `/`: the national map of need, investment and crisis (placeholder until the map lands)."""
from __future__ import annotations

import dash
from dash import html

from dashapp.i18n import lang_of, t

dash.register_page(__name__, path="/", title="Mapa 3x1")


def layout(lang: str | None = None, **_query: str) -> html.Div:
    lang = lang_of(lang)
    return html.Div([html.H1(t("app.title", lang))])
