"""CENAPRED's record of the socio-economic impact of disasters, 2000–2024 (one sheet, `Datos`).

One published row is one event: its dates, year, phenomenon class and type, the state(s) and the
affected municipalities as free text, and the event's impact (deaths, people affected, homes
damaged, total damages in nominal million pesos), with the source that reported it. These are
impact records, not federal declarations: they go to their own table, `crisis_impacts`.

Places are read with the place resolver (etl/places.py): a cell may name several states
("CDMX, Estado de Mexico, Morelos"), municipality lists are joined by "," and " y ", with typos.
An event becomes one row per municipality resolved (scope 'municipality'); a state of the event
with no municipality resolved becomes one row with cvegeo NULL (scope 'state'): its municipalities
are unknown ("Varios Municipios", "81 municipios", empty) or were named but could not be matched.
Never "no municipality affected". The impact figures are the event's own, repeated on each of its
rows: add them up per `event_key`, not per row.

Accounting is per event (published row): loaded when it yields at least one row, else rejected
with its reason (year outside the coverage, no or unknown state, unknown class, unparseable date).
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, make_rejects
from core.errors import RawDataError
from core.names import fold, normalize_name
from etl.base import BuildContext, SourceResult
from etl.crisis_coverage import NATURAL_GROUPS, Coverage, coverage_rows
from etl.parse import as_int, is_missing, parse_number
from etl.places import split_municipality_list
from etl.sources.disasters_2019_2025 import GROUPS as DECLARATION_GROUPS
from store.schema import conform

SOURCE_ID = "cenapred_impacts"
FILE = "disasters/cenapred_impacto_socioeconomico_2000_2024.xlsx"
SHEET = "Datos"
TABLE = "crisis_impacts"
FIRST_YEAR, LAST_YEAR = 2000, 2024
START, END, YEAR, CLASS, TYPE = "Fecha de Inicio", "Fecha de Fin", "Año", "Clasificación del fenómeno", "Tipo de fenómeno"
STATE, PLACES, DEATHS, AFFECTED = "Estado", "Municipios Afectados", "Defunciones", "Población afectada"
HOMES, DAMAGES, SOURCE = "Viviendas dañadas", "Total de daños (millones de pesos)", "Fuente"
REQUIRED = [START, END, YEAR, CLASS, TYPE, STATE, PLACES, DEATHS, AFFECTED, HOMES, DAMAGES, SOURCE]
HEADER_SEARCH_ROWS = 30  # the header is looked for in the sheet's first rows, not assumed on row 1

# The published class (folded) -> the group, named as crisis_events names the declarations' groups
# (etl/sources/disasters_2019_2025.GROUPS) so that the app filters both with the same values.
# CENAPRED files forest fires under "Químico": they are the declarations' 'incendio', a natural group.
CLASS_GROUPS = {
    "geologico": DECLARATION_GROUPS["geologico"],
    "hidrometeorologico": DECLARATION_GROUPS["hidrometeorologico"],
    "quimico": "químico-tecnológico", "quimico tecnologico": "químico-tecnológico",
    "sanitario": "sanitario-ecológico", "sanitario ecologico": "sanitario-ecológico",
    "sociorganizativo": "socio-organizativo", "socio organizativo": "socio-organizativo",
}
FOREST_FIRE = "incendio forestal"  # the folded type that makes an event the 'incendio' group
FIRE_GROUP = DECLARATION_GROUPS["incendio forestal"]
MAN_MADE_GROUPS = ("químico-tecnológico", "sanitario-ecológico", "socio-organizativo")

# What the source covers (etl/crisis_coverage.py; the app tells impacts from declarations by
# record_kind). Every group, natural and man-made; 2000 and 2001 hold few events (44 and 23 rows),
# so they are covered in part only. Many events name only their state(s): municipalities_listed False.
COVERAGE = Coverage(SOURCE_ID, "impact", tuple(range(2002, LAST_YEAR + 1)), NATURAL_GROUPS + MAN_MADE_GROUPS,
                    complete=True, scope="cenapred_impactos", municipalities_listed=False)
SPARSE_COVERAGE = Coverage(SOURCE_ID, "impact", (FIRST_YEAR, 2001), NATURAL_GROUPS + MAN_MADE_GROUPS,
                           complete=False, scope="cenapred_impactos_2000_2001", municipalities_listed=False)

SCOPE_MUNICIPALITY, SCOPE_STATE = "municipality", "state"
LIST_UNKNOWN = "list_unknown"  # match_method of a state row whose municipalities were not published
UNRESOLVED = "unresolved"  # match_method of a state row whose named municipalities all failed to match
# Impact cells that mean "no data" here besides the common markers: SD (sin dato), NSR, NR, SC, SR.
NO_DATA = frozenset({"sd", "sin dato", "sin datos", "nsr", "nr", "sc", "sr"})
_NO_LIST = re.compile(r"(?:sd|sin datos?|nsr|nd|\d+|sd \d+)?")  # folded Municipios cells that list nobody
_COUNT_WORDS = re.compile(r"\b(?:municipios?|mpios?|mun|delegaciones|region|regiones|varios|varias|diversos)\b")
_PARENTHESES = re.compile(r"\([^)]*\)")  # "(54 mun en total)", "(7)": counts, never names
_NO_STATE = {"varios estados", "todo el pais", "nacional", "republica mexicana"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_NOT_A_SOURCE = {"#ref!", ""}  # an Excel formula error left in the sheet


# --- reading -------------------------------------------------------------------------------------

def _cell_text(value: object) -> str | None:
    """An Excel cell as text: dates as ISO (YYYY-MM-DD), whole floats without '.0', blanks as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _heading(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def find_header(rows: list[tuple], path: Path) -> int:
    """The 0-based position of the header row: the first of the top rows holding every REQUIRED heading
    (compared folded: accents, case and trailing spaces as in "Población afectada " do not matter)."""
    wanted = {fold(c): c for c in REQUIRED}
    best, best_found = 0, set()
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {fold(_heading(v)) for v in row} & set(wanted)
        if found == set(wanted):
            return i
        if len(found) > len(best_found):
            best, best_found = i, found
    missing = [wanted[k] for k in wanted if k not in best_found]
    raise RawDataError(
        path, f"no header row with the columns {missing} in the first {HEADER_SEARCH_ROWS} rows of sheet "
              f"{SHEET!r} (closest: row {best + 1}, found {sorted(wanted[k] for k in best_found)})",
        "restore the file as published (see MANIFEST.csv) or update REQUIRED in etl/sources/cenapred_impacts.py "
        "if CENAPRED renamed the column", row=best + 1, column=missing[0])


def sheet_frame(rows: list[tuple], path: Path) -> pd.DataFrame:
    """The sheet's rows as a text frame named by the header's headings, `source_row` = the Excel row.

    Headings are stripped ("Hospitales " -> "Hospitales"); REQUIRED columns take their published
    spelling; a headingless column is kept as column_N only if it holds a value.
    """
    at = find_header(rows, path)
    by_fold = {fold(c): c for c in REQUIRED}
    names = []
    for i, value in enumerate(rows[at]):
        name = _heading(value)
        name = by_fold.get(fold(name), name) or f"column_{i + 1}"
        names.append(name if name not in names else f"{name} ({i + 1})")
    width = len(names)
    records, starts = [], []
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        cells = [_cell_text(v) for v in row[:width]] + [None] * (width - len(row))
        if any(c is not None for c in cells):
            records.append(cells)
            starts.append(number)
    frame = pd.DataFrame(records, columns=names, dtype="string")
    frame = frame.drop(columns=[n for n in names if n.startswith("column_") and frame[n].isna().all()])
    frame.insert(0, "source_row", pd.array(starts, dtype="Int64"))
    return frame


def read_file(path: Path) -> pd.DataFrame:
    """The sheet as a text frame (openpyxl in read-only mode: about 1 s for the 10,354 rows)."""
    import openpyxl  # here: only this reader and two others open workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise RawDataError(path, "file not found", "run `mapa3x1 fetch` or point --raw-dir at the raw data folder") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise RawDataError(path, f"is not a readable .xlsx workbook ({exc})",
                           "restore the file as published (see MANIFEST.csv for its checksum)") from None
    try:
        if SHEET not in workbook.sheetnames:
            raise RawDataError(path, f"has no sheet {SHEET!r} (found {workbook.sheetnames})",
                               "restore the file as published (see MANIFEST.csv)")
        rows = list(workbook[SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()  # read-only workbooks keep the file open until closed
    frame = sheet_frame(rows, path)
    if frame.empty:
        raise RawDataError(path, f"sheet {SHEET!r} has a header but no data rows", "restore the file as published")
    return frame


# --- cells ---------------------------------------------------------------------------------------

def _clean(series: pd.Series) -> pd.Series:
    """Stripped text with inner runs of spaces as one ('Geológico ' -> 'Geológico')."""
    return series.astype("string").str.replace(r"\s+", " ", regex=True).str.strip()


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Excel dates (ISO text here) or typed 'dd/mm/yyyy' -> datetime64; (values, bad).

    'SD' and empty cells are missing (NaT, not bad); anything else that is no date is bad."""
    text = _clean(series)
    missing = is_missing(text) | text.str.casefold().isin(NO_DATA).fillna(False)
    values = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        parsed = pd.to_datetime(text.where(~missing & values.isna()), format=fmt, errors="coerce")
        values = values.fillna(parsed)
    bad = ~missing & values.isna()
    return values, bad.astype(bool)


def parse_impact(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An impact figure -> float (NaN for 'SD', 'NSR' and other no-data marks); (values, bad)."""
    text = _clean(series)
    no_data = text.str.casefold().isin(NO_DATA).fillna(False)
    values, bad = parse_number(text.mask(no_data))
    return values, bad & ~no_data


def phenomenon_group(classes: pd.Series, types: pd.Series) -> pd.Series:
    """Class and type -> group: 'Geológico ' -> 'geológico', 'Químico' + 'Incendio forestal' -> 'incendio',
    'Sociorganizativo' -> 'socio-organizativo'; <NA> for an unknown class."""
    group = pd.Series([CLASS_GROUPS.get(fold(c)) for c in classes], index=classes.index, dtype="string")
    fire = pd.Series([fold(t) == FOREST_FIRE for t in types], index=types.index)
    return group.mask(fire & group.notna(), FIRE_GROUP)


def source_label(series: pd.Series) -> pd.Series:
    """'CENACOM ' -> 'CENACOM'; '#REF!' (a formula error) and empty -> <NA>."""
    text = _clean(series)
    return text.mask(text.str.casefold().isin(_NOT_A_SOURCE).fillna(True))


# --- places --------------------------------------------------------------------------------------

def resolve_states(text: str | None, places: str | None, resolver) -> tuple[list[str], str | None, bool]:
    """The event's states (cve_ent, in published order), why not when they cannot be read, and
    whether they were read from the municipalities cell.

    A cell may name several states ("Colima, Chiapas, Guerrero y Michoacán"). "Varios Estados"
    names none: the states are then read from the municipalities cell if every piece of it is a
    state (CENAPRED sometimes lists states there), else the event cannot be placed.
    """
    cell = (text or "").strip()
    if not normalize_name(cell):
        return [], f"{STATE} is empty", False
    if (whole := resolver.resolve_state(cell)) is not None:
        return [whole], None, False
    if normalize_name(cell) in _NO_STATE:
        listed = [resolver.resolve_state(p) for p in split_municipality_list(places)]
        if listed and all(listed):
            return list(dict.fromkeys(listed)), None, True
        return [], f"no state named ({STATE} '{cell}')", False
    keys = []
    for piece in split_municipality_list(cell):
        key = resolver.resolve_state(piece)
        if key is None:
            return [], f"unknown state '{piece}' ({STATE} '{cell}')", False
        keys.append(key)
    return list(dict.fromkeys(keys)), None, False


def lists_nobody(text: str | None) -> bool:
    """True when a Municipios cell names no municipality: empty, 'SD', a bare count ('13')."""
    return bool(_NO_LIST.fullmatch(normalize_name(_PARENTHESES.sub(" ", text or ""))))


def resolve_places(states: list[str], text: str | None, resolver) -> list[tuple[str, object]]:
    """(name, Match) for each name in a Municipios cell, inside the event's states.

    With one state, `resolver.split_and_resolve` as for the declarations. With several, the list is
    resolved in each state; a name found in exactly one of them is kept, a name found in two is
    ambiguous and rejected (the first failure reason is kept for a name found nowhere).
    """
    cleaned = _PARENTHESES.sub(" ", text or "")
    if len(states) == 1:
        return resolver.split_and_resolve(states[0], cleaned)
    found: dict[str, list[tuple[str, object]]] = {}
    for state in states:
        for name, match in resolver.split_and_resolve(state, cleaned):
            found.setdefault(normalize_name(name), []).append((name, match))
    out = []
    for tries in found.values():
        hits = {m.cvegeo: (n, m) for n, m in tries if m.ok}
        if len(hits) == 1:
            out.append(next(iter(hits.values())))
        elif len(hits) > 1:
            out.append((tries[0][0], _Ambiguous(f"ambiguous municipality '{tries[0][0]}': found in "
                                                f"{', '.join(sorted(hits))} of the event's states")))
        else:
            out.append(tries[0])
    return out


class _Ambiguous:
    """A rejected match shaped like etl.places.Match (a name found in several of the event's states)."""

    cvegeo = None
    method = "rejected"
    score = None
    ok = False

    def __init__(self, reason: str):
        self.reason = reason


def place_rows(states: list[str], text: str | None, resolver) -> tuple[list[tuple], list[str]]:
    """The event's place rows (cve_ent, cvegeo, scope, name, method, score) and the names not matched.

    Each municipality resolved is a row; each state of the event with none resolved is a state row,
    'list_unknown' when no municipality was named (or the cell is a count: "81 municipios") and
    'unresolved' when names were published but none of them matched.
    """
    published = (text or "").strip() or None
    matches = [] if lists_nobody(text) else resolve_places(states, text, resolver)
    rows, seen = [], set()
    for name, match in matches:
        if match.ok and match.cvegeo not in seen:
            seen.add(match.cvegeo)
            rows.append((match.cvegeo[:2], match.cvegeo, SCOPE_MUNICIPALITY, name, match.method, match.score))
    missed = [f"{name}: {match.reason}" for name, match in matches if not match.ok]
    names_only_counts = bool(_COUNT_WORDS.search(normalize_name(text))) and not rows
    method = LIST_UNKNOWN if not matches or names_only_counts or (rows and len(states) > 1) else UNRESOLVED
    for state in states:
        if not any(r[0] == state for r in rows):
            rows.append((state, None, SCOPE_STATE, published, method, None))
    return rows, ([] if names_only_counts else missed)


# --- the event table -----------------------------------------------------------------------------

def _reject_reasons(raw: pd.DataFrame, checks: list[tuple[pd.Series, str | pd.Series]]) -> pd.Series:
    """Per row, the reason of the first failing check (<NA> where all pass); a reason may be a Series
    aligned with `raw` (it names the cell), unlike etl.base.reject_reasons's fixed texts."""
    reasons = pd.Series(pd.NA, index=raw.index, dtype="string")
    for failed, reason in checks:
        mask = failed.reindex(raw.index).fillna(False).astype(bool) & reasons.isna()
        reasons = reasons.mask(mask, reason if isinstance(reason, str) else reason.reindex(raw.index))
    return reasons


def transform(raw: pd.DataFrame, resolver) -> tuple[pd.DataFrame, pd.Series, dict]:
    """Published rows -> (crisis_impacts rows, reject reason per row, facts for the notes)."""
    cache: dict[tuple, tuple] = {}  # the same few hundred (state, municipalities) cells repeat
    states, state_problem, listed_as_places = [], [], []
    for text, places in zip(raw[STATE].astype("object"), raw[PLACES].astype("object")):
        text, places = (None if pd.isna(text) else text), (None if pd.isna(places) else places)
        key = ("state", text, places if normalize_name(text) in _NO_STATE else None)
        if key not in cache:
            cache[key] = resolve_states(text, places, resolver)
        states.append(cache[key][0])
        state_problem.append(cache[key][1])
        listed_as_places.append(cache[key][2])
    state_problem = pd.Series(state_problem, index=raw.index, dtype="string")
    year = pd.to_numeric(_clean(raw[YEAR]), errors="coerce")
    start, bad_start = parse_dates(raw[START])
    end, bad_end = parse_dates(raw[END])
    group = phenomenon_group(raw[CLASS], raw[TYPE])
    reasons = _reject_reasons(raw, [
        (~year.between(FIRST_YEAR, LAST_YEAR).fillna(False),
         f"{YEAR} is not a year in {FIRST_YEAR}-{LAST_YEAR}: '" + raw[YEAR].astype("string").fillna("") + "'"),
        (state_problem.notna(), state_problem),
        (group.isna(), f"unknown {CLASS} '" + _clean(raw[CLASS]).fillna("") + "'"),
        (bad_start, f"{START} is not a date: '" + _clean(raw[START]).fillna("") + "'"),
    ])
    ok = reasons.isna()

    parts, missed = [], []
    for index, event_states, places, of_states in zip(raw.index[ok], pd.Series(states, index=raw.index)[ok],
                                                      raw.loc[ok, PLACES].astype("object"),
                                                      pd.Series(listed_as_places, index=raw.index)[ok]):
        # a municipalities cell that listed the states lists no municipality
        text = None if of_states or pd.isna(places) else str(places)
        key = ("places", tuple(event_states), text)
        if key not in cache:
            cache[key] = place_rows(event_states, text, resolver)
        rows, names_missed = cache[key]
        parts.extend((index, *row) for row in rows)
        missed.extend(names_missed)
    places = pd.DataFrame(parts, columns=["row", "cve_ent", "cvegeo", "scope", "name", "method", "score"])

    impacts = {}
    bad_impacts = []
    for column, out in ((DEATHS, "deaths"), (AFFECTED, "people_affected"), (HOMES, "homes_damaged"), (DAMAGES, "damages")):
        values, bad = parse_impact(raw[column])
        impacts[out] = values
        bad_impacts.extend(f"line {raw.at[i, 'source_row']} {column} '{raw.at[i, column]}'" for i in raw.index[bad & ok])
    at = places["row"]
    events = pd.DataFrame({
        "impact_id": range(1, len(places) + 1),
        "event_key": "cenapred-" + raw.loc[at, "source_row"].astype(str).to_numpy(),
        "cvegeo": places["cvegeo"].to_numpy(), "cve_ent": places["cve_ent"].to_numpy(),
        "scope": places["scope"].to_numpy(),
        "start_date": start[at].to_numpy(), "end_date": end[at].to_numpy(),
        "year": year[at].astype("int64").to_numpy(),
        "phenomenon_class": _clean(raw.loc[at, CLASS]).to_numpy(),
        "phenomenon_type": _clean(raw.loc[at, TYPE]).str.capitalize().to_numpy(),
        "phenomenon_group": group[at].to_numpy(),
        "is_natural": group[at].isin(NATURAL_GROUPS).to_numpy(),
        "deaths": as_int(impacts["deaths"][at]).to_numpy(),
        "people_affected": as_int(impacts["people_affected"][at]).to_numpy(),
        "homes_damaged": as_int(impacts["homes_damaged"][at]).to_numpy(),
        "damages_mxn": (impacts["damages"][at] * 1e6).to_numpy(),  # published in nominal million pesos
        "source": source_label(raw.loc[at, SOURCE]).to_numpy(),
        "name_as_published": places["name"].to_numpy(),
        "match_method": places["method"].to_numpy(),
        "match_score": places["score"].astype("float64").to_numpy(),
        "source_file": FILE, "source_row": raw.loc[at, "source_row"].to_numpy(),
    })
    year_differs = ok & start.notna() & (start.dt.year != year)
    facts = {
        "bad_end_dates": [f"line {raw.at[i, 'source_row']} '{raw.at[i, END]}'" for i in raw.index[bad_end & ok]],
        "bad_impacts": bad_impacts,
        "names_missed": missed,
        "year_differs": int(year_differs.sum()),
        "end_before_start": int((ok & (end < start)).sum()),
    }
    return events, reasons, facts


def event_summary(events: pd.DataFrame, first: int = 2002, last: int = 2018) -> dict:
    """Events by scope and the share of the events of `first`-`last` with at least one municipality."""
    per_event = events.groupby("event_key")["scope"].agg(lambda s: SCOPE_MUNICIPALITY in set(s))
    years = events.drop_duplicates("event_key").set_index("event_key")["year"]
    inside = years.between(first, last)
    with_municipality = int(per_event[inside.index[inside]].sum())
    return {
        "events": len(per_event), "events_with_municipality": int(per_event.sum()),
        "events_state_only": int((~per_event).sum()),
        f"events_{first}_{last}": int(inside.sum()),
        f"events_{first}_{last}_with_municipality": with_municipality,
        f"share_{first}_{last}_with_municipality": round(with_municipality / max(int(inside.sum()), 1), 4),
        "rows_by_scope": events["scope"].value_counts().to_dict(),
        "municipality_rows_by_method": events.loc[events["scope"] == SCOPE_MUNICIPALITY, "match_method"]
        .value_counts().to_dict(),
        "state_rows_by_method": events.loc[events["scope"] == SCOPE_STATE, "match_method"].value_counts().to_dict(),
    }


def _listed(items: Iterable[str], limit: int = 15) -> str:
    items = list(items)
    return "; ".join(items[:limit]) + (f"; … {len(items) - limit} more" if len(items) > limit else "")


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the CENAPRED impact record into crisis_impacts, resolving places through `context.resolver`."""
    if context.resolver is None:
        raise ValueError(f"{SOURCE_ID} needs context.resolver (etl/places.PlaceResolver) to match place names")
    path = Path(raw_dir) / FILE
    raw = read_file(path)
    events, reasons, facts = transform(raw, context.resolver)
    rejected = reasons.notna()
    loaded = int(events["event_key"].nunique())
    summary = event_summary(events)
    return SourceResult(
        source_id=SOURCE_ID,
        tables={TABLE: conform(events, TABLE),
                "crisis_coverage": pd.concat([coverage_rows(SPARSE_COVERAGE), coverage_rows(COVERAGE)], ignore_index=True)},
        rejects=make_rejects(raw[rejected], reasons[rejected], FILE),
        accounts=[FileAccount(FILE, len(raw), loaded, int(rejected.sum()),
                              int(events["cvegeo"].nunique()))],
        notes=[
            f"{loaded:,} events loaded as {len(events):,} rows: {summary['events_with_municipality']:,} events with "
            f"at least one municipality, {summary['events_state_only']:,} at state level only (cvegeo null, "
            f"scope 'state'); rows by scope {summary['rows_by_scope']}",
            f"2002-2018: {summary['events_2002_2018_with_municipality']:,} of {summary['events_2002_2018']:,} events "
            f"resolved to at least one municipality ({summary['share_2002_2018_with_municipality']:.1%})",
            f"municipality rows by match method {summary['municipality_rows_by_method']}; state rows "
            f"{summary['state_rows_by_method']} (list_unknown: no municipality named; unresolved: named, none matched)",
            f"{len(facts['names_missed'])} published municipality names not matched (the event keeps its other "
            f"places, or a state row): {_listed(facts['names_missed'])}",
            f"{len(facts['bad_end_dates'])} unreadable {END} cells loaded as null: {_listed(facts['bad_end_dates'])}",
            f"{len(facts['bad_impacts'])} impact cells that are no number loaded as null: {_listed(facts['bad_impacts'])}",
            f"{facts['year_differs']} events whose {START} falls in another year than {YEAR} (year = {YEAR} as "
            f"published); {facts['end_before_start']} whose {END} is before {START}",
            "impact figures are per event, repeated on each of its rows; damages_mxn = published million pesos "
            "x 1e6 (nominal)",
        ],
    )
