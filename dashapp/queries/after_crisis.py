"""After the disaster, and the diaspora without 3x1: two lists a recovery planner downloads.

`after_disaster`: for every declaration inside the program's years, each municipality it names, the
3x1 pesos and projects in the N years before and after the event's year (the event year apart), and
the same for comparable municipalities that no declaration of that year named (same state and 2020
marginality grade), as a mean per municipality. A description, not a causal effect: the demonstration
list is synthetic, and the municipalities that a declaration names differ from their peers in more
than the disaster. A window that runs past the program's years (2002-2020) is flagged incomplete.

`diaspora_without_3x1`: municipalities of high or very high migration intensity (CONAPO) with no 3x1
project in the chosen years, with their remittances per person (Banxico).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashapp.filters import PROGRAM_YEARS, FilterError, Filters
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects, in_constant_pesos
from dashapp.store import Snapshot

WINDOWS = (1, 2, 3)
DEFAULT_WINDOW = 2
HIGH_GRADES = (4.0, 5.0)  # alto, muy alto (marginality and migration intensity alike)


def window_of(value: str | None) -> int:
    """`ventana` as 1, 2 or 3 (default 2); FilterError naming it otherwise."""
    if value in (None, ""):
        return DEFAULT_WINDOW
    if not str(value).isdigit() or int(value) not in WINDOWS:
        raise FilterError("ventana", str(value), "1, 2 or 3 (years before and after the event)")
    return int(value)


def _pesos_by_year(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """Pesos (of the partner, constant or current) and projects per municipality and year, all program
    years (the windows reach outside the chosen years)."""
    projects = filter_projects(snapshot, filters.with_(years=PROGRAM_YEARS))
    if filters.pesos == "constant" and len(projects):
        projects = in_constant_pesos(projects, snapshot)
    column = PARTNER_COLUMNS[filters.partner]
    return (projects.assign(pesos=pd.to_numeric(projects[column], errors="coerce").fillna(0.0))
            .groupby([projects["cvegeo"].astype(str), "fiscal_year"])
            .agg(pesos=("pesos", "sum"), projects=("project_id", "size")))


def _grade_2020(snapshot: Snapshot) -> pd.Series:
    values = snapshot["indicator_values"]
    rows = values[(values["indicator_id"] == "marginalization_grade") & (values["year"] == 2020)]
    return pd.Series(pd.to_numeric(rows["value"], errors="coerce").to_numpy(), index=rows["cvegeo"].astype(str))


def _sums(per_year: pd.DataFrame, cvegeos: list[str], years: range) -> tuple[np.ndarray, np.ndarray]:
    """Pesos and projects of each municipality summed over `years`."""
    index = pd.MultiIndex.from_product([cvegeos, list(years)], names=["cvegeo", "fiscal_year"])
    found = per_year.reindex(index, fill_value=0).groupby(level=0, sort=False).sum().reindex(cvegeos)
    return found["pesos"].to_numpy(float), found["projects"].to_numpy(int)


def after_disaster(snapshot: Snapshot, filters: Filters, window: int = DEFAULT_WINDOW) -> pd.DataFrame:
    """One row per declared municipality and event inside the program years (see the module's docstring)."""
    events = snapshot["crisis_events"]
    first, last = PROGRAM_YEARS
    inside = events["year"].between(max(first, filters.crisis_years[0]), min(last, filters.crisis_years[1]))
    if filters.phenomenon_group:
        inside &= events["phenomenon_group"] == filters.phenomenon_group
    if filters.state:
        inside &= events["cvegeo"].astype(str).str.startswith(filters.state)
    hit = events[inside].drop_duplicates(["declaration_id", "cvegeo"])
    munis = snapshot.municipality_index
    grades = _grade_2020(snapshot)
    per_year = _pesos_by_year(snapshot, filters)
    named_by_year = events.groupby("year")["cvegeo"].agg(lambda s: set(s.astype(str)))
    state_of = munis["cve_ent"].astype(str)
    peers_cache: dict[tuple[str, float, int], tuple[int, float, float]] = {}

    def peer_means(state: str, grade: float, year: int) -> tuple[int, float, float]:
        """(peers, mean pesos before, after) of the same state and grade that no declaration of `year` named."""
        key = (state, grade, year)
        if key not in peers_cache:
            named = named_by_year.get(year, set())
            peers = [] if grade != grade else [c for c in state_of.index[state_of == state].astype(str)
                                               if c not in named and grades.get(c, np.nan) == grade]
            before, after = range(year - window, year), range(year + 1, year + window + 1)
            peers_cache[key] = (len(peers), _sums(per_year, peers, before)[0].mean() if peers else np.nan,
                                _sums(per_year, peers, after)[0].mean() if peers else np.nan)
        return peers_cache[key]

    rows = []
    for (declaration, year), group in hit.groupby(["declaration_id", "year"], sort=True):
        cvegeos = group["cvegeo"].astype(str).tolist()
        before, after = range(year - window, year), range(year + 1, year + window + 1)
        complete = before.start >= first and after.stop - 1 <= last
        pb, nb = _sums(per_year, cvegeos, before)
        pe, ne = _sums(per_year, cvegeos, range(year, year + 1))
        pa, na = _sums(per_year, cvegeos, after)
        for i, cvegeo in enumerate(cvegeos):
            grade = grades.get(cvegeo, np.nan)
            n_peers, peer_b, peer_a = peer_means(cvegeo[:2], grade, int(year))
            place = munis.loc[cvegeo] if cvegeo in munis.index else None
            rows.append({
                "cvegeo": cvegeo, "municipality": None if place is None else place["municipality_name"],
                "state": None if place is None else place["state_name"], "declaration_id": declaration,
                "event_year": int(year), "phenomenon_group": group["phenomenon_group"].iloc[0],
                "marginalization_grade_2020": None if grade != grade else int(grade), "window_years": window,
                "pesos_before": round(pb[i], 2), "pesos_event_year": round(pe[i], 2), "pesos_after": round(pa[i], 2),
                "projects_before": int(nb[i]), "projects_event_year": int(ne[i]), "projects_after": int(na[i]),
                "window_complete": complete, "peers": n_peers,
                "peers_mean_pesos_before": None if peer_b != peer_b else round(float(peer_b), 2),
                "peers_mean_pesos_after": None if peer_a != peer_a else round(float(peer_a), 2),
                # unknown (None) when the window after runs past the program's years
                "hit_not_helped": bool(na[i] == 0 and grade in HIGH_GRADES) if complete else None,
            })
    columns = ["cvegeo", "municipality", "state", "declaration_id", "event_year", "phenomenon_group",
               "marginalization_grade_2020", "window_years", "pesos_before", "pesos_event_year", "pesos_after",
               "projects_before", "projects_event_year", "projects_after", "window_complete", "peers",
               "peers_mean_pesos_before", "peers_mean_pesos_after", "hit_not_helped"]
    return pd.DataFrame(rows, columns=columns)


def diaspora_without_3x1(snapshot: Snapshot, filters: Filters, intensity_year: int = 2020) -> pd.DataFrame:
    """High or very high migration intensity (CONAPO, `intensity_year`) and no 3x1 project in the chosen years."""
    values = snapshot["indicator_values"]
    grade = values[(values["indicator_id"] == "migration_intensity_grade") & (values["year"] == intensity_year)]
    high = grade[pd.to_numeric(grade["value"], errors="coerce").isin(HIGH_GRADES)]
    with_projects = set(filter_projects(snapshot, filters)["cvegeo"].astype(str))
    high = high[~high["cvegeo"].astype(str).isin(with_projects)]
    if filters.state:
        high = high[high["cvegeo"].astype(str).str.startswith(filters.state)]
    remit = values[values["indicator_id"] == "remittances_usd_per_person"]
    latest = remit.sort_values("year").drop_duplicates("cvegeo", keep="last").set_index("cvegeo")
    munis = snapshot.municipality_index
    cvegeos = high["cvegeo"].astype(str)
    out = pd.DataFrame({
        "cvegeo": cvegeos.to_numpy(),
        "municipality": munis["municipality_name"].reindex(cvegeos).to_numpy(),
        "state": munis["state_name"].reindex(cvegeos).to_numpy(),
        "migration_intensity": high["category"].astype("string").to_numpy(),
        "migration_intensity_year": intensity_year,
        "population_2020": pd.to_numeric(munis["population_2020"].reindex(cvegeos), errors="coerce").to_numpy(),
        "remittances_usd_per_person": pd.to_numeric(latest["value"].reindex(cvegeos), errors="coerce").round(2).to_numpy(),
        "remittances_year": latest["year"].reindex(cvegeos).astype("Int64").to_numpy(),
    })
    return out.sort_values(["remittances_usd_per_person", "cvegeo"], ascending=[False, True],
                           na_position="last").reset_index(drop=True)
