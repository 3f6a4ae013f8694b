"""Where the app relies on Dash's, dash-leaflet's or Leaflet's internals, in one place, with the versions
each workaround was written for.

Every workaround is listed in WORKAROUNDS with the figure that keeps it (commit and measure). The
Python ones are the functions below; the browser ones are in assets/framework.js, which checks
Leaflet's version itself (`browser_expectations` is rendered into the page for it). `check_versions`
runs when the app is created: another Dash or dash-leaflet than the one a workaround was written for
gets a FrameworkVersionWarning naming both versions and the workaround to check.
"""
from __future__ import annotations

import importlib.metadata
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

import dash
# Dash's pages router: how it matches a path to a page, and the ids of its container. Dash 4.4 offers
# no public function or constant for either (dash.page_registry lists the pages, not how a path picks
# one); the first view must answer exactly as the router will (dashapp/first_view.py).
from dash._pages import _path_to_page
from dash.dash import _ID_CONTENT, _ID_DUMMY, _ID_LOCATION, _ID_STORE

DASH, DASH_LEAFLET, LEAFLET = "dash", "dash-leaflet", "Leaflet"
WRITTEN_FOR = {DASH: "4.4.1", DASH_LEAFLET: "1.1.3", LEAFLET: "1.9.4"}  # Leaflet: the one dash-leaflet bundles


@dataclass(frozen=True)
class Workaround:
    """A reliance on a framework's internals: what, where, on which package, and why it stays."""

    name: str
    package: str
    where: str
    kept_for: str  # the figure that shows it still pays, with its commit


WORKAROUNDS = (
    Workaround("the index page without Dash's @babel/polyfill", DASH, "framework.scripts_for_path",
               "99 KB less JavaScript on every page; 21 interleaved cold loads 0.95 -> 0.91 s (35a7348)"),
    Workaround("page-only component libraries", DASH, "framework.scripts_for_path",
               "the explorer never downloads AG Grid's 1.3 MB bundle (e98cd9a)"),
    Workaround("the first view rendered by the pages router's own matching", DASH,
               "framework.page_for_path, PAGE_CONTAINER_IDS",
               "no callback round trip before the map (6 callbacks before the first paint, none since); "
               "Fast 3G 5.01-5.20 -> 4.43 s with the other changes of that day (195ed2c)"),
    Workaround("Dash's first-request setup run before gunicorn forks", DASH, "framework.finish_setup",
               "a fresh worker answered a page's scripts with 500 (f8d8dbd, 1d1cf58)"),
    Workaround("Dash's navigation event", DASH, "assets/framework.js onDashNavigation",
               "the header's language link follows dcc.Link navigations (284e440)"),
    Workaround("no focus stored as '' (a dcc.Store mounted with None writes itself once, which ran a callback "
               "on load)", DASH, "pages/explorer.py focus_state, layout",
               "no callback before the first paint; 13 interleaved cold loads 0.972 against 1.060 s (d08ea45)"),
    Workaround("the filter controls echo their stores when they appear (Dash calls their callbacks then)", DASH,
               "assets/map.js values, value",
               "controls after the first paint: layout to paint 519 -> 486 ms over 21 loads (6232dd7); a browser "
               "test counts 2 callbacks after the paint, 5 without the echo check"),
    Workaround("the after-paint chunks compressed before forking, by their file names", DASH_LEAFLET,
               "app.AFTER_PAINT_CHUNKS, static_compression.warm",
               "static files at brotli's best: Fast 3G 3.56 -> 3.22 s (d3ce7f4)"),
    Workaround("the latest hideout read by the style functions", DASH_LEAFLET, "assets/map.js hideoutOf",
               "a hideout that arrives while a file is loading is otherwise lost (dash-leaflet keeps the "
               "options it started the load with)"),
    Workaround("municipalities as polygons of zoom-0 pixels (_project, _latlngs, _bounds)", LEAFLET,
               "assets/framework.js PixelPolygon",
               "national file read in 3-6 ms instead of 47 ms geobuf decoding + 10 ms projection; "
               "interleaved cold loads 0.620 against 0.675 s (3fe1d50)"),
)


class FrameworkVersionWarning(UserWarning):
    """Another Dash or dash-leaflet than the one a workaround of this module was written for."""


def version_mismatches(installed: Callable[[str], str] | None = None) -> list[str]:
    """One message per Python package installed in another version than its workarounds were written
    for (nothing when the versions match); `installed` maps a distribution name to its version
    (default: importlib.metadata.version)."""
    installed = installed or importlib.metadata.version
    messages = []
    for package in (DASH, DASH_LEAFLET):
        try:
            version = installed(package)
        except importlib.metadata.PackageNotFoundError:
            version = "none"
        if version != WRITTEN_FOR[package]:
            concerned = "; ".join(f"{w.name} ({w.where})" for w in WORKAROUNDS if w.package == package)
            messages.append(f"{package} {version} is installed, but dashapp/framework.py's workarounds were "
                            f"written for {package} {WRITTEN_FOR[package]}: check {concerned}")
    return messages


def check_versions(installed: Callable[[str], str] | None = None) -> list[str]:
    """Warn (FrameworkVersionWarning) about every mismatch of `version_mismatches`; returns them."""
    messages = version_mismatches(installed)
    for message in messages:
        warnings.warn(message, FrameworkVersionWarning, stacklevel=2)
    return messages


def browser_expectations() -> dict:
    """What assets/framework.js checks in the page (rendered with dashapp/browser_contract.config)."""
    return {"leaflet": WRITTEN_FOR[LEAFLET]}


# --- the index page's scripts ------------------------------------------------------------------------

# Dash writes each script of a component library as this tag (Dash 4.4's index page).
_SCRIPT_TAG = re.compile(r'<script src="[^"]*/_dash-component-suites/([^"]+)"></script>\s*')
# Dash puts @babel/polyfill 7 (core-js 2) first on every page. The browsers the app supports have
# every feature it adds; core-js 2 still swaps some built-ins (String trim, typed-array methods) for
# slower JavaScript, and evaluating it held the first paint back by 60-100 ms. The one thing the
# installed bundles use from it is the `regeneratorRuntime` global of Dash's lazy component loader:
# assets/vendor/regenerator-runtime.js (npm regenerator-runtime, MIT) provides it, on every page.
DROPPED_SCRIPTS = ("dash/deps/polyfill@",)


def scripts_for_path(scripts: str, path: str, page_only: dict[str, tuple[str, ...]]) -> str:
    """The index page's script tags minus Dash's polyfill and the libraries of `page_only` (library ->
    the path prefixes of the pages that use it) that the page at `path` does not use."""
    def keep(match: re.Match) -> str:
        if match.group(1).startswith(DROPPED_SCRIPTS):
            return ""
        library = next((lib for lib in page_only if match.group(1).startswith(lib + "/")), None)
        if library is None or path.startswith(page_only[library]):
            return match.group(0)
        return ""
    return _SCRIPT_TAG.sub(keep, scripts)


# --- the pages router ---------------------------------------------------------------------------------

# The ids of dash.page_container's parts: the Location the router listens to, the page's content,
# the title's store and the router's dummy output.
PAGE_CONTAINER_IDS = {"location": _ID_LOCATION, "content": _ID_CONTENT, "store": _ID_STORE, "dummy": _ID_DUMMY}


def page_for_path(path: str) -> tuple[dict, dict | None]:
    """(page registry entry, path variables) of the page the router shows at `path`; ({}, None) for none."""
    return _path_to_page(path.strip("/"))


def parse_query(search: str) -> dict:
    """A query string ('?a=1&b=2' or '') as the router hands it to a page's layout: one value as a
    string, a repeated one as a list (as Dash 4.4's router parses it; a unit test compares them)."""
    if not search or not search.startswith("?"):
        return {}
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(search[1:], keep_blank_values=True).items()}


def finish_setup(app: dash.Dash) -> None:
    """Have Dash finish its own setup now (before gunicorn forks its workers from this process).

    Dash completes its setup (which scripts it may serve, the pages' router) on a server's first
    request, and marks it done before it is: a worker whose first requests arrive together, as a
    page's scripts do, can answer one with 500 ("dash is not a registered library") and that page
    never starts. One internal request, which reads no store, runs that setup here instead."""
    app.server.test_client().get("/_dash-dependencies")
