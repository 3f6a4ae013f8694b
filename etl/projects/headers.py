"""Which published column is which: map the headings of a 3x1 project list to canonical fields.

Offices publish the same list under many headings ("EJERCICIO" or "AÑO", "APORTACIÓN FEDERAL" or
"INVERSION FEDERAL", upper case with or without accents). Headings are compared after
`normalize_heading` (accents, case, punctuation, spaces and underscores removed) by the ordered
rules of `classify`. Order matters: money is tested first, so "APORTACIÓN CLUB" is the club's
money while "CLUB" alone is the club's name; US-state headings ("ESTADO EUA") before the Mexican
state ("ESTADO"); keys ("CLAVE MUNICIPIO") before names ("MUNICIPIO").

Required: the year, a place (municipality name or municipal key; state name, state key or a
full 5-digit key) and at least ONE contribution column. Not all four: federal transparency
lists often publish only the federal amount, and rejecting such a list whole would lose real
projects; a partner without a column is unknown (null), never zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.errors import RawDataError
from core.names import fold

MONEY_FIELDS = ("federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn")

# What each field is called in published lists; shown in the error when a required one is missing.
EXPECTED = {
    "year": "EJERCICIO, EJERCICIO FISCAL, AÑO, ANIO",
    "state": "ENTIDAD, ENTIDAD FEDERATIVA, ESTADO (or a state key CVE_ENT, CLAVE ENTIDAD)",
    "municipality": "MUNICIPIO (or a key CLAVE MUNICIPIO, CVE_MUN, CVEGEO)",
    "contribution": "APORTACIÓN/INVERSIÓN FEDERAL, ESTATAL, MUNICIPAL, DE LOS MIGRANTES (at least one)",
}

_MONEY_WORDS = {"APORTACION", "APORTACIONES", "APORTE", "INVERSION", "MONTO", "IMPORTE", "RECURSO", "RECURSOS",
                "COSTO", "MEZCLA"}
_BARE_MONEY = {"FEDERAL", "ESTATAL", "MUNICIPAL", "MIGRANTE", "MIGRANTES", "TOTAL"}  # a block under "APORTACIONES"
_US_WORDS = {"EUA", "EU", "EEUU", "EE", "USA", "UNION", "UNIDOS", "AMERICANA", "AMERICANO"}
_KEY_WORDS = {"CVE", "CLAVE", "CLV", "CVEGEO", "CODIGO", "ID", "CLAVEGEO"}
_PERCENT_WORDS = {"PORCENTAJE", "PCT", "PORC"}


def normalize_heading(text: object) -> str:
    """'Aportación_de los  Migrantes' -> 'APORTACION DE LOS MIGRANTES' (accents, case, punctuation out)."""
    if text is None:
        return ""
    return fold(str(text).replace("\ufeff", "")).upper()  # a byte-order mark glued to the first heading


def _partner(tokens: set[str]) -> str | None:
    # migrants first: "APORTACION CLUB" and "APORTACION DE LOS MIGRANTES" name no government
    if tokens & {"MIGRANTE", "MIGRANTES", "CLUB", "CLUBES", "CLUBS"}:
        return "migrant_mxn"
    if tokens & {"FEDERAL", "FEDERACION", "FEDERALES", "SEDESOL", "BIENESTAR"}:
        return "federal_mxn"
    if tokens & {"ESTATAL", "ESTADO", "ESTATALES"}:
        return "state_mxn"
    if tokens & {"MUNICIPAL", "MUNICIPIO", "MUNICIPALES", "MPIO"}:
        return "municipal_mxn"
    if "TOTAL" in tokens:
        return "total_mxn"
    return None


def classify(heading: str) -> str | None:
    """The canonical field of one published heading, or None when it is not one we read."""
    raw = "" if heading is None else str(heading)
    norm = normalize_heading(raw)
    tokens = set(norm.split())
    # "CVEMUN", "CVEENT": keys written as one word
    tokens |= {t[3:] for t in tokens if t.startswith("CVE") and t != "CVEGEO" and len(t) > 3}
    if not norm or "%" in raw or tokens & _PERCENT_WORDS:
        return None  # share columns ("% FEDERAL") restate the money; reading them as pesos would be wrong
    words = norm.split()
    if tokens & _MONEY_WORDS or norm in _BARE_MONEY:
        return _partner(tokens)
    if tokens & _KEY_WORDS or norm.startswith("CVE"):
        if "CVEGEO" in tokens or tokens & {"INEGI", "GEOESTADISTICA"}:
            return "key"
        if tokens & {"LOC", "LOCALIDAD"}:
            return "locality_key"
        if tokens & {"MUN", "MUNICIPIO", "MPIO", "MUNICIPAL"}:
            return "key"
        if tokens & {"ENT", "ENTIDAD", "ESTADO", "EDO"}:
            return "state_key"
        return None
    if tokens & _US_WORDS or (tokens & {"ESTADO", "CIUDAD"} and "CLUB" in tokens):
        if "CIUDAD" in tokens or "CONDADO" in tokens:
            return "club_us_city"
        return "club_us_state" if tokens & {"ESTADO", "EDO"} or norm in {"EUA", "USA", "EU"} else None
    if norm == "CIUDAD" or norm.startswith("CIUDAD "):
        return "club_us_city"  # Mexican lists name places as municipio/localidad; a city column is the club's
    if words[0] in {"EJERCICIO", "ANO", "ANIO", "YEAR"}:
        return "year"
    if tokens & {"ESTATUS", "SITUACION", "AVANCE"} or (tokens & {"ESTADO"} and tokens & {"OBRA", "PROYECTO"}):
        return None  # the project's status, not a place
    if tokens & {"MUNICIPIO", "MPIO"} or norm in {"NOM MUN", "NOMBRE MUN", "NOMGEO"}:
        return "municipality"
    if tokens & {"LOCALIDAD", "LOC"}:
        return "locality"
    if tokens & {"ENTIDAD", "ESTADO", "EDO"} or norm in {"NOM ENT"}:
        return "state"
    if words[0] == "TIPO" or tokens & {"SUBTIPO", "RUBRO"}:
        return "project_type"
    if tokens & {"VERTIENTE", "MODALIDAD", "CATEGORIA", "CLASIFICACION", "SUBPROGRAMA"}:
        return "program_line"
    if tokens & {"BENEFICIARIOS", "BENEFICIADOS", "BENEFICIARIAS"} or norm == "POBLACION BENEFICIADA":
        return "beneficiaries"
    if words[0] in {"NO", "N", "NUM", "NUMERO", "FOLIO", "ID", "CONSECUTIVO"}:
        return None  # "NO. DE OBRA", "FOLIO DEL PROYECTO": a number, not the project's name
    if tokens & {"FEDERACION", "FEDERACIONES"}:
        return None  # a federation of clubs, not the club itself
    if tokens & {"CLUB", "ORGANIZACION", "CLUBES"}:
        return "club"
    if tokens & {"PROYECTO", "OBRA", "ACCION", "DESCRIPCION", "DENOMINACION"}:
        return "project_name"
    return None


@dataclass
class HeaderMap:
    """Field -> column position in the published row, plus what was read and what was ignored."""

    headings: list[str]
    columns: dict[str, int]
    ignored: list[str] = field(default_factory=list)  # headings not read (or read twice: first one kept)

    def heading(self, name: str) -> str:
        return self.headings[self.columns[name]]

    @property
    def money_fields(self) -> list[str]:
        return [f for f in MONEY_FIELDS if f in self.columns]


def map_headings(headings: list[str]) -> HeaderMap:
    """Classify every heading; the first column wins when two read as the same field."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, heading in enumerate(headings):
        name = classify(heading)
        if name is None or name in columns:
            if str(heading or "").strip():
                ignored.append(str(heading))
            continue
        columns[name] = position
    return HeaderMap(list(headings), columns, ignored)


def missing_required(header: HeaderMap) -> list[str]:
    """Which required fields (see EXPECTED) the header lacks; empty when it can be read."""
    have = set(header.columns)
    missing = []
    if "year" not in have:
        missing.append("year")
    if not have & {"state", "state_key", "key"}:
        missing.append("state")
    if not have & {"municipality", "key"}:
        missing.append("municipality")
    if not have & set(MONEY_FIELDS):
        missing.append("contribution")
    return missing


def recognise_headers(headings: list[str], path: str | Path = "<list>") -> HeaderMap:
    """A HeaderMap for a header row, or RawDataError listing the headings found and those expected."""
    header = map_headings(headings)
    missing = missing_required(header)
    if missing:
        raise header_error(path, headings, missing)
    return header


def header_error(path: str | Path, headings: list[str], missing: list[str]) -> RawDataError:
    found = [str(h) for h in headings if str(h or "").strip()]
    expected = "; ".join(f"{m}: {EXPECTED[m]}" for m in missing)
    return RawDataError(
        path,
        f"no column recognised as {', '.join(missing)}; headings found: {found}; expected {expected}",
        "rename the column to one of the expected headings, or add its heading to etl/projects/headers.py",
        column=missing[0],
    )


def find_header(rows: list[tuple[int, list[str]]], path: str | Path, scan: int = 20) -> tuple[int, HeaderMap, int]:
    """Locate the header among the first `scan` non-empty rows (title lines may precede it).

    Returns (position of the header row in `rows`, its HeaderMap, position of the first data
    row). A heading split over two rows ("APORTACIONES" above "FEDERAL") is joined.
    """
    for i, (_line, cells) in enumerate(rows[:scan]):
        header = map_headings(cells)
        if not missing_required(header):
            return i, header, i + 1
        if i + 1 < len(rows):
            below = rows[i + 1][1]
            width = max(len(cells), len(below))
            joined = [" ".join(p for p in (_cell(cells, k), _cell(below, k)) if p) for k in range(width)]
            header = map_headings(joined)
            if not missing_required(header):
                return i, header, i + 2
    first = rows[0][1] if rows else []
    raise header_error(path, first, missing_required(map_headings(first)) or ["year"])


def _cell(cells: list[str], k: int) -> str:
    return str(cells[k]).strip() if k < len(cells) and cells[k] is not None else ""
