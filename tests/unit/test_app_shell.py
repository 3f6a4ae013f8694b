"""The page shell: per-page scripts, language switch, demonstration banner."""
from __future__ import annotations

from dashapp.app import scripts_for_path

SCRIPTS = (
    '<script src="/_dash-component-suites/dash/deps/react@18.v4.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash_leaflet/dash_leaflet.v1.js"></script>\n'
)


def test_ag_grid_script_only_on_the_projects_page():
    explorer = scripts_for_path(SCRIPTS, "/")
    assert "dash_ag_grid" not in explorer
    assert "dash_leaflet" in explorer and "react@18" in explorer
    assert "dash_ag_grid" in scripts_for_path(SCRIPTS, "/proyectos")
    assert "dash_ag_grid" not in scripts_for_path(SCRIPTS, "/municipio/32020")
