"""dashapp/framework.py: the versions its workarounds were written for are checked when the app starts."""
from __future__ import annotations

import importlib.metadata
import warnings

import pytest

from dashapp import framework


def _installed(versions: dict[str, str], others=None):
    """A fake importlib.metadata.version: `versions`, else `others` (else not installed)."""
    def version(package: str) -> str:
        if package in versions:
            return versions[package]
        if others is not None:
            return others(package)
        raise importlib.metadata.PackageNotFoundError(package)
    return version


def test_the_versions_written_for_are_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert framework.check_versions(_installed(dict(framework.WRITTEN_FOR))) == []


def test_the_installed_versions_are_the_ones_written_for():
    """The lock file and framework.WRITTEN_FOR move together: a new Dash means re-checking the workarounds."""
    assert framework.version_mismatches() == []


def test_another_dash_gets_a_warning_naming_both_versions_and_the_workarounds():
    installed = _installed({**framework.WRITTEN_FOR, "dash": "4.5.0"})
    with pytest.warns(framework.FrameworkVersionWarning) as caught:
        messages = framework.check_versions(installed)
    assert len(messages) == 1 and [str(w.message) for w in caught] == messages
    message = messages[0]
    assert message.startswith("dash 4.5.0 is installed") and "written for dash 4.4.1" in message
    assert "polyfill" in message and "framework.page_for_path" in message  # which workarounds to check
    assert "PixelPolygon" not in message  # a Leaflet one: assets/framework.js checks L.version


def test_another_or_missing_dash_leaflet_is_named_too():
    messages = framework.version_mismatches(_installed({"dash": framework.WRITTEN_FOR["dash"]}))
    assert messages == [m for m in messages if m.startswith("dash-leaflet none is installed")] and len(messages) == 1
    assert "written for dash-leaflet 1.1.3" in messages[0] and "hideoutOf" in messages[0]


def test_create_app_checks_the_versions(monkeypatch, tmp_path):
    from dashapp.app import Settings, create_app

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", _installed({"dash-leaflet": "2.0.0"}, others=real))
    with pytest.warns(framework.FrameworkVersionWarning, match="dash-leaflet 2.0.0 is installed"):
        create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path))


def test_every_workaround_names_its_package_place_and_figure():
    assert {w.package for w in framework.WORKAROUNDS} == set(framework.WRITTEN_FOR)
    assert all(w.where and w.kept_for for w in framework.WORKAROUNDS)
    assert framework.browser_expectations() == {"leaflet": framework.WRITTEN_FOR["Leaflet"]}


def test_the_router_helpers_answer_as_dash_pages_does(tmp_path):
    import dash

    from dashapp.app import Settings, create_app

    create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path))  # registers the pages
    page, variables = framework.page_for_path("/municipio/32001")
    assert page["module"].endswith(".municipio") and variables == {"cvegeo": "32001"}
    assert framework.page_for_path("/")[0]["path"] == "/"
    assert framework.page_for_path("/no/such/page") == ({}, None)
    assert framework.parse_query("?a=1&b=2&b=3&c=") == {"a": "1", "b": ["2", "3"], "c": ""}
    assert framework.parse_query("") == {}
    from dash._pages import _parse_query_string  # the router's own: parse_query must answer as it does
    for search in ("", "?", "?lang=en", "?a=1&b=2&b=3&c=", "?x=%C3%B1&y=a+b", "lang=en", "?=&&a"):
        assert framework.parse_query(search) == _parse_query_string(search), search
    container_ids = [getattr(c, "id", None) for c in dash.page_container.children]
    assert sorted(container_ids) == sorted(framework.PAGE_CONTAINER_IDS.values())


def _run_framework_js(leaflet_version: str) -> dict:
    """assets/framework.js run by Node with a stand-in page and Leaflet: what it logged and exposed."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    from dashapp import browser_contract

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to run assets/framework.js")
    script = Path(framework.__file__).parent / "assets" / "framework.js"
    harness = f"""
    const warnings = [];
    globalThis.window = globalThis;
    console.warn = (...args) => warnings.push(args.join(' '));
    const config = {{ textContent: process.argv[1] }};
    globalThis.document = {{ getElementById: (id) => id === 'mapa3x1-config' ? config : null }};
    globalThis.addEventListener = () => {{}};
    globalThis.L = {{ version: {json.dumps(leaflet_version)}, Polygon: {{ extend: () => function () {{}} }} }};
    require({json.dumps(str(script))});
    console.log(JSON.stringify({{ warnings, config: window.mapa3x1Config,
                                  api: Object.keys(window.mapa3x1Framework) }}));
    """
    out = subprocess.run([node, "-e", harness, json.dumps(browser_contract.config())], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_framework_js_is_silent_with_the_leaflet_it_was_written_for():
    result = _run_framework_js(framework.WRITTEN_FOR["Leaflet"])
    assert result["warnings"] == [] and result["api"] == ["PixelPolygon", "onDashNavigation"]
    assert result["config"]["framework"] == {"leaflet": "1.9.4"}


def test_framework_js_warns_about_another_leaflet_naming_both_versions():
    [warning] = _run_framework_js("2.0.0")["warnings"]
    assert "Leaflet 2.0.0 is loaded" in warning and "written for Leaflet 1.9.4" in warning
    assert "PixelPolygon" in warning


def test_the_after_paint_chunks_named_are_files_of_the_installed_packages():
    """Named by file (app.AFTER_PAINT_CHUNKS): a package release that renames a chunk would skip it silently."""
    import importlib.util
    from pathlib import Path

    from dashapp.app import AFTER_PAINT_CHUNKS

    for chunk in AFTER_PAINT_CHUNKS:
        package, _, rest = chunk.partition("/")
        folder = Path(importlib.util.find_spec(package).origin).parent
        assert (folder / rest).is_file(), chunk
