"""The read-only API: JSON profile of a municipality, filtered projects (CSV, GeoJSON), gaps (CSV).

Bad parameters answer 400 with a message naming the parameter, unknown keys 404, a missing store
503; never a 500 for user input. Query parameters are the pages' own (`Filters.from_query`):
`?estado=32&anio=2010-2018&tipo=infraestructura&pesos=current&sel=32020&lang=en`.

    /api/municipios/<CVEGEO>     profile: place, indicators by id and year (with units), projects
                                 summary, declarations, remittances; `notice` when rows are synthetic
    /api/proyectos.csv           projects rows, contract columns (store/schema.py), one header line
    /api/proyectos.geojson       the same rows as points (locality, else municipality centroid)
    /api/brechas.csv             the gaps table exactly as /brechas shows it (`necesidad=...`; `combinada`
                                 with `criterios=pobreza:2,marginacion:1&umbral=marginacion:4&crisis=...`)
    /api/brechas.json            the same list as JSON, with the score's formula and the vintages
    /api/analisis/...            targeting, after the disaster, diaspora without 3x1 (dashapp/api_analysis.py)

Responses are compressed by the app (flask-compress, also for CSV and GeoJSON).
"""
from __future__ import annotations

import json

from flask import Blueprint, Flask, Response, jsonify, request

from dashapp import api_exports as ex
from dashapp.answers import answers, exports, remembered
from dashapp.filters import FilterError, Filters
from dashapp.i18n import lang_of, t
from dashapp.queries.municipio import is_cvegeo, profile
from dashapp.store import current_snapshot

api = Blueprint("api", __name__, url_prefix="/api")
NOTICE_HEADER = "X-Mapa3x1-Notice"
PESOS_HEADER = "X-Mapa3x1-Pesos"


@api.errorhandler(FilterError)
def _bad_parameter(error: FilterError):
    return jsonify({"error": str(error), "parameter": error.param}), 400


@api.errorhandler(FileNotFoundError)
def _no_store(error: FileNotFoundError):
    return jsonify({"error": "the store is not available; run `mapa3x1 build`"}), 503


@api.route("/<path:_anything>")
def _unknown(_anything: str):
    return jsonify({"error": "no such API endpoint; the list with examples is at /datos#api"}), 404


def _lang() -> str:
    return lang_of(request.args.get("lang"))


def _filters() -> Filters:
    """The request's filters; raises FilterError (-> 400) for a bad value."""
    return Filters.from_query(request.args.to_dict(flat=True))


def _download(body: str, mimetype: str, name: str, notice: str | None, pesos: str | None) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if notice:
        response.headers[NOTICE_HEADER] = ex.header_text(notice)
    if pesos:
        response.headers[PESOS_HEADER] = pesos
    return response


@api.get("/municipios/<cvegeo>")
def municipio(cvegeo: str):
    """The JSON profile of one municipality."""
    if not is_cvegeo(cvegeo):
        return jsonify({"error": f"{cvegeo[:20]!r} is not a municipality key: 5 digits (CVEGEO), e.g. 32020",
                        "parameter": "cvegeo"}), 400
    filters, lang, snapshot = _filters(), _lang(), current_snapshot()
    found = remembered(answers, snapshot, ("api.municipio", cvegeo, filters, lang),
                       lambda: _profile_json(snapshot, cvegeo, filters, lang))
    if found is None:
        return jsonify({"error": f"no municipality with key {cvegeo}", "parameter": "cvegeo"}), 404
    text, notice = found
    response = Response(text, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    if notice:
        response.headers[NOTICE_HEADER] = ex.header_text(notice)
    return response


def _profile_json(snapshot, cvegeo: str, filters: Filters, lang: str) -> tuple[str, str | None] | None:
    """(JSON text, synthetic-data notice) of one municipality's profile, or None for an unknown key."""
    body = profile(snapshot, cvegeo, filters)
    if body is None:
        return None
    if body["is_synthetic_projects"]:
        body["notice"] = t("api.notice.synthetic", lang, count=body["projects"]["synthetic_count"],
                              n=body["projects"]["synthetic_count"], total=body["projects"]["count"])
    return json.dumps(body, ensure_ascii=False, allow_nan=False), body.get("notice")


def _projects_export(filters: Filters, lang: str, kind: str) -> tuple[str, str, str | None, str]:
    """(body, file name, notice, pesos label) of a projects export, built once per store: the same
    export is asked for again and again (shared links), and a large CSV costs 50-800 ms."""
    snapshot = current_snapshot()
    return remembered(exports, snapshot, ("api.projects", filters, lang, kind),
                      lambda: _build_export(snapshot, filters, lang, kind))


def _build_export(snapshot, filters: Filters, lang: str, kind: str) -> tuple[str, str, str | None, str]:
    rows = ex.export_projects(snapshot, filters)
    body = ex.to_csv(rows) if kind == "csv" else ex.to_geojson(snapshot, rows, filters, lang)
    return (body, ex.filename("proyectos", filters, kind, ex.synthetic_count(rows) > 0),
            ex.notice(rows, lang), ex.pesos_label(filters, snapshot))


@api.get("/proyectos.csv")
def proyectos_csv():
    """The filtered projects as CSV (contract column names, one header line)."""
    body, name, notice, pesos = _projects_export(_filters(), _lang(), "csv")
    return _download(body, "text/csv", name, notice, pesos)


@api.get("/proyectos.geojson")
def proyectos_geojson():
    """The filtered projects as GeoJSON points with every column as a property."""
    body, name, notice, pesos = _projects_export(_filters(), _lang(), "geojson")
    return _download(body, "application/geo+json", name, notice, pesos)


def _gaps_request() -> tuple:
    """(snapshot, filters, need, criteria, lang) of a gaps request; FilterError (-> 400) for a bad value."""
    from dashapp.queries.gap_finder import COMBINED, criteria_from_query
    from dashapp.queries.gaps import NEEDS

    need = request.args.get("necesidad") or NEEDS[0]
    if need not in (*NEEDS, COMBINED):
        raise FilterError("necesidad", need, ", ".join((*NEEDS, COMBINED)))
    query = request.args.to_dict(flat=True)
    criteria = criteria_from_query(query) if need == COMBINED else None
    return current_snapshot(), _filters(), need, criteria, _lang()


@api.get("/brechas.csv")
def brechas_csv():
    """The gaps list exactly as /brechas shows it (headings in `lang`), all rows; the same bytes as the
    page's button for the same query. `necesidad=combinada` with `criterios`, `umbral`, `crisis`."""
    from dashapp.queries.gap_finder import export_csv

    snapshot, filters, need, criteria, lang = _gaps_request()
    body, name = export_csv(snapshot, filters, need, criteria, lang)
    notice = t("api.notice.gaps", lang) if snapshot.has_synthetic_projects else None
    return _download(body, "text/csv", name, notice, ex.pesos_label(filters, snapshot))


@api.get("/brechas.json")
def brechas_json():
    """The same list as JSON: {"columns": {key: heading}, "rows": [...], "formula", "vintages", ...}."""
    from dashapp.queries import gap_finder as gf
    from dashapp.queries.gaps import gaps_frame, headings

    snapshot, filters, need, criteria, lang = _gaps_request()
    if need == gf.COMBINED:
        frame, labels = gf.finder_frame(snapshot, filters, criteria), gf.headings(snapshot, filters, criteria, lang)
        extra = {"formula": gf.formula(criteria, lang), "thresholds": dict(criteria.thresholds),
                 "weights": dict(criteria.weights), "vintages": frame.attrs["vintages"],
                 "left_out_without_threshold_value": frame.attrs["left_out"]}
    else:
        frame = gaps_frame(snapshot, filters, need)
        labels, extra = headings(snapshot, filters, need, lang, frame.attrs["vintage"]), {"vintage": frame.attrs["vintage"]}
    rows = [{key: ex.json_value(row[key]) for key in labels} for row in frame.to_dict("records")]
    body = {"need": need, "columns": labels, "rows": rows, "pesos": ex.pesos_label(filters, snapshot),
            "is_synthetic_projects": snapshot.has_synthetic_projects, **extra}
    response = Response(json.dumps(body, ensure_ascii=False, allow_nan=False), mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def register(server: Flask) -> None:
    """Attach the API blueprints to the Flask server (compression of CSV/GeoJSON: app.COMPRESSED_TYPES)."""
    from dashapp.api_analysis import analysis

    server.register_blueprint(analysis)
    server.register_blueprint(api)
