"""Words of the demonstration list: the type mix, plain generic project names, club placeholders.

Nothing here names a real project or a real club. Club names are numbered placeholders
("Club de demostración 017"); project names are generic works in a locality.
"""
from __future__ import annotations

from etl.projects.catalog import EDUCATIONAL, INFRASTRUCTURE, PRODUCTIVE, SERVICES

# Category mix of the cited Zacatecas 2015 split (164 obras): 98 infraestructura social, 36 becas,
# 9 servicios comunitarios, 3 proyectos educativos, 18 proyectos productivos.
TYPE_MIX: dict[tuple[str, str], float] = {
    (INFRASTRUCTURE, "*"): 98, ("becas 3x1", EDUCATIONAL): 36, (SERVICES, "*"): 9,
    ("proyecto educativo", EDUCATIONAL): 3, (PRODUCTIVE, "*"): 18,
}
# Types within a category: a design choice (paving and water dominate the program's reporting).
SUBTYPES: dict[str, dict[str, float]] = {
    INFRASTRUCTURE: {"calles, banquetas y parques": 35, "agua potable": 15, "drenaje y saneamiento": 12,
                     "electrificación": 10, "espacios culturales y comunitarios": 8, "espacios deportivos": 6,
                     "escuelas": 5, "caminos y puentes": 4, "salud": 3, "medio ambiente": 2},
    SERVICES: {"desarrollo social": 60, "cultura": 40},
    PRODUCTIVE: {"proyecto productivo familiar": 40, "proyecto productivo comunitario": 30,
                 "proyecto productivo individual": 30},
}
# Relative project size by category (federal money), before scaling to the yearly totals.
SIZE = {INFRASTRUCTURE: 1.0, SERVICES: 0.5, PRODUCTIVE: 0.6, EDUCATIONAL: 0.8}

# Each template reads back to its own type through catalog.normalize_type (tested).
NAMES: dict[str, tuple[str, ...]] = {
    "calles, banquetas y parques": ("Pavimentación de calle en {}", "Construcción de banquetas en {}",
                                    "Rehabilitación de plaza principal en {}"),
    "agua potable": ("Ampliación de red de agua potable en {}", "Equipamiento de pozo de agua potable en {}"),
    "drenaje y saneamiento": ("Construcción de red de drenaje en {}", "Ampliación de alcantarillado en {}"),
    "electrificación": ("Ampliación de red eléctrica en {}", "Alumbrado público en {}"),
    "espacios culturales y comunitarios": ("Rehabilitación de salón de usos múltiples en {}",
                                           "Construcción de casa de la cultura en {}"),
    "espacios deportivos": ("Construcción de cancha deportiva en {}", "Rehabilitación de unidad deportiva en {}"),
    "escuelas": ("Construcción de aula en escuela primaria de {}",),
    "caminos y puentes": ("Rehabilitación de camino rural en {}", "Construcción de puente vehicular en {}"),
    "salud": ("Rehabilitación de centro de salud en {}",),
    "medio ambiente": ("Reforestación de área comunal en {}",),
    "desarrollo social": ("Comedor comunitario en {}",),
    "cultura": ("Festival cultural comunitario en {}",),
    "becas 3x1": ("Becas 3x1 para estudiantes de {}",),
    "proyecto educativo": ("Equipamiento de centro de cómputo escolar en {}",),
    "proyecto productivo familiar": ("Proyecto productivo familiar: taller de costura en {}",),
    "proyecto productivo comunitario": ("Proyecto productivo comunitario: invernadero en {}",),
    "proyecto productivo individual": ("Proyecto productivo individual: tienda de abarrotes en {}",),
}

# Where clubs are: a realistic spread of the US states where hometown clubs are registered.
US_STATE_WEIGHTS = {
    "California": 38, "Illinois": 18, "Texas": 14, "Colorado": 5, "Nevada": 4, "Arizona": 4, "Georgia": 3,
    "North Carolina": 3, "Oklahoma": 2, "Washington": 2, "Oregon": 2, "Florida": 2, "New York": 1.5, "Utah": 1.5,
}
MAX_CLUBS = 999  # placeholders are numbered with three digits


def club_name(number: int) -> str:
    """'Club de demostración 017': plainly invented, never a real club."""
    return f"Club de demostración {number:03d}"


def type_table() -> list[tuple[str, str, float]]:
    """(project_type, category, probability) for every type, from TYPE_MIX and SUBTYPES."""
    total = sum(TYPE_MIX.values())
    out = []
    for (name, category), weight in TYPE_MIX.items():
        if category == "*":
            sub = SUBTYPES[name]
            out += [(t, name, weight / total * w / sum(sub.values())) for t, w in sub.items()]
        else:
            out.append((name, category, weight / total))
    return out
