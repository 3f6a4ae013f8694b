"""Spanish first, English second: every label goes through `t`, every number through Babel.

Each page module registers its own messages with `register({...})`; `t(key, lang)` looks them up.
A missing key in one language is a bug, caught by `missing_translations()` in the tests.
"""
from __future__ import annotations

from babel.numbers import format_currency, format_decimal, format_percent

LANGS = ("es", "en")
DEFAULT_LANG = "es"
LOCALES = {"es": "es_MX", "en": "en_US"}

_MESSAGES: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages: {key: {"es": ..., "en": ...}}. Re-registering the same text is harmless."""
    for key, texts in messages.items():
        existing = _MESSAGES.get(key)
        if existing is not None and existing != texts:
            raise ValueError(f"message {key!r} registered twice with different texts")
        _MESSAGES[key] = texts


def lang_of(value: str | None) -> str:
    """A supported language code from user input (query string, store); Spanish otherwise."""
    return value if value in LANGS else DEFAULT_LANG


def tab_title(page_key: str | None = None):
    """A page's browser-tab title, "Page · 3x1 Map", in the page's language: a Dash pages `title`
    callable (Dash's own router calls it without `lang`: Spanish; dashapp/first_view.py passes it)."""
    def title(lang: str | None = None, **_: object) -> str:
        app = t("app.title", lang)  # t reads any value through lang_of
        return f"{t(page_key, lang)} · {app}" if page_key else app
    return title


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The message `key` in `lang`, with `{name}` placeholders filled from `values`."""
    texts = _MESSAGES.get(key)
    if texts is None:
        return key  # visible, so a missing key is noticed, never a crash
    text = texts.get(lang_of(lang)) or texts[DEFAULT_LANG]
    return text.format(**values) if values else text


def missing_translations() -> list[str]:
    """Keys that lack a text in some language."""
    return sorted(k for k, v in _MESSAGES.items() if any(not v.get(lang) for lang in LANGS))


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """1234567.8 -> '1,234,568' (es-MX and en-US both group with commas); None -> '—'."""
    if value is None or value != value:  # NaN
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang_of(lang)])


def fmt_money(value: float | None, lang: str = DEFAULT_LANG, compact: bool = False) -> str:
    """Pesos: '$1,234,568' in es-MX, 'MX$1,234,568' in English. Compact figures count millions, as
    Mexican budgets do ('$7,177.8 M'; CLDR's '7178 M' / '27.8 mil M' mix scales), thousands as '$250 mil'."""
    if value is None or value != value:
        return "—"
    lang = lang_of(lang)
    symbol = "$" if lang == "es" else "MX$"
    if compact and abs(value) >= 1_000_000:
        return f"{symbol}{fmt_number(value / 1_000_000, lang, digits=1)}{' M' if lang == 'es' else 'M'}"
    if compact and abs(value) >= 10_000:
        return f"{symbol}{fmt_number(value / 1_000, lang)}{' mil' if lang == 'es' else 'K'}"
    return format_currency(value, "MXN", format="¤#,##0", currency_digits=False, locale=LOCALES[lang])


def fmt_usd(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """US dollars (remittances): 'US$1,234' in Spanish, '$1,234' in English."""
    if value is None or value != value:
        return "—"
    return format_currency(value, "USD", format="¤#,##0", currency_digits=False, locale=LOCALES[lang_of(lang)])


def fmt_pct(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A percentage given in 0-100 units: 23.7 -> '23.7 %'."""
    if value is None or value != value:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%"
    return format_percent(value / 100, format=pattern, locale=LOCALES[lang_of(lang)])


register({
    # words several pages share: the program's four partners, and each partner's share of the money
    "partner.total": {"es": "Total (los cuatro)", "en": "Total (all four)"},
    "partner.federal": {"es": "Federal", "en": "Federal"},
    "partner.state": {"es": "Estatal", "en": "State"},
    "partner.municipal": {"es": "Municipal", "en": "Municipal"},
    "partner.migrant": {"es": "Migrantes (clubes)", "en": "Migrants (clubs)"},
    "share.total": {"es": "las cuatro aportaciones", "en": "all four shares"},
    "share.federal": {"es": "aportación federal", "en": "federal share"},
    "share.state": {"es": "aportación estatal", "en": "state share"},
    "share.municipal": {"es": "aportación municipal", "en": "municipal share"},
    "share.migrant": {"es": "aportación de los migrantes", "en": "migrants' share"},
})


register({
    "app.title": {"es": "Mapa 3x1", "en": "3x1 Map"},
    "app.tagline": {"es": "A dónde fue el dinero colectivo de los migrantes",
                    "en": "Where migrants' collective money went"},
    "nav.explorer": {"es": "Mapa", "en": "Map"},
    "nav.gaps": {"es": "Brechas", "en": "Gaps"},
    "nav.projects": {"es": "Proyectos", "en": "Projects"},
    "nav.data": {"es": "Datos y método", "en": "Data and method"},
    "lang.switch": {"es": "English", "en": "Español"},
    "lang.switch_label": {"es": "Cambiar idioma a inglés", "en": "Switch language to Spanish"},
    "banner.synthetic": {
        "es": "Datos de demostración: los proyectos 3x1 que se muestran son sintéticos, generados para "
              "ilustrar el mapa; no son registros reales. Los indicadores de pobreza, marginación, "
              "remesas y desastres sí son datos públicos reales.",
        "en": "Demonstration data: the 3x1 projects shown are synthetic, generated to illustrate the map; "
              "they are not real records. The poverty, marginality, remittance and disaster indicators "
              "are real public data.",
    },
    "banner.more": {"es": "Cómo cargar una lista real", "en": "How to load a real list"},
    "search.placeholder": {"es": "Busca tu municipio o localidad…", "en": "Find your municipality or town…"},
    "search.label": {"es": "Buscar municipio o localidad", "en": "Search municipality or locality"},
    "nodata": {"es": "Sin datos", "en": "No data"},
    "skip": {"es": "Saltar al contenido", "en": "Skip to content"},
    "store.missing": {"es": "No se encontró la base de datos: ejecuta `mapa3x1 build`.",
                      "en": "The store was not found: run `mapa3x1 build`."},
    "loading": {"es": "Cargando…", "en": "Loading…"},
    "footer.sources": {"es": "Fuentes: INEGI, CONEVAL, CONAPO, Banxico, DOF/CNPC. Ver Datos y método.",
                       "en": "Sources: INEGI, CONEVAL, CONAPO, Banxico, DOF/CNPC. See Data and method."},
})
