"""Texts of the hometown page and the not-found page (Spanish first, English second).

Also the English names of the store's Spanish vocabularies (grades, phenomena, declaration kinds,
project types): the store keeps them as published, the page translates them for display.
"""
from __future__ import annotations

from dashapp.i18n import lang_of, register, t

register({
    "muni.title": {"es": "{name}, {state}", "en": "{name}, {state}"},
    "muni.kicker": {"es": "Municipio", "en": "Municipality"},
    "muni.population": {"es": "Población 2020: {n} habitantes", "en": "Population 2020: {n}"},
    "muni.key": {"es": "Clave INEGI {code}", "en": "INEGI key {code}"},
    "muni.locality": {"es": "Localidad que buscaste: {name}", "en": "The town you searched for: {name}"},
    "muni.locality_pop": {"es": "{n} habitantes (Censo 2020)", "en": "{n} people (2020 census)"},
    "muni.locality_in": {"es": "Está en este municipio; las cifras de abajo son del municipio completo.",
                         "en": "It lies in this municipality; the figures below are for the whole municipality."},
    "muni.see_map": {"es": "Ver en el mapa", "en": "See on the map"},
    "muni.contents": {"es": "En esta página", "en": "On this page"},
    "muni.section.indicators": {"es": "Indicadores clave", "en": "Key indicators"},
    "muni.indicators.none": {"es": "Sin indicadores publicados para este municipio.",
                             "en": "No published indicators for this municipality."},
    "muni.col.indicator": {"es": "Indicador", "en": "Indicator"},
    "muni.col.here": {"es": "Aquí", "en": "Here"},
    "muni.col.national": {"es": "Nacional", "en": "National"},
    "muni.col.year": {"es": "Año", "en": "Year"},
    "muni.col.type": {"es": "Tipo", "en": "Type"},
    "muni.col.name": {"es": "Proyecto", "en": "Project"},
    "muni.col.money": {"es": "Aportaciones", "en": "Contributions"},
    "muni.col.club": {"es": "Club de migrantes", "en": "Migrant club"},
    "muni.col.locality": {"es": "Localidad", "en": "Locality"},
    "muni.per_100k": {"es": "{v} por 100 mil", "en": "{v} per 100k"},
    "muni.grade_share": {"es": "{grade} ({share} de los municipios)", "en": "{grade} ({share} of municipalities)"},
    "muni.note.comparison": {
        "es": "Estado y nacional: porcentajes y tasas son el promedio de sus municipios con dato, ponderado por "
              "la población 2020 (Censo); en los grados se muestra el grado más frecuente entre sus municipios. "
              "Fuentes: CONEVAL (pobreza, rezago social), CONAPO (marginación, migración), INEGI (homicidios).",
        "en": "State and national: percentages and rates are the mean of their municipalities with a value, "
              "weighted by the 2020 census population; for grades, the most common grade among their "
              "municipalities. Sources: CONEVAL (poverty, social lag), CONAPO (marginality, migration), "
              "INEGI (homicides).",
    },
    "muni.section.projects": {"es": "Proyectos 3x1 aquí", "en": "3x1 projects here"},
    "muni.projects.nodata": {"es": "La base de datos todavía no tiene una lista de proyectos 3x1.",
                             "en": "The store has no 3x1 project list yet."},
    "muni.projects.none": {"es": "No hay proyectos 3x1 registrados en este municipio.",
                           "en": "No 3x1 projects are recorded in this municipality."},
    "muni.projects.none_filtered": {"es": "No hay proyectos 3x1 en este municipio con estos filtros.",
                                    "en": "No 3x1 projects in this municipality for these filters."},
    "muni.projects.see_all": {"es": "Ver todos los años y tipos", "en": "See all years and types"},
    "muni.projects.summary": {"es": "{n} proyectos, {total} en total ({years}).",
                              "en": "{n} projects, {total} in all ({years})."},
    "muni.projects.csv": {"es": "Descargar estos proyectos (CSV)", "en": "Download these projects (CSV)"},
    "muni.projects.geojson": {"es": "GeoJSON", "en": "GeoJSON"},
    "muni.projects.more": {"es": "Se muestran los {shown} más recientes de {n}.",
                           "en": "Showing the {shown} most recent of {n}."},
    "muni.projects.synthetic_note": {
        "es": "⚠ {n} filas son de demostración (marcadas «sintético»): no son proyectos reales.",
        "en": "⚠ {n} rows are demonstration data (marked “synthetic”): they are not real projects."},
    "muni.synthetic": {"es": "sintético", "en": "synthetic"},
    "muni.pesos.constant": {"es": "Montos en pesos constantes de {year}.", "en": "Amounts in constant {year} pesos."},
    "muni.pesos.current": {"es": "Montos en pesos corrientes de cada año.",
                           "en": "Amounts in current pesos of each year."},
    "muni.section.declarations": {"es": "Declaratorias de desastre y emergencia",
                                  "en": "Disaster and emergency declarations"},
    "muni.declarations.none": {"es": "Ninguna declaratoria registrada para este municipio (2017–2025).",
                               "en": "No declaration recorded for this municipality (2017–2025)."},
    "muni.declarations.count": {"es": "Declaratorias que incluyen al municipio: {n}.",
                                "en": "Declarations that include the municipality: {n}."},
    "muni.dof": {"es": "Publicación en el DOF", "en": "Notice in the DOF (official gazette)"},
    "muni.section.remittances": {"es": "Remesas recibidas por trimestre", "en": "Remittances received by quarter"},
    "muni.remittances.none": {"es": "Banxico no publica remesas para este municipio.",
                              "en": "Banxico publishes no remittances for this municipality."},
    "muni.remittances.summary": {"es": "En {year} llegaron {amount}.", "en": "In {year}, {amount} arrived."},
    "muni.remittances.note": {"es": "Dólares estadounidenses corrientes. Fuente: Banxico.",
                              "en": "Current US dollars. Source: Banxico."},
    "muni.remittances.axis": {"es": "Dólares (US$)", "en": "US dollars"},
    "muni.section.migration": {"es": "Intensidad migratoria", "en": "Migration intensity"},
    "muni.migration.none": {"es": "Sin índice de intensidad migratoria para este municipio.",
                            "en": "No migration intensity index for this municipality."},
    "muni.migration.note": {"es": "Fuente: CONAPO, índice de intensidad migratoria México–Estados Unidos "
                                  "2010 y 2020.",
                            "en": "Source: CONAPO, Mexico–US migration intensity index 2010 and 2020."},
    "muni.section.share": {"es": "Compartir e imprimir", "en": "Share and print"},
    "muni.share.label": {"es": "Enlace a esta página", "en": "Link to this page"},
    "muni.copy": {"es": "Copiar enlace", "en": "Copy link"},
    "muni.print": {"es": "Imprimir", "en": "Print"},
    "notfound.title": {"es": "No encontramos ese municipio", "en": "We could not find that municipality"},
    "notfound.bad_key": {"es": "«{code}» no es la clave de ningún municipio (son 5 dígitos, p. ej. 32020).",
                         "en": "“{code}” is not the key of any municipality (keys are 5 digits, e.g. 32020)."},
    "notfound.search": {"es": "Búscalo por nombre en el buscador de arriba.",
                        "en": "Look it up by name in the search box above."},
    "notfound.suggest": {"es": "¿Buscabas alguno de estos?", "en": "Were you looking for one of these?"},
    "notfound.page_title": {"es": "Página no encontrada", "en": "Page not found"},
    "notfound.page_body": {"es": "Esta dirección no existe en el Mapa 3x1.",
                           "en": "This address does not exist in the 3x1 Map."},
    "notfound.home": {"es": "Ir al mapa", "en": "Go to the map"},
})

_GRADES = {0: ("Nulo", "None"), 1: ("Muy bajo", "Very low"), 2: ("Bajo", "Low"), 3: ("Medio", "Medium"),
           4: ("Alto", "High"), 5: ("Muy alto", "Very high")}
_PHENOMENA = {
    "huracán": "hurricane", "incendio forestal": "forest fire", "inundación fluvial": "river flooding",
    "inundación pluvial": "rain flooding", "lluvia severa": "severe rain", "movimiento de ladera": "landslide",
    "sequía severa": "severe drought", "sismo": "earthquake", "tormenta tropical": "tropical storm",
    "vientos fuertes": "strong winds",
}
_KINDS = {"desastre": "disaster", "emergencia": "emergency", "emergencia extraordinaria": "extraordinary emergency"}
_TYPES = {
    "proyecto productivo comunitario": "community productive project",
    "proyecto productivo familiar": "family productive project",
    "proyecto productivo individual": "individual productive project",
    "proyecto productivo": "productive project", "becas 3x1": "3x1 scholarships",
    "proyecto educativo": "educational project", "electrificación": "electrification",
    "agua potable": "drinking water", "drenaje y saneamiento": "drainage and sanitation", "escuelas": "schools",
    "salud": "health", "espacios deportivos": "sports facilities",
    "espacios culturales y comunitarios": "cultural and community spaces", "caminos y puentes": "roads and bridges",
    "calles, banquetas y parques": "streets, sidewalks and parks", "medio ambiente": "environment",
    "cultura": "culture", "desarrollo social": "social development", "otro": "other",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def grade_label(value: float | None, category: str | None, lang: str) -> str:
    """A grade's label in the language (the published Spanish label when the ordinal is unknown)."""
    try:
        names = _GRADES[int(value)]
    except (KeyError, TypeError, ValueError):
        return category or "—"
    return names[0] if lang_of(lang) == "es" else names[1]


def phenomenon_label(text: str, lang: str) -> str:
    return _capital(text if lang_of(lang) == "es" else _PHENOMENA.get(text, text))


def kind_label(text: str, lang: str) -> str:
    return text if lang_of(lang) == "es" else _KINDS.get(text, text)


def type_label(text: object, lang: str) -> str:
    if not isinstance(text, str) or not text:
        return "—"
    return _capital(text if lang_of(lang) == "es" else _TYPES.get(text, text))


def pesos_note(pesos: str, base_year: str | int, lang: str) -> str:
    return t("muni.pesos.constant", lang, year=base_year) if pesos == "constant" else t("muni.pesos.current", lang)
