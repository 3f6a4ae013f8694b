"""The search box in the page header (placeholder: the search work fills it in)."""
from __future__ import annotations

from dash import html

from dashapp import ids


def search_box() -> html.Div:
    """The header's search slot."""
    return html.Div(id=ids.SEARCH, className="search")
