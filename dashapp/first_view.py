"""The first view of any page, rendered into Dash's initial layout instead of by callbacks.

Dash fetches `/_dash-layout` once per page load. With Dash pages, that layout is an empty frame: the
browser then asks the routing callback for the page, and another callback for the search box's texts
in the page's language, and only then renders and draws. Each of those is a round trip before the first paint
(150 ms and more on a phone).

The layout request carries the address the browser opened in its `Referer` header (same origin, full
URL under the default referrer policy). When it does, `page_frame` returns the page container with the
page already inside and the two `dcc.Location`s set to that address: Location only reports an address
it was not given, so neither the router nor the search box's callback fires on load. When the Referer is
missing or foreign (a privacy setting, a proxy), the frame is empty as before and the callbacks fill
it in: the same page, one round trip later.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import dash
from dash import dcc, html

from dashapp.answers import answers, remembered
from dashapp.framework import PAGE_CONTAINER_IDS, page_for_path, parse_query  # the router's own matching
from dashapp.store import current_snapshot

NOT_FOUND_MODULE = "not_found_404"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    """The path and query string ('?a=1' or '') of the page the browser opened."""

    path: str
    search: str

    @property
    def query(self) -> dict:
        return parse_query(self.search)


def address_from_referrer(referrer: str | None, host: str) -> Address | None:
    """The opened address, if the referrer is a page of this same host (else None)."""
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != host or not parts.path.startswith("/"):
        return None
    return Address(path=parts.path, search=f"?{parts.query}" if parts.query else "")


def opened_address() -> Address | None:
    """The address of the page whose layout is being requested, when the request says so."""
    from flask import has_request_context, request

    if not has_request_context() or not request.path.endswith("/_dash-layout"):
        return None
    return address_from_referrer(request.referrer, request.host)


def render_page(address: Address):
    """(layout, title) of the page at `address`, as Dash's router would answer them. Built once per
    store and address: most visits open the same few addresses (`/`, shared hometown links)."""
    try:
        snapshot = current_snapshot()  # the page's layout reads this same snapshot (pinned per request)
    except FileNotFoundError:
        return _render(address)  # the page itself says that there is no store yet
    return remembered(answers, snapshot, ("page", address), lambda: _render(address))


def _render(address: Address):
    page, path_variables = page_for_path(address.path)
    if not page:
        page = next((p for module, p in dash.page_registry.items() if module.split(".")[-1] == NOT_FOUND_MODULE),
                    {"layout": html.H1("404"), "title": "404"})
    layout, title = page.get("layout", ""), page.get("title", "")
    if callable(layout):
        layout = layout(**{**(path_variables or {}), **address.query})
    if callable(title):  # in the page's language (dashapp.i18n.tab_title)
        title = title(**(path_variables or {}), lang=address.query.get("lang"))
    return layout, title


def page_frame(address: Address | None) -> html.Div:
    """Dash's page container, with the page at `address` already rendered inside (empty without one)."""
    if address is None:
        return dash.page_container
    try:
        layout, title = render_page(address)
    except Exception:  # noqa: BLE001 - a page that fails here still gets its chance through the router
        log.exception("first view of %s%s failed; the router callback will render it", address.path,
                      address.search)
        return dash.page_container
    return html.Div([
        dcc.Location(id=PAGE_CONTAINER_IDS["location"], refresh="callback-nav", pathname=address.path,
                     search=address.search),
        html.Div(layout, id=PAGE_CONTAINER_IDS["content"], disable_n_clicks=True),
        dcc.Store(id=PAGE_CONTAINER_IDS["store"], data={"title": title}),
        html.Div(id=PAGE_CONTAINER_IDS["dummy"], disable_n_clicks=True),
    ])
