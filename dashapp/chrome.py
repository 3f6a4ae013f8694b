"""The frame around every page (skip link, header, demonstration banner, footer) as plain HTML.

It is written into the index page by the server (`app.MapaDash.interpolate_index`), around Dash's
React root, instead of being Dash components: it has no callbacks, it shows before the page's
JavaScript has run (a phone on a slow link sees the header and the banner at once), and each Dash
component in the first layout has a cost on every store update while the map is being drawn.

Navigation between pages is a full page load (plain links), so the server knows the page and its
language. Only the language switch depends on the address after load (filters written into the
query string, a search suggestion followed inside the app): assets/pages.js keeps its href current.
Every text is escaped (Jinja autoescape).
"""
from __future__ import annotations

from urllib.parse import urlencode

from jinja2 import Environment

from dashapp import ids
from dashapp.i18n import lang_of, t

NAV = (("nav.explorer", "/"), ("nav.gaps", "/brechas"), ("nav.projects", "/proyectos"), ("nav.data", "/datos"))

_TEMPLATES = Environment(autoescape=True)
TOP = _TEMPLATES.from_string(
    '<a href="#page" class="skip-link" id="{{ ids.SKIP_LINK }}">{{ skip }}</a>'
    '<header class="app-header" id="{{ ids.HEADER }}">'
    '<a href="{{ home }}" class="brand"><span class="brand-name">{{ title }}</span>'
    '<span class="brand-tagline">{{ tagline }}</span></a>'
    '<nav class="app-nav" aria-label="main">'
    '{% for text, href in nav %}<a href="{{ href }}" class="nav-link">{{ text }}</a>{% endfor %}</nav>'
    '<a href="{{ switch_href }}" id="{{ ids.LANG_SWITCH }}" class="lang-switch" title="{{ switch_title }}" '
    'lang="{{ other }}">{{ switch_text }}</a></header>'
    '<div id="{{ ids.BANNER }}" role="status">{% if banner == "synthetic" %}'
    '<div class="demo-banner" id="{{ ids.DEMO_BANNER }}"><strong>⚠ </strong>{{ synthetic }} '
    '<a href="{{ load_href }}">{{ more }}</a></div>'
    '{% elif banner == "missing" %}<div class="demo-banner error">{{ missing }}</div>{% endif %}</div>')
BOTTOM = _TEMPLATES.from_string('<footer class="app-footer" id="{{ ids.FOOTER }}"><p>{{ sources }}</p></footer>')


def switch_href(path: str, query: dict[str, str], lang: str) -> str:
    """The same page and view in the other language (Spanish has no `lang` parameter)."""
    switched = {**query, "lang": "en"} if lang == "es" else {k: v for k, v in query.items() if k != "lang"}
    return (path or "/") + ("?" + urlencode(switched) if switched else "")


def chrome(path: str, query: dict[str, str], banner: str | None) -> tuple[str, str]:
    """(HTML before Dash's root, HTML after it) for the page at `path` with `query` (first values).

    banner: "synthetic" (the store holds the demonstration list), "missing" (no store) or None."""
    lang = lang_of(query.get("lang"))
    other = "en" if lang == "es" else "es"
    suffix = "?lang=en" if lang == "en" else ""
    top = TOP.render(
        ids=ids, skip=t("skip", lang), home="/" + suffix, title=t("app.title", lang), tagline=t("app.tagline", lang),
        nav=[(t(key, lang), href + suffix) for key, href in NAV],
        switch_href=switch_href(path, query, lang), switch_title=t("lang.switch_label", lang), other=other,
        switch_text=t("lang.switch", lang), banner=banner, synthetic=t("banner.synthetic", lang),
        load_href="/datos" + suffix + "#cargar", more=t("banner.more", lang), missing=t("store.missing", lang))
    return top, BOTTOM.render(ids=ids, sources=t("footer.sources", lang))
