"""Serve the built map layers as static files: long cache lifetimes and ETags.

Layer URLs carry the store version (`/layers/<version>/<file>`), so a rebuilt store gets new URLs
and a browser may keep a file for a year without ever revalidating it.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, send_from_directory

from dashapp.store import layer_dir

ONE_YEAR = 365 * 24 * 3600


def layer_url(version: str, name: str) -> str:
    """The URL of a built layer file for the current store version."""
    return f"/layers/{version}/{name}"


def register(server: Flask, build_dir: Path) -> None:
    """Add the /layers route to the Flask server."""
    folder = layer_dir(build_dir)

    @server.route("/layers/<version>/<path:name>")
    def layer_file(version: str, name: str):  # noqa: ARG001 - the version only busts caches
        if not (folder / name).is_file():
            abort(404)
        response = send_from_directory(folder, name, conditional=True, etag=True, max_age=ONE_YEAR)
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response
