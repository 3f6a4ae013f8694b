"""The read-only API: JSON profile of a municipality, filtered projects (CSV, GeoJSON), gaps (CSV).

Bad parameters answer 400 with a message, unknown keys 404; never a 500 for user input.
"""
from __future__ import annotations

from flask import Blueprint, Flask, jsonify

from dashapp.filters import FilterError

api = Blueprint("api", __name__, url_prefix="/api")


@api.errorhandler(FilterError)
def _bad_parameter(error: FilterError):
    return jsonify({"error": str(error), "parameter": error.param}), 400


def register(server: Flask) -> None:
    """Attach the API blueprint to the Flask server."""
    server.register_blueprint(api)
