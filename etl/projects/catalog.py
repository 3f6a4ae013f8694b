"""The 3x1 project-type catalogue and the operating-rule split.

Categories and types follow the operating rules summarised in the raw data README: social
infrastructure (water, drainage, electricity; schools, clinics, sports and cultural spaces;
roads and bridges; streets, sidewalks, parks; environment), community services (3x1 education
grants, culture, social development) and productive projects (community, family, individual).
The 3x1 grants ("becas") and other education projects form the fourth category, "proyectos
educativos", because the published splits count them apart (Zacatecas 2015: 36 becas, 3
proyectos educativos).

The split rule (`split_flag`): infrastructure, equipment, community services and education
25 % federal, 25 % migrants, 50 % state and municipal together; productive projects 50 %
federal, 50 % migrants. The cap ("up to 1 million pesos", "up to 250,000") is read as a cap on
the FEDERAL contribution, not on the project's total: the cited Villagrán 2011 project cost
3.08 M with Sedesol's 1.00 M, so totals above 1 M were funded. When the cap binds, the federal
share falls below its rule and the others cover the rest; that is not flagged. Departures are
flagged, never rejected: the rules and caps changed over the years.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.names import fold

INFRASTRUCTURE = "infraestructura social básica"
SERVICES = "servicios comunitarios"
PRODUCTIVE = "proyectos productivos"
EDUCATIONAL = "proyectos educativos"
CATEGORIES = (INFRASTRUCTURE, SERVICES, PRODUCTIVE, EDUCATIONAL)
OTHER = "otro"

# (project_type, category, keyword prefixes on normalised text). First match wins, so specific
# phrases come before generic ones ("casa de la cultura" before "cultura", "jardin de ninos" before "jardin").
CATALOG: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("proyecto productivo comunitario", PRODUCTIVE, ("productivo comunitario", "productivos comunitarios")),
    ("proyecto productivo familiar", PRODUCTIVE, ("productivo familiar", "productivos familiares")),
    ("proyecto productivo individual", PRODUCTIVE, ("productivo individual", "productivos individuales")),
    ("proyecto productivo", PRODUCTIVE, ("productiv", "invernadero", "granja", "ganad", "tortilleria", "panaderia",
                                         "microempresa", "maquinaria agricola", "tractor", "apicola", "acuicola")),
    ("becas 3x1", EDUCATIONAL, ("beca",)),
    ("proyecto educativo", EDUCATIONAL, ("proyecto educativo", "proyectos educativos")),
    ("electrificación", INFRASTRUCTURE, ("electrific", "energia electrica", "red electrica", "alumbrado",
                                         "luminaria", "transformador", "linea electrica")),
    ("agua potable", INFRASTRUCTURE, ("agua potable", "red de agua", "sistema de agua", "pozo", "tanque",
                                      "deposito de agua", "linea de conduccion", "toma domiciliaria", "cisterna",
                                      "potabiliz", "abastecimiento de agua", "olla de agua")),
    ("drenaje y saneamiento", INFRASTRUCTURE, ("drenaje", "alcantarillado", "saneamiento", "colector",
                                               "planta de tratamiento", "fosa septica", "aguas residuales",
                                               "letrina", "bano")),
    ("escuelas", INFRASTRUCTURE, ("escuela", "aula", "primaria", "secundaria", "telesecundaria", "bachillerato",
                                  "preparatoria", "jardin de ninos", "preescolar", "kinder", "plantel",
                                  "infraestructura educativa", "colegio")),
    ("salud", INFRASTRUCTURE, ("clinica", "centro de salud", "casa de salud", "unidad medica", "hospital",
                               "dispensario", "consultorio", "ambulancia", "centro medico")),
    ("espacios deportivos", INFRASTRUCTURE, ("deportiv", "cancha", "campo de futbol", "campo de beisbol", "estadio",
                                             "gimnasio", "alberca", "lienzo charro", "futbol", "beisbol")),
    ("espacios culturales y comunitarios", INFRASTRUCTURE, (
        "casa de la cultura", "auditorio", "salon de usos multiples", "salon ejidal", "centro comunitario",
        "biblioteca", "templo", "capilla", "iglesia", "parroquia", "panteon", "cementerio", "velatorio", "teatro",
        "museo")),
    ("caminos y puentes", INFRASTRUCTURE, ("camino", "carretera", "puente", "brecha", "vado", "terraceria",
                                           "libramiento")),
    ("calles, banquetas y parques", INFRASTRUCTURE, (
        "pavimenta", "calle", "empedrado", "adoquin", "concreto hidraulico", "asfalt", "banqueta", "guarnicion",
        "andador", "huellas", "bulevar", "boulevard", "avenida", "parque", "plaza", "jardin", "kiosco",
        "area verde", "glorieta", "arco de entrada", "urbanizacion")),
    ("medio ambiente", INFRASTRUCTURE, ("reforest", "relleno sanitario", "residuos", "medio ambiente", "ecologi",
                                        "vivero", "conservacion de suelo")),
    ("cultura", SERVICES, ("cultur", "festival", "danza", "banda de musica", "instrumentos musicales")),
    ("desarrollo social", SERVICES, ("desarrollo social", "servicio comunitario", "servicios comunitarios",
                                     "comedor", "asilo", "guarderia", "estancia infantil", "adultos mayores",
                                     "capacitacion", "despensa")),
    ("proyecto educativo", EDUCATIONAL, ("educativ", "material didactico", "computo", "computadora")),
)

# Words that tell the category when the type itself is not recognised (a "VERTIENTE" column).
_CONTEXT = ((PRODUCTIVE, ("productiv",)), (EDUCATIONAL, ("beca", "educativ")),
            (SERVICES, ("servicio", "comunitari")), (INFRASTRUCTURE, ("infraestructura", "equipamiento", "obra")))
_COMPILED = [(t, c, re.compile(r"\b(" + "|".join(map(re.escape, kws)) + ")")) for t, c, kws in CATALOG]


def category_from_context(text: object) -> str | None:
    """The category named by a free text such as a 'VERTIENTE' cell, or None."""
    norm = fold(text)
    for category, words in _CONTEXT:
        if any(re.search(r"\b" + w, norm) for w in words):
            return category
    return None


def normalize_type(text: object, context: object = None, fallback: str = INFRASTRUCTURE) -> tuple[str, str]:
    """(project_type, project_category) from a published type or project name, by keywords.

    Unrecognised text gives ("otro", category) with the category read from `context` (e.g. the
    VERTIENTE cell) or else `fallback`; never raises.
    """
    for candidate in (text, context):
        norm = fold(candidate)
        if not norm:
            continue
        for project_type, category, pattern in _COMPILED:
            if pattern.search(norm):
                return project_type, category
    return OTHER, category_from_context(context) or category_from_context(text) or fallback


@dataclass(frozen=True)
class SplitRule:
    federal: float
    migrant: float
    local: float  # state + municipal together
    federal_cap: float


PRODUCTIVE_RULE = SplitRule(0.50, 0.50, 0.0, 250_000.0)
DEFAULT_RULE = SplitRule(0.25, 0.25, 0.50, 1_000_000.0)
TOLERANCE_PP = 3.0  # percentage points; rounding in published lists stays well inside it
_PARTNERS = {"federal_mxn": "federal", "state_mxn": "state", "municipal_mxn": "municipal", "migrant_mxn": "migrants"}


def rule_for(category: object) -> SplitRule:
    """The split rule of a project category (productive projects have their own)."""
    return PRODUCTIVE_RULE if category == PRODUCTIVE else DEFAULT_RULE


def _amount(value: object) -> float | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return float(value)


def split_flag(row: Mapping) -> str | None:
    """Why a project's split departs from the operating rules, or None when it follows them.

    `row` needs federal_mxn, state_mxn, municipal_mxn, migrant_mxn and project_category.
    Example: "federal 40% (rule 25%); migrants 10% (rule 25%)".
    """
    amounts = {k: _amount(row.get(k)) for k in _PARTNERS}
    missing = [label for k, label in _PARTNERS.items() if amounts[k] is None]
    if missing:
        return f"shares not checked: {', '.join(missing)} amount missing"
    total = sum(amounts.values())
    if total <= 0:
        return "shares not checked: no amounts"
    rule = rule_for(row.get("project_category"))
    federal = amounts["federal_mxn"]
    shares = {"federal": federal / total, "migrants": amounts["migrant_mxn"] / total,
              "state+municipal": (amounts["state_mxn"] + amounts["municipal_mxn"]) / total}
    reasons = []
    if federal > rule.federal_cap + 1:
        reasons.append(f"federal {federal:,.0f} over the {rule.federal_cap:,.0f} cap")
    cap_binds = federal >= rule.federal_cap - 1 and shares["federal"] < rule.federal
    if not cap_binds:
        expected = {"federal": rule.federal, "migrants": rule.migrant, "state+municipal": rule.local}
        for label, share in shares.items():
            if abs(share - expected[label]) * 100 > TOLERANCE_PP:
                reasons.append(f"{label} {share:.0%} (rule {expected[label]:.0%})")
    return "; ".join(reasons) or None
