"""Spanish first, English second: every label goes through `t`, every number through Babel.

The texts are gettext catalogues inside the package, `dashapp/locale/<lang>/LC_MESSAGES/messages.po`:
Spanish is the source, English its translation. A msgid is the message key the code asks for
("nav.gaps"), not the Spanish sentence: a key survives a change of wording, a Spanish word that
reads two ways in English needs no msgctxt, and the code's computed keys (`f"gaps.status.{code}"`)
stay checkable against the catalogue (tests/unit/test_app_i18n.py). Both catalogues are read with
Babel and compiled to the GNU .mo form in memory when this module is imported (about 40 ms for the
two), so there is no compiled file to forget or to keep in step with its .po.

Counts go through the catalogue's plural forms (msgid_plural, msgstr[n], the header's Plural-Forms):
`t("search.count", lang, count=3)` picks the form and fills `{n}` with the formatted count. The
browser scripts read the same catalogue: `browser_messages_tag` writes the messages they use into
the page (dashapp/app.py), `window.mapa3x1Text` reads them (assets/pages.js).

A new text is an entry in both .po files (msgid the key, msgstr the text; `pybabel compile
--statistics` or `msgfmt --check` validate them); tests/unit/test_app_i18n.py says what is missing.
"""
from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages import mofile, pofile
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from babel.support import Translations

LANGS = ("es", "en")
DEFAULT_LANG = "es"
LOCALES = {"es": "es_MX", "en": "en_US"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# The messages the scripts in dashapp/assets show (looked up there with window.mapa3x1Text): only
# these travel with the page, in its language.
BROWSER_MESSAGES = ("map.tip.money", "map.tip.money_per_person", "map.tip.locality", "gaps.status.with_projects",
                    "gaps.status.no_projects", "gaps.status.no_data", "common.yes", "common.no")


def catalogue_path(lang: str) -> Path:
    """The .po file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalogue(lang: str) -> tuple[Translations, frozenset[str], frozenset[str]]:
    """A language's catalogue compiled in memory: (translations, every key, the plural keys)."""
    with open(catalogue_path(lang), "rb") as po:
        catalog = pofile.read_po(po, locale=LOCALES[lang], domain=DOMAIN, abort_invalid=True)
    compiled = BytesIO()
    mofile.write_mo(compiled, catalog)  # fuzzy or empty entries are left out: their key shows, never a wrong text
    compiled.seek(0)
    messages = [m for m in catalog if m.id]
    keys = frozenset(m.id[0] if m.pluralizable else m.id for m in messages)
    return Translations(compiled, domain=DOMAIN), keys, frozenset(m.id[0] for m in messages if m.pluralizable)


_CATALOGUES = {lang: load_catalogue(lang) for lang in LANGS}  # read once, never changed: safe under threads
for _lang in LANGS:
    if _lang != DEFAULT_LANG:
        _CATALOGUES[_lang][0].add_fallback(_CATALOGUES[DEFAULT_LANG][0])  # an untranslated key shows Spanish
MESSAGE_KEYS = _CATALOGUES[DEFAULT_LANG][1]
PLURAL_KEYS = _CATALOGUES[DEFAULT_LANG][2]


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


def t(key: str, lang: str | None = DEFAULT_LANG, *, count: float | None = None, **values: object) -> str:
    """The message `key` in `lang`, with `{name}` placeholders filled from `values`.

    A plural message takes `count`: it picks the catalogue's plural form, and `{n}` is the count
    formatted for the language unless `values` gives it (an unknown count, None or NaN, reads "—" in
    the form for many). An unknown key comes back as itself (visible, so it is noticed, never a crash)."""
    lang = lang_of(lang)
    translations = _CATALOGUES[lang][0]
    if key in PLURAL_KEYS:
        known = count is not None and count == count
        text = translations.ngettext(key, key, int(count) if known else 2)
        values.setdefault("n", fmt_number(count, lang))
    else:
        text = translations.gettext(key)
    return text.format(**values) if values else text


def lookup(key: str, lang: str | None = DEFAULT_LANG) -> str | None:
    """The message `key` in `lang`, or None when the catalogue has no such key (for vocabularies whose
    unknown terms are shown as they come, see dashapp/vocabulary.py)."""
    return t(key, lang) if key in MESSAGE_KEYS and key not in PLURAL_KEYS else None


def _plural_samples(lang: str) -> dict[str, int]:
    """One count for each CLDR plural category of the language (what the browser's Intl.PluralRules answers)."""
    rule = Locale.parse(LOCALES[lang]).plural_form
    samples: dict[str, int] = {}
    for n in (*range(0, 200), 1000, 1_000_000):
        samples.setdefault(rule(n), n)
    return samples


def browser_messages(lang: str | None) -> dict[str, str | dict[str, str]]:
    """BROWSER_MESSAGES in `lang`, placeholders left for the script. A plural message becomes
    {CLDR category: text}, keeping only the categories whose text differs from "other"."""
    lang = lang_of(lang)
    translations = _CATALOGUES[lang][0]
    out: dict[str, str | dict[str, str]] = {}
    for key in BROWSER_MESSAGES:
        if key in PLURAL_KEYS:
            forms = {cat: translations.ngettext(key, key, n) for cat, n in _plural_samples(lang).items()}
            out[key] = {cat: text for cat, text in forms.items() if cat == "other" or text != forms["other"]}
        else:
            out[key] = translations.gettext(key)
    return out


def _messages_tag(lang: str) -> str:
    text = json.dumps(browser_messages(lang), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # inert inside <script>
    return f'<script type="application/json" id="mapa3x1-messages">{text}</script>'


_MESSAGES_TAGS = {lang: _messages_tag(lang) for lang in LANGS}  # 2.5 ms each: made once, not on every page


def browser_messages_tag(lang: str | None) -> str:
    """The <script type="application/json" id="mapa3x1-messages"> that assets/pages.js reads."""
    return _MESSAGES_TAGS[lang_of(lang)]


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
    symbol = get_currency_symbol("MXN", LOCALES[lang])  # CLDR's, as format_currency writes it ($, MX$)
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
