"""es-MX formats, and the gettext catalogues (dashapp/locale) against the code that reads them.

The catalogue tests fail on: a missing, empty or fuzzy translation; a key in one language only; plural
forms missing or placeholders that differ between the two languages; a message key used in the
Python code or in the browser scripts that the catalogue lacks; a catalogue entry nothing uses; a
plural message asked for without a count (or a count given to a message without plurals); a message
dict left in the code; a user-facing literal left in dashapp/assets/*.js.
"""
from __future__ import annotations

import ast
import json
from fnmatch import fnmatch
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashapp import i18n
from dashapp.i18n import (BROWSER_MESSAGES, LANGS, LOCALES, browser_messages, browser_messages_tag, catalogue_path,
                          fmt_money, fmt_number, fmt_pct, t)

PACKAGE = Path(i18n.__file__).resolve().parent
SCRIPTS = sorted(p for p in (PACKAGE / "assets").glob("*.js"))


@pytest.mark.parametrize(("value", "lang", "compact", "expected"), [
    (1234567.8, "es", False, "$1,234,568"),
    (1234567.8, "en", False, "MX$1,234,568"),
    (7_177_800_000, "es", True, "$7,177.8 M"),  # millions of pesos, grouped, as budgets are read
    (7_177_800_000, "en", True, "MX$7,177.8M"),
    (250_000, "es", True, "$250 mil"),
    (None, "es", False, "—"),
])
def test_money(value, lang, compact, expected):
    assert fmt_money(value, lang, compact=compact) == expected


def test_numbers_and_percentages():
    assert fmt_number(126014024, "es") == "126,014,024"
    assert fmt_pct(23.7, "es") == "23.7\u00a0%"
    assert fmt_number(float("nan")) == "—"


# --- the catalogues themselves -------------------------------------------------------------------------

def _catalogue(lang: str):
    with open(catalogue_path(lang), "rb") as po:
        return read_po(po, locale=LOCALES[lang], abort_invalid=True)


CATALOGUES = {lang: _catalogue(lang) for lang in LANGS}


def _entries(lang: str) -> dict[str, object]:
    return {m.id[0] if m.pluralizable else m.id: m for m in CATALOGUES[lang] if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogues_are_package_data():
    from setuptools.config.setupcfg import read_configuration

    globs = read_configuration(PACKAGE.parent / "setup.cfg")["options"]["package_data"]["dashapp"]
    for lang in LANGS:
        relative = catalogue_path(lang).relative_to(PACKAGE).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in globs), relative


def test_every_entry_is_translated_in_both_languages_with_the_same_placeholders():
    es, en = _entries("es"), _entries("en")
    assert len(es) > 400
    assert sorted(es) == sorted(en), "the two catalogues must hold the same keys"
    for lang in LANGS:
        catalog = CATALOGUES[lang]
        assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)", lang
        assert not catalog.fuzzy, f"{lang}: the header is marked fuzzy"
    for key, source in es.items():
        target = en[key]
        assert source.pluralizable == target.pluralizable, key
        placeholders = None
        for lang, message in (("es", source), ("en", target)):
            assert not message.fuzzy, f"{lang} {key}: fuzzy"
            forms = message.string if message.pluralizable else (message.string,)
            assert len(forms) == CATALOGUES[lang].num_plurals or not message.pluralizable, f"{lang} {key}: forms"
            for form in forms:
                assert form and form.strip(), f"{lang} {key}: empty"
                fields = _fields(form)  # also fails on a stray brace
                placeholders = fields if placeholders is None else placeholders
                assert fields == placeholders, f"{lang} {key}: placeholders {fields} != {placeholders}"


def test_the_vocabularies_exist_once():
    """Grades, phenomenon groups, categories, filters, statuses: one entry each (they were written up to
    three times, in Python and in JavaScript)."""
    es = {key: m.string for key, m in _entries("es").items() if not m.pluralizable}
    for text in ("Muy bajo", "Muy alto", "Nulo", "Todo el país", "Todos", "Tipo de proyecto",
                 "Infraestructura social básica", "Geológico (sismos)", "pesos corrientes", "sin proyectos"):
        assert [k for k, v in es.items() if v == text] != [] and len([k for k, v in es.items() if v == text]) == 1, text


def test_no_module_keeps_a_message_dict():
    """Texts live in the catalogue: no {"es": ..., "en": ...} literal is left in dashapp."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                values = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
                if not any(re.search(r"[^\W\d_]{3}", v) for v in values):
                    continue  # language -> locale code or currency symbol ("es_MX", "MX$"), not texts
                assert not {"es", "en"} <= keys, f"{path.name}:{node.lineno}: a message dict"
    assert not hasattr(i18n, "register")


# --- the code against the catalogues ---------------------------------------------------------------------

KEYS = frozenset(_entries("es"))
PLURAL = frozenset(k for k, m in _entries("es").items() if m.pluralizable)
NAMESPACES = frozenset(k.split(".")[0] for k in KEYS if "." in k)
PARENTS = frozenset(k.rsplit(".", 1)[0] for k in KEYS if "." in k)
KEY_SHAPE = re.compile(r"[a-z_]+(\.[\wáéíóú ,-]+)+")


def _looks_like_key(text: str) -> bool:
    """A dotted string in a group of the catalogue ("explorer.empty.none"), not "api.municipio" (a cache key)."""
    return bool(KEY_SHAPE.fullmatch(text)) and text.rsplit(".", 1)[0] in PARENTS


def _pattern(node: ast.AST) -> str:
    """A regex for the strings an expression builds (f-strings, + concatenation); '.+' for the unknown parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(_pattern(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pattern(node.left) + _pattern(node.right)
    return ".+"


def _leading_text(node: ast.AST) -> str:
    while isinstance(node, (ast.JoinedStr, ast.BinOp)):
        node = node.values[0] if isinstance(node, ast.JoinedStr) else node.left
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _python_uses() -> tuple[set[str], set[str], list[tuple[str, str, bool]]]:
    """(constant keys, patterns of built keys, calls of t as (where, key or pattern, passes count))."""
    constants, patterns, calls = set(), set(), []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = set()  # string pieces of a bigger expression, and arguments of other calls (memo names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) not in (
                    "t", "lookup", "tab_title"):
                parts.update(id(a) for a in node.args)
            if isinstance(node, ast.JoinedStr):
                parts.update(id(v) for v in node.values)
            if isinstance(node, ast.BinOp):
                parts.update((id(node.left), id(node.right)))
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
                if _looks_like_key(node.value):
                    constants.add(node.value)
            elif isinstance(node, (ast.JoinedStr, ast.BinOp)) and id(node) not in parts:
                lead = _leading_text(node)
                if "." in lead and lead.split(".")[0] in NAMESPACES:
                    patterns.add(_pattern(node))
            if isinstance(node, ast.Call) and node.args and (
                    getattr(node.func, "id", None) == "t" or getattr(node.func, "attr", None) == "t"):
                key = node.args[0]
                counted = any(k.arg == "count" for k in node.keywords)
                if isinstance(key, ast.Constant):
                    constants.add(key.value)
                    calls.append((where, key.value, counted))
                elif isinstance(key, (ast.JoinedStr, ast.BinOp)):
                    calls.append((where, _pattern(key), counted))
    return constants, patterns, calls


def _script_keys() -> dict[str, set[str]]:
    """Message keys named in each browser script (string literals shaped like a catalogue key)."""
    found = {}
    for path in SCRIPTS:
        literals = re.findall(r'"([^"\\\n]*)"|\'([^\'\\\n]*)\'', path.read_text(encoding="utf-8"))
        found[path.name] = {a or b for a, b in literals if _looks_like_key(a or b)}
    return found


def test_every_key_the_code_names_is_in_the_catalogue_and_every_entry_is_used():
    constants, patterns, calls = _python_uses()
    script_keys = set().union(*_script_keys().values())
    assert "nav.gaps" in constants and any("proyectos\\.col\\." in p for p in patterns)  # the scan sees the code
    assert sorted(constants - KEYS) == [], "keys used in Python but missing from the catalogue"
    assert sorted(script_keys - KEYS) == [], "keys used in dashapp/assets/*.js but missing from the catalogue"
    for pattern in patterns:
        assert any(re.fullmatch(pattern, key) for key in KEYS), f"no catalogue key matches {pattern}"
    used = constants | script_keys | {k for k in KEYS for p in patterns if re.fullmatch(p, k)}
    assert sorted(KEYS - used) == [], "catalogue entries no code asks for"


def test_plural_messages_are_asked_for_with_a_count():
    _constants, _patterns, calls = _python_uses()
    assert PLURAL >= {"search.count", "muni.projects.summary", "explorer.summary.projects", "map.tip.locality"}
    for where, key, counted in calls:
        plural = {k for k in PLURAL if re.fullmatch(key, k)} if key not in KEYS else {key} & PLURAL
        assert counted == bool(plural), f"{where}: {key} {'needs' if plural else 'takes no'} count="


def test_the_scripts_get_exactly_the_messages_they_name():
    named = set().union(*_script_keys().values())
    assert named == set(BROWSER_MESSAGES)
    assert len(BROWSER_MESSAGES) == len(set(BROWSER_MESSAGES))


def test_no_user_facing_literal_is_left_in_the_scripts():
    """No string literal of dashapp/assets/*.js reads as a text for people (what a script shows comes
    from mapa3x1Text): none has accented letters, none is one of the catalogue's texts, none is a phrase
    using the catalogue's words. Comparisons (kind === "grade"), CSS classes and console messages aside."""
    texts, words = set(), set()
    for lang in LANGS:
        for message in CATALOGUES[lang]:
            for form in (message.string if message.pluralizable else (message.string,)):
                if len((form or "").strip()) > 2:  # not "a", "de", "#" (tag names, signs)
                    texts.add(form.strip())
                words.update(w.lower() for w in re.findall(r"[^\W\d_]{3,}", form or ""))
    assert {"con proyectos", "yes", "per", "person"} <= texts | words  # what the scripts once spelled out
    checked = 0
    for path in SCRIPTS:
        # comments and messages for developers (console.*, new Error) out, line numbers kept
        source = re.sub(r"/\*.*?\*/|(?:console\.\w+|new Error)\((?:[^()]|\([^()]*\))*\)",
                        lambda c: "\n" * c.group(0).count("\n"), path.read_text(encoding="utf-8"), flags=re.S)
        for number, line in enumerate(source.splitlines(), 1):
            code = re.sub(r"(?<![:\\])//.*$", "", line)
            code = re.sub(r'[=!]==\s*"[^"]*"|"[^"]*"\s*[=!]==', "", code)  # compared values are codes
            for a, b in re.findall(r'"([^"\\]*)"|\'([^\'\\]*)\'', code):
                literal = a or b
                checked += 1
                if _looks_like_key(literal) or literal == "use strict":
                    continue
                phrase = [w.lower() for w in re.findall(r"(?<![\w#.-])[^\W\d_]{2,}(?![\w-])", literal)]
                assert not re.search(r"(?![\x00-\x7f])[^\W\d_]", literal), f"{path.name}:{number}: {literal!r}"  # "sí"
                assert literal.strip() not in texts, f"{path.name}:{number}: {literal!r} is a catalogue text"
                assert not (len(phrase) > 1 and set(phrase) & words), f"{path.name}:{number}: {literal!r} reads as text"
    assert checked > 100


# --- t and the page's messages ---------------------------------------------------------------------------

def test_t_reads_the_catalogue_with_plurals_and_a_spanish_fallback():
    assert t("nav.gaps", "en") == "Gaps" and t("nav.gaps", "es") == "Brechas"
    assert t("nav.gaps", "fr") == "Brechas" and t("nav.gaps", None) == "Brechas"  # unknown language: Spanish
    assert t("no.such.key", "en") == "no.such.key"  # visible, never a crash
    assert t("search.count", "es", count=1) == "1 sugerencia"
    assert t("search.count", "es", count=3) == "3 sugerencias"
    assert t("search.count", "en", count=1) == "1 suggestion"
    assert t("muni.locality_pop", "es", count=12345) == "12,345 habitantes (Censo 2020)"  # {n} formatted
    assert t("muni.locality_pop", "en", count=None) == "— people (2020 census)"  # unknown count
    assert t("api.notice.synthetic", "es", count=1234, n=1234, total=2000).startswith(
        "Datos de demostración: 1234 de 2000 filas son")  # n given: kept as given
    assert t("explorer.summary.projects", "en", count=1) == "project"
    assert t("muni.title", "es", name="Jerez", state="Zacatecas") == "Jerez, Zacatecas"


def test_the_page_carries_the_scripts_messages_in_its_language():
    es, en = browser_messages("es"), browser_messages("en")
    assert set(es) == set(en) == set(BROWSER_MESSAGES)
    assert es["common.yes"] == "sí" and en["gaps.status.no_data"] == "no data"
    # plurals by CLDR category, what Intl.PluralRules answers in the browser; "other" always present
    assert es["map.tip.locality"] == {"one": "{n} proyecto · {money}", "other": "{n} proyectos · {money}"}
    assert en["map.tip.locality"] == {"one": "{n} project · {money}", "other": "{n} projects · {money}"}
    tag = browser_messages_tag("en")
    assert tag.startswith('<script type="application/json" id="mapa3x1-messages">') and tag.endswith("</script>")
    body = tag[len('<script type="application/json" id="mapa3x1-messages">'):-len("</script>")]
    assert json.loads(body) == en and "<" not in body
    assert len(browser_messages_tag("es").encode()) < 500  # the explorer's first page: a few hundred bytes


def test_the_index_page_carries_the_messages(tmp_path):
    from dashapp.app import Settings, create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path))
    html = app.server.test_client().get("/datos?lang=en").get_data(as_text=True)
    assert browser_messages_tag("en") in html and '<html lang="en">' in html
