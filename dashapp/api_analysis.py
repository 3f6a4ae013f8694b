"""The analyses as open data: targeting (JSON), after the disaster and the diaspora without 3x1 (CSV).

    /api/analisis/focalizacion.json   concentration curve and index of 3x1 pesos against a need
                                      (`capa=<indicator>:<year>`, default poverty_pct:2010), by partner,
                                      year and state; the usual filters (anio, estado, tipo, socio, pesos)
    /api/analisis/despues.csv         per declared municipality and event: pesos and projects in the
                                      `ventana` (1-3, default 2) years before and after, peers alike
    /api/analisis/diaspora.csv        high or very high migration intensity, no 3x1 project in `anio`

Bad parameters answer 400 naming the parameter and what is allowed (dashapp/api.py's handlers), never
a 5xx. Answers are remembered per store and query (dashapp/answers.py).
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from dashapp import api_exports as ex
from dashapp.answers import exports, remembered
from dashapp.filters import FilterError, Filters
from dashapp.i18n import lang_of, t
from dashapp.queries.after_crisis import after_disaster, diaspora_without_3x1, window_of
from dashapp.queries.coverage import coverage_note, crisis_coverage
from dashapp.queries.targeting import targeting
from dashapp.store import current_snapshot

analysis = Blueprint("analysis", __name__, url_prefix="/api/analisis")
# the same answers as dashapp/api.py's handlers (a blueprint's handlers serve only its own routes)
analysis.register_error_handler(FilterError, lambda e: (jsonify({"error": str(e), "parameter": e.param}), 400))
analysis.register_error_handler(FileNotFoundError, lambda _e: (
    jsonify({"error": "the store is not available; run `mapa3x1 build`"}), 503))
KNOWN = {"focalizacion.json": {"capa", "anio", "estado", "tipo", "socio", "pesos", "lang"},
         "despues.csv": {"ventana", "anio_decl", "fenomeno", "estado", "tipo", "socio", "pesos", "lang"},
         "diaspora.csv": {"anio", "estado", "tipo", "lang"}}


def _filters(endpoint: str) -> Filters:
    """The request's filters; unknown parameters are a 400 here (an analysis silently ignoring a
    misspelt parameter would answer another question)."""
    args = request.args.to_dict(flat=True)
    unknown = sorted(set(args) - KNOWN[endpoint])
    if unknown:
        raise FilterError(unknown[0], args[unknown[0]], ", ".join(sorted(KNOWN[endpoint])))
    return Filters.from_query({k: v for k, v in args.items() if k not in ("ventana", "lang")})


def _csv(body: str, name: str, synthetic: bool, lang: str, note: str | None = None) -> Response:
    response = Response("\ufeff" + body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    notices = [t("api.notice.gaps", lang)] if synthetic else []
    if note:
        notices.append(note)
    if notices:
        response.headers["X-Mapa3x1-Notice"] = ex.header_text(" ".join(notices))
    return response


@analysis.get("/focalizacion.json")
def focalizacion():
    """Do the pesos go where need is? (dashapp/queries/targeting.py has the definition)."""
    filters, snapshot = _filters("focalizacion.json"), current_snapshot()
    body = remembered(exports, snapshot, ("analysis.targeting", filters),
                      lambda: json.dumps({**targeting(snapshot, filters),
                                          "is_synthetic_projects": snapshot.has_synthetic_projects},
                                         ensure_ascii=False, allow_nan=False))
    response = Response(body, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@analysis.get("/despues.csv")
def despues():
    """3x1 pesos before and after each declaration, per municipality named, with its peers."""
    filters, snapshot, lang = _filters("despues.csv"), current_snapshot(), lang_of(request.args.get("lang"))
    window = window_of(request.args.get("ventana"))
    body = remembered(exports, snapshot, ("analysis.after", filters, window),
                      lambda: ex.to_csv(after_disaster(snapshot, filters, window), prepare=False))
    note = coverage_note(crisis_coverage(snapshot, filters), lang)
    name = f"mapa3x1_despues_ventana{window}_pesos_{ex.pesos_label(filters, snapshot)}.csv"
    return _csv(body, name, snapshot.has_synthetic_projects, lang, note)


@analysis.get("/diaspora.csv")
def diaspora():
    """Municipalities with a strong diaspora and no 3x1 project in the chosen years."""
    filters, snapshot, lang = _filters("diaspora.csv"), current_snapshot(), lang_of(request.args.get("lang"))
    body = remembered(exports, snapshot, ("analysis.diaspora", filters),
                      lambda: ex.to_csv(diaspora_without_3x1(snapshot, filters), prepare=False))
    return _csv(body, "mapa3x1_diaspora_sin_3x1.csv", snapshot.has_synthetic_projects, lang)
