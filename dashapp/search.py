"""The search box in every page's header: type a municipality or a town, get up to ten links.

Suggestions come from the server on every keystroke (about 10 ms a query over the 2,475
municipalities and 50,000 localities of the store); shipping the list to the browser instead
would cost ~130 KB gzipped even cut to towns of 2,500+ people. Each suggestion is a link (Tab,
Enter and middle-click work); Enter in the box opens the first one. Names are rendered as text.
"""
from __future__ import annotations

from urllib.parse import parse_qs

import dash
from dash import Input, Output, State, dcc, html

from dashapp import ids
from dashapp.i18n import fmt_number, lang_of, t
from dashapp.queries.search import KIND_LOCALITY, MAX_QUERY_CHARS, cached_index, search, suggestion_href
from dashapp.store import current_snapshot


def search_box(label: str | None = None, placeholder: str | None = None) -> html.Div:
    """The header's search form: a labelled input, a live status line and the suggestion links."""
    return html.Div(id=ids.SEARCH, className="search no-print", role="search", children=[
        html.Label(label or t("search.label", "es"), htmlFor=ids.SEARCH_INPUT, id=ids.SEARCH_LABEL,
                   className="search-label"),
        dcc.Input(id=ids.SEARCH_INPUT, type="search", debounce=False, value="", autoComplete="off",
                  spellCheck=False, maxLength=MAX_QUERY_CHARS, placeholder=placeholder or t("search.placeholder", "es"),
                  className="search-input"),
        html.Div(id=ids.SEARCH_STATUS, className="search-status", role="status"),
        html.Ul(id=ids.SEARCH_RESULTS, className="search-results"),
    ])


def lang_from_search(search: str | None) -> str:
    """The `lang` parameter of a URL query string (a repeated or unknown value falls back to Spanish)."""
    values = parse_qs((search or "").lstrip("?")).get("lang") or [None]
    return lang_of(values[0])


def suggestion_item(hit: dict, lang: str) -> html.Li:
    """One suggestion: the place's name as a link, then where it is and how many people live there."""
    where = (t("search.locality_in", lang, mun=hit["municipality_name"]) + ", " + hit["state_name"]
             if hit["kind"] == KIND_LOCALITY else t("search.municipality", lang) + ", " + hit["state_name"])
    people = t("search.people", lang, n=fmt_number(hit["population"], lang)) if hit["population"] else ""
    return html.Li(dcc.Link([html.Span(hit["name"], className="search-name"),
                             html.Span(where, className="search-where"),
                             html.Span(people, className="search-pop")],
                            href=suggestion_href(hit, lang), className="search-link"),
                   className=f"search-item search-{hit['kind']}")


def suggestions(text: str | None, lang: str) -> tuple[list, str]:
    """The suggestion items and the status line for the typed text (pure given the running store)."""
    text = (text or "")[:MAX_QUERY_CHARS]
    if len(text.strip()) < 2:
        return [], ""
    try:
        hits = search(cached_index(current_snapshot()), text)
    except FileNotFoundError:
        return [], t("search.unavailable", lang)
    if not hits:
        return [], t("search.none", lang, q=text.strip())
    return [suggestion_item(hit, lang) for hit in hits], t("search.count", lang, count=len(hits))


def localized_texts(lang: str) -> tuple[str, str]:
    """The box's label and placeholder in `lang` (rendered with the shell, dashapp/app.py)."""
    return t("search.label", lang), t("search.placeholder", lang)


@dash.callback(
    Output(ids.SEARCH_RESULTS, "children"),
    Output(ids.SEARCH_STATUS, "children"),
    Input(ids.SEARCH_INPUT, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def suggest(value: str | None, search_: str | None):
    """Suggestions as the user types."""
    return suggestions(value, lang_from_search(search_))


# A page change empties the box and its suggestions in the browser: no request on every page load.
# Only a non-empty box is touched, so a fresh page load sends no suggestion request either.
dash.clientside_callback(
    """function(_pathname, value) {
        const skip = window.dash_clientside.no_update;
        return value ? [[], '', ''] : [skip, skip, skip];
    }""",
    Output(ids.SEARCH_RESULTS, "children", allow_duplicate=True),
    Output(ids.SEARCH_STATUS, "children", allow_duplicate=True),
    Output(ids.SEARCH_INPUT, "value"),
    Input(ids.URL, "pathname"),
    State(ids.SEARCH_INPUT, "value"),
    prevent_initial_call=True,
)


@dash.callback(
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.SEARCH_INPUT, "n_submit"),
    State(ids.SEARCH_INPUT, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def open_first(_n_submit: int | None, value: str | None, search_: str | None):
    """Enter in the box opens the best suggestion."""
    if len((value or "").strip()) < 2:
        return dash.no_update
    try:
        hits = search(cached_index(current_snapshot()), value[:MAX_QUERY_CHARS], limit=1)
    except FileNotFoundError:
        return dash.no_update
    return suggestion_href(hits[0], lang_from_search(search_)) if hits else dash.no_update


def suggestion_block(text: object, lang: str, heading: str) -> html.Div | None:
    """A titled list of suggestions for `text` (e.g. the words of a bad URL), or None when nothing matches."""
    if not isinstance(text, str):
        return None
    items, _status = suggestions(text.replace("-", " ").replace("_", " "), lang)
    if not items:
        return None
    return html.Div([html.H2(heading), html.Ul(items, className="search-results inline")],
                    className="suggestion-block")
