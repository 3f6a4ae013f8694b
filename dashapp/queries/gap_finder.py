"""The combined gap finder of `/brechas?necesidad=combinada`: several needs at once, a crisis, the money.

The planner picks need criteria, each as a weight (it counts in the priority score) and/or a threshold
(only municipalities at or above it are listed), optionally only the municipalities a crisis record
names in the chosen years, and the 3x1 money as on the other pages. The state is the URL:

    criterios=pobreza:2,marginacion:1     weights (1-10)
    umbral=marginacion:4,pobreza:60       thresholds (>=, in the indicator's own unit; grades 1-5)
    crisis=declaraciones|impactos|ambas   only municipalities named by a declaration, by a CENAPRED impact
                                          record (natural phenomena unless fenomeno says), or by either,
                                          in anio_decl/fenomeno

Score, shown with the list: each weighted indicator is normalised to 0-1 over every municipality of the
country with a value (min-max; 1 = the most in need: every criterion here is "more is more need", or
more diaspora for remittances and migration), then score = sum(weight x normalised) / sum(weights). A
municipality missing a weighted value has no score (sin datos) and goes last; one missing a threshold's
value is left out of the list and counted. Ranked by score, then by 3x1 pesos per person (least first).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashapp import api_exports as ex
from dashapp.filters import FilterError, Filters
from dashapp.i18n import fmt_number, t
from dashapp.queries.coverage import crisis_coverage
from dashapp.queries import gaps
from dashapp.queries.gaps import gaps_table, nearest_vintage
from dashapp.queries.impacts import impact_rows
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects, money_by_municipality
from dashapp.store import Snapshot

# slug (in URLs) -> indicator_id; every one is "a higher value is more need (or more diaspora)"
CRITERIA = {
    "pobreza": "poverty_pct", "pobreza_extrema": "extreme_poverty_pct", "marginacion": "marginalization_grade",
    "rezago": "social_lag_grade", "homicidios": "homicide_rate_100k", "crimen": "organized_crime_events",
    "remesas": "remittances_usd_per_person", "migracion": "migration_intensity_grade",
}
GRADES = {"marginacion", "rezago", "migracion"}  # 1 muy bajo .. 5 muy alto
DEFAULT_WEIGHTS = {"pobreza": 1.0, "marginacion": 1.0}
CRISIS_KINDS = ("declaraciones", "impactos", "ambas")  # declarations, CENAPRED impacts, either
COMBINED = "combinada"  # the value of `necesidad` that opens the finder on /brechas
MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Criteria:
    weights: tuple[tuple[str, float], ...] = tuple(DEFAULT_WEIGHTS.items())
    thresholds: tuple[tuple[str, float], ...] = ()
    crisis: str | None = None

    @property
    def used(self) -> list[str]:
        """Every criterion named, weights first, in the order given."""
        return list(dict.fromkeys([k for k, _ in self.weights] + [k for k, _ in self.thresholds]))

    def to_query(self) -> dict[str, str | None]:
        spec = lambda pairs: ",".join(f"{k}:{v:g}" for k, v in pairs) or None  # noqa: E731
        return {"criterios": spec(self.weights) if self.weights != Criteria().weights else None,
                "umbral": spec(self.thresholds), "crisis": self.crisis}


def _pairs(text: str, param: str) -> list[tuple[str, float]]:
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        slug, _, number = part.partition(":")
        if slug not in CRITERIA:
            raise FilterError(param, part, "<criterion>:<number>, criterion one of " + ", ".join(CRITERIA))
        try:
            value = float(number)
        except ValueError:
            raise FilterError(param, part, f"{slug}:<a number>") from None
        if not np.isfinite(value):
            raise FilterError(param, part, f"{slug}:<a finite number>")
        pairs.append((slug, value))
    return pairs


def criteria_from_query(query: dict[str, str]) -> Criteria:
    """Criteria from the URL; FilterError naming `criterios`, `umbral` or `crisis` for a bad value."""
    weights = _pairs(query.get("criterios") or "", "criterios") if query.get("criterios") else list(DEFAULT_WEIGHTS.items())
    if not weights:
        raise FilterError("criterios", str(query.get("criterios")), "at least one <criterion>:<weight>")
    for slug, weight in weights:
        if not 0 < weight <= MAX_WEIGHT:
            raise FilterError("criterios", f"{slug}:{weight:g}", f"a weight above 0 and at most {MAX_WEIGHT:g}")
    thresholds = _pairs(query.get("umbral") or "", "umbral")
    for slug, value in thresholds:
        if slug in GRADES and not 1 <= value <= 5:
            raise FilterError("umbral", f"{slug}:{value:g}", f"{slug}: a grade from 1 (muy bajo) to 5 (muy alto)")
        if slug in ("pobreza", "pobreza_extrema") and not 0 <= value <= 100:
            raise FilterError("umbral", f"{slug}:{value:g}", f"{slug}: a percentage from 0 to 100")
        if value < 0:
            raise FilterError("umbral", f"{slug}:{value:g}", f"{slug}: a value of 0 or more")
    crisis = query.get("crisis") or None
    if crisis is not None and crisis not in CRISIS_KINDS:
        raise FilterError("crisis", crisis, ", ".join(CRISIS_KINDS))
    return Criteria(tuple(dict(weights).items()), tuple(dict(thresholds).items()), crisis)


def lenient_criteria(query: dict[str, str]) -> tuple[Criteria, list[str]]:
    """Like criteria_from_query, but a bad parameter falls back to its default; also the parameters dropped."""
    clean, dropped = {}, []
    for key in ("criterios", "umbral", "crisis"):
        if query.get(key):
            try:
                criteria_from_query({key: query[key]})
                clean[key] = query[key]
            except FilterError:
                dropped.append(key)
    return criteria_from_query(clean), dropped


def vintage_of(snapshot: Snapshot, slug: str, filters: Filters) -> int | None:
    return nearest_vintage(filters.years, snapshot.indicator_years.get(CRITERIA[slug], ()))


def _values(snapshot: Snapshot, slug: str, year: int | None) -> pd.Series:
    """The criterion's values by cvegeo (its vintage), NaN-free."""
    values = snapshot["indicator_values"]
    rows = values[(values["indicator_id"] == CRITERIA[slug]) & (values["year"] == year)]
    found = pd.Series(pd.to_numeric(rows["value"], errors="coerce").to_numpy(), index=rows["cvegeo"].astype(str))
    return found[~found.index.duplicated()].dropna()


def finder_frame(snapshot: Snapshot, filters: Filters, criteria: Criteria) -> pd.DataFrame:
    """The ranked list: rank, cvegeo, state, municipality, one `c_<slug>` column per criterion, score,
    [declarations], status, pesos_per_person, pesos, projects, population_2020, is_synthetic.
    attrs: vintages, left_out (municipalities without a threshold's value), formula parts."""
    munis = snapshot["municipalities"]
    if filters.state:
        munis = munis[munis["cve_ent"] == filters.state]
    cvegeos = munis["cvegeo"].astype(str)
    out = pd.DataFrame({"cvegeo": cvegeos.to_numpy(), "state": munis["state_name"].astype(str).to_numpy(),
                        "municipality": munis["municipality_name"].astype(str).to_numpy(),
                        "population_2020": pd.to_numeric(munis["population_2020"], errors="coerce").to_numpy()})
    vintages = {slug: vintage_of(snapshot, slug, filters) for slug in criteria.used}
    score, weight_sum = np.zeros(len(out)), 0.0
    for slug in criteria.used:
        values = _values(snapshot, slug, vintages[slug])
        out[f"c_{slug}"] = values.reindex(out["cvegeo"]).to_numpy()
    for slug, weight in criteria.weights:
        national = _values(snapshot, slug, vintages[slug])
        low, high = (float(national.min()), float(national.max())) if len(national) else (np.nan, np.nan)
        span = high - low if high > low else 1.0
        score = score + weight * (out[f"c_{slug}"].to_numpy(float) - low) / span
        weight_sum += weight
    out["score"] = score / weight_sum if weight_sum else np.nan
    keep = np.ones(len(out), dtype=bool)
    missing_threshold = np.zeros(len(out), dtype=bool)
    for slug, minimum in criteria.thresholds:
        column = out[f"c_{slug}"]
        missing_threshold |= column.isna().to_numpy()
        keep &= (column >= minimum).fillna(False).to_numpy()
    left_out = int((missing_threshold & ~keep).sum())
    if criteria.crisis:
        hit = np.zeros(len(out), dtype=bool)
        for kind, column, rows, key in _crisis_counts(snapshot, filters, criteria.crisis):
            covered = crisis_coverage(snapshot, filters, kind).any
            counts = rows.drop_duplicates([key, "cvegeo"]).groupby(rows["cvegeo"].astype(str)).size()
            out[column] = counts.reindex(out["cvegeo"]).fillna(0).to_numpy() if covered else np.nan
            hit |= (out[column] > 0).to_numpy()
        keep &= hit
    out = out[keep].copy()

    money = money_by_municipality(snapshot, filters)
    column = PARTNER_COLUMNS[filters.partner]
    pesos = pd.Series(pd.to_numeric(money[column], errors="coerce").to_numpy(), index=money["cvegeo"].astype(str))
    counts = pd.Series(money["projects"].to_numpy(), index=money["cvegeo"].astype(str))
    out["pesos"] = pesos.reindex(out["cvegeo"]).fillna(0.0).to_numpy()
    out["projects"] = counts.reindex(out["cvegeo"]).fillna(0).astype("int64").to_numpy()
    population = out["population_2020"].where(out["population_2020"] > 0)
    out["pesos_per_person"] = out["pesos"] / population
    out["status"] = np.where(out["projects"] > 0, "with_projects", "no_projects")
    out.loc[out["score"].isna(), "status"] = "no_data"
    out["is_synthetic"] = _synthetic(snapshot, filters, out["cvegeo"])
    out = out.sort_values(["score", "pesos_per_person", "cvegeo"], ascending=[False, True, True],
                          na_position="last", kind="stable").reset_index(drop=True)
    out.insert(0, "rank", pd.array(range(1, len(out) + 1), dtype="Int64"))
    out.loc[out["status"] == "no_data", "rank"] = pd.NA
    out.attrs.update(vintages=vintages, left_out=left_out, criteria=criteria)
    return out


def _crisis_counts(snapshot: Snapshot, filters: Filters, crisis: str) -> list[tuple[str, str, pd.DataFrame, str]]:
    """(coverage kind, output column, rows naming municipalities, event key) for each kind of record chosen."""
    found = []
    if crisis in ("declaraciones", "ambas"):
        events = snapshot["crisis_events"]
        mask = events["year"].between(*filters.crisis_years)
        if filters.phenomenon_group:
            mask &= events["phenomenon_group"] == filters.phenomenon_group
        found.append(("declaration", "declarations", events[mask], "declaration_id"))
    if crisis in ("impactos", "ambas"):
        found.append(("impact", "impacts", impact_rows(snapshot, filters.with_(state=None)), "event_key"))
    return found


def _synthetic(snapshot: Snapshot, filters: Filters, cvegeos: pd.Series) -> np.ndarray:
    projects = filter_projects(snapshot, filters)
    whole = bool(len(snapshot["projects"])) and bool(snapshot["projects"]["is_synthetic"].astype(bool).any())
    if not len(projects):
        return np.full(len(cvegeos), whole)
    flags = projects["is_synthetic"].astype(bool).groupby(projects["cvegeo"].astype(str)).any()
    return cvegeos.map(flags).fillna(whole).astype(bool).to_numpy()


def column_keys(criteria: Criteria) -> list[str]:
    keys = ["rank", "cvegeo", "state", "municipality", *[f"c_{s}" for s in criteria.used], "score"]
    if criteria.crisis in ("declaraciones", "ambas"):
        keys.append("declarations")
    if criteria.crisis in ("impactos", "ambas"):
        keys.append("impacts")
    return keys + ["status", "pesos_per_person", "pesos", "projects", "population_2020", "is_synthetic"]


def formula(criteria: Criteria, lang: str) -> str:
    """The score's formula in words: 'puntaje = (2 × pobreza + 1 × marginación) / 3, cada uno ...'."""
    total = sum(w for _, w in criteria.weights)
    terms = " + ".join(f"{w:g} × {t(f'finder.criterion.{s}', lang)}" for s, w in criteria.weights)
    return t("finder.formula", lang, terms=terms, total=f"{total:g}")


def headings(snapshot: Snapshot, filters: Filters, criteria: Criteria, lang: str) -> dict[str, str]:
    """Column key -> heading in `lang` (criteria with their vintage; the years and partner of the money)."""
    base = gaps.headings(snapshot, filters, "pobreza", lang)
    labels = {k: v for k, v in base.items() if not k.startswith("need")}
    for slug in criteria.used:
        year = vintage_of(snapshot, slug, filters)
        labels[f"c_{slug}"] = f"{t(f'finder.criterion.{slug}', lang)} {year or ''}".rstrip()
    labels["score"] = t("finder.col.score", lang)
    labels["declarations"] = t("gaps.col.need.declaraciones", lang, years=gaps._years(filters.crisis_years))
    labels["impacts"] = t("finder.col.impacts", lang, years=gaps._years(filters.crisis_years))
    return {key: labels[key] for key in column_keys(criteria)}


def finder_table(snapshot: Snapshot, filters: Filters, criteria: Criteria, lang: str) -> pd.DataFrame:
    """The list exactly as shown and exported: headings in `lang`, words for codes."""
    frame = finder_frame(snapshot, filters, criteria)
    labels = headings(snapshot, filters, criteria, lang)
    out = frame.copy()
    out["status"] = out["status"].map(lambda code: t(f"gaps.status.{code}", lang))
    out["is_synthetic"] = out["is_synthetic"].map(lambda flag: t("common.yes" if flag else "common.no", lang))
    out["score"] = out["score"].round(4)
    out["pesos"] = out["pesos"].round(2)
    out["pesos_per_person"] = out["pesos_per_person"].round(2)
    table = out[list(labels)].rename(columns=labels)
    table.attrs.update(frame.attrs)
    return table


def threshold_text(criteria: Criteria, lang: str) -> str | None:
    """'marginación ≥ 4, pobreza ≥ 60' in words, or None."""
    if not criteria.thresholds:
        return None
    return t("finder.thresholds", lang, list=", ".join(
        f"{t(f'finder.criterion.{s}', lang)} ≥ {fmt_number(v, lang, 0 if v == int(v) else 1)}"
        for s, v in criteria.thresholds))


def export_csv(snapshot: Snapshot, filters: Filters, need: str, criteria: Criteria | None, lang: str) -> tuple[str, str]:
    """(CSV text with a byte-order mark, file name) of the /brechas list: the same bytes from the page's
    button and from /api/brechas.csv for the same query."""
    table = (finder_table(snapshot, filters, criteria or Criteria(), lang) if need == COMBINED
             else gaps_table(snapshot, filters, need, lang))
    name = ex.filename(f"brechas_{need}", filters, "csv", snapshot.has_synthetic_projects)
    return "\ufeff" + ex.to_csv(table, prepare=False), name
