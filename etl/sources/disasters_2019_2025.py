"""Federal disaster declarations 2019–2025 (civil-protection table with DOF publication).

One row per declaration, its municipalities as free text. `context.resolver.split_and_resolve`
(etl/places.py) splits and matches the names; each resolved name becomes one crisis_events row.
Accounting is per declaration: loaded if at least one name resolved, rejected otherwise.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, concat_rejects, make_rejects
from core.names import fold_series
from etl.base import BuildContext, SourceResult, read_csv_lines, reject_reasons, require_columns
from etl.parse import is_missing, pad_key, parse_date
from etl.crisis_coverage import NATURAL_GROUPS, Coverage, coverage_rows
from store.schema import conform

SOURCE_ID = "disasters_2019_2025"
FILE = "disasters/declaratorias_desastre_4to_trim_2025.csv"
REQUIRED = ["no", "entidad_federativa", "anio", "evento", "tipo_fenomeno", "nombre_municipios_corroborados",
            "numero_municipios_corroborados", "fecha_publicacion_dof", "publicacion_dof"]
GROUPS = {"hidrometeorologico": "hidrometeorológico", "geologico": "geológico", "incendio forestal": "incendio"}
# A named cyclone is the cause, so it wins; otherwise the phenomenon mentioned first wins.
CYCLONES = [("huracán", r"hurac[aá]n"), ("tormenta tropical", r"tormenta\s+tropical")]
KEYWORDS = [("sismo", r"sismo"), ("movimiento de ladera", r"movimiento\s+de\s+ladera"), ("sequía severa", r"sequ[ií]a"),
            ("incendio forestal", r"incendio"), ("lluvia severa", r"lluvia"), ("granizada severa", r"graniz"),
            ("inundación fluvial", r"inundaci[oó]n\s+fluvial"), ("inundación pluvial", r"inundaci[oó]n\s+pluvial"),
            ("inundación", r"inundaci[oó]n"), ("vientos fuertes", r"vientos?\s+fuertes?"), ("helada", r"helada"),
            ("nevada", r"nevada")]
UNCLASSIFIED = "otro fenómeno"
# The publisher's table of disaster declarations, 2019 to its last update (4th quarter 2025); no
# emergency declarations. A covered year without a row for a place is a real "none".
COVERAGE = Coverage(SOURCE_ID, "declaration", tuple(range(2019, 2026)), NATURAL_GROUPS, complete=True,
                    scope="desastres_2019_2025")
MONTHS = {m: i for i, m in enumerate(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                      "septiembre", "octubre", "noviembre", "diciembre"], 1)} | {"setiembre": 9}
_ONE_DATE = re.compile(r"\b(\d{1,2})\s+(?:de|el)\s+(" + "|".join(MONTHS) + r")\b(?:\s+(?:del?\s+)?(\d{4}))?", re.I)
_SEVERAL_DAYS = re.compile(r"\d{1,2}\s*(?:,|\by\b|\bal\b)\s*(?:el\s+)?\d{1,2}\b|\bdel\s*\d{1,2}\b", re.I)


def classify_phenomenon(evento: str | None) -> str:
    """'Lluvia severa e inundación fluvial …' -> 'lluvia severa'; 'Huracán Lorena (lluvia …)' -> 'huracán'."""
    text = evento or ""
    for label, pattern in CYCLONES:
        if re.search(pattern, text, re.I):
            return label
    hits = [(m.start(), -len(m.group()), label) for label, pattern in KEYWORDS if (m := re.search(pattern, text, re.I))]
    return min(hits)[2] if hits else UNCLASSIFIED


def parse_event_date(evento: str | None) -> pd.Timestamp | None:
    """The date of a single-day event ('… el 17 de agosto de 2019'); None for ranges, lists or no year."""
    found = _ONE_DATE.findall(evento or "")
    if len(found) != 1 or _SEVERAL_DAYS.search(evento or "") or not found[0][2]:
        return None
    day, month, year = found[0]
    try:
        return pd.Timestamp(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def phenomenon_group(tipo: pd.Series) -> pd.Series:
    """'Hidrometeorológico' -> 'hidrometeorológico', 'Incendio Forestal' -> 'incendio'; <NA> if unknown."""
    return fold_series(tipo).map(GROUPS).astype("string")


def declaration_reasons(raw: pd.DataFrame) -> pd.Series:
    """Reasons that reject a whole declaration before its names are looked at."""
    return reject_reasons(raw.index, [
        (~raw["no"].str.strip().str.fullmatch(r"\d+").fillna(False), "'no' is not a declaration number"),
        (~raw["anio"].str.strip().str.fullmatch(r"(19|20)\d\d").fillna(False), "anio is not a year"),
        (phenomenon_group(raw["tipo_fenomeno"]).isna(), "unknown tipo_fenomeno"),
        (is_missing(raw["nombre_municipios_corroborados"]), "nombre_municipios_corroborados is empty"),
    ])


def resolve_names(raw: pd.DataFrame, resolver) -> pd.DataFrame:
    """One row per (declaration, distinct name): row index, name, cvegeo, method, score, reason."""
    rows = []
    for index, state, names in zip(raw.index, raw["entidad_federativa"], raw["nombre_municipios_corroborados"]):
        for name, match in resolver.split_and_resolve(state, names):
            rows.append((index, name, match.cvegeo, match.method, match.score, match.reason))
    out = pd.DataFrame(rows, columns=["row", "name", "cvegeo", "method", "score", "reason"])
    # a repeated municipality (two spellings of one key) is one event row, not two
    return out[~(out["cvegeo"].notna() & out.duplicated(["row", "cvegeo"]))].reset_index(drop=True)


def build_events(raw: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """crisis_events rows for the resolved names of the declarations in `raw`."""
    hit = names[names["cvegeo"].notna()]
    decl = raw.loc[hit["row"]].reset_index(drop=True)
    dof_date, _ = parse_date(decl["fecha_publicacion_dof"])
    url = decl["publicacion_dof"].str.strip()
    return pd.DataFrame({
        "declaration_id": "dd-" + decl["anio"].str.strip() + "-" + pad_key(decl["no"], 3),
        "cvegeo": hit["cvegeo"].to_numpy(), "event_date": pd.to_datetime(decl["evento"].map(parse_event_date)),
        "year": decl["anio"].astype(int), "phenomenon": decl["evento"].map(classify_phenomenon),
        "phenomenon_group": phenomenon_group(decl["tipo_fenomeno"]), "declaration_kind": "desastre",
        "description": decl["evento"].str.strip(), "dof_date": dof_date,
        "dof_url": url.where(url.str.startswith("http").fillna(False)),
        "name_as_published": hit["name"].to_numpy(), "match_method": hit["method"].to_numpy(),
        "match_score": hit["score"].astype("float64").to_numpy(), "source_file": FILE, "source_row": decl["source_row"],
    })


def count_mismatches(raw: pd.DataFrame, names: pd.DataFrame) -> list[str]:
    """Declarations whose published count differs from the distinct names found: 'no 11: 40 vs 50'."""
    found = names.groupby("row").size().reindex(raw.index, fill_value=0)
    published = pd.to_numeric(raw["numero_municipios_corroborados"], errors="coerce")
    differ = published.ne(found)
    return [f"no {raw.at[i, 'no']}: {raw.at[i, 'numero_municipios_corroborados']} vs {found[i]}"
            for i in raw.index[differ]]


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the declarations into crisis_events, resolving names through `context.resolver`."""
    if context.resolver is None:
        raise ValueError(f"{SOURCE_ID} needs context.resolver (etl/places.PlaceResolver) to match municipality names")
    path = Path(raw_dir) / FILE
    raw = read_csv_lines(path)
    require_columns(raw, REQUIRED, path)
    reasons = declaration_reasons(raw)
    valid = raw[reasons.isna()]
    names = resolve_names(valid, context.resolver)
    loaded = names.loc[names["cvegeo"].notna(), "row"].unique()
    events = build_events(valid, names)
    missed = names[names["cvegeo"].isna()]
    name_rows = raw.loc[missed["row"]].assign(municipality_name=missed["name"].to_numpy())
    name_reasons = pd.Series(missed["reason"].fillna("name not resolved").to_numpy())
    all_missed = ~valid.index.isin(loaded)
    mismatches = count_mismatches(valid, names)
    methods = names["method"].value_counts().to_dict()
    return SourceResult(
        source_id=SOURCE_ID,
        tables={"crisis_events": conform(events, "crisis_events"), "crisis_coverage": coverage_rows(COVERAGE)},
        rejects=concat_rejects([make_rejects(raw[reasons.notna()], reasons.dropna(), FILE),
                                make_rejects(name_rows, name_reasons, FILE)]),
        accounts=[FileAccount(FILE, len(raw), len(loaded), len(raw) - len(loaded), int(events["cvegeo"].nunique()))],
        notes=[
            f"names_read={len(names)}, names_resolved={int(names['cvegeo'].notna().sum())}, "
            f"names_rejected={len(missed)} (distinct names per declaration; by method {methods})",
            f"{int(all_missed.sum())} declarations with no name resolved; "
            f"{int(reasons.notna().sum())} rejected before name matching",
            f"{len(mismatches)} declarations whose numero_municipios_corroborados differs from the distinct names "
            f"found (published vs found): {'; '.join(mismatches)}",
            f"event_date parsed for {int(events['event_date'].notna().sum())} of {len(events)} rows (single-day "
            "events only; ranges and lists stay null)",
            f"{int((events['phenomenon'] == UNCLASSIFIED).sum())} rows with an unclassified phenomenon",
        ],
    )
