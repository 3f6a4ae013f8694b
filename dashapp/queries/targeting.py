"""Did the 3x1 pesos go where need was? The concentration curve and index of pesos against a need.

Definition (also on /datos, so anyone can reproduce it from the store or the exports):

1. Municipalities with data: the need indicator has a value for the chosen year and the 2020 census
   population is above zero (within the state filter, if any).
2. Ordered from the most to the least in need: the highest value first where a higher value is worse
   (poverty %), the lowest first where a higher value is better (CONAPO's 2020 index); ties by CVEGEO.
3. The curve: cumulative share of population (x) against cumulative share of 3x1 pesos (y), from (0, 0).
4. C = 1 - 2A, with A the area under the curve by trapezoids. C < 0: the pesos concentrate where need
   is higher; C > 0: where it is lower; 0: in proportion to population. C lies between -1 and 1.

The pesos are those of the usual filters (years, state, project type, partner, constant or current).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashapp.filters import FilterError, Filters
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects, in_constant_pesos
from dashapp.store import Snapshot

DEFAULT_NEED = ("poverty_pct", 2010)
HIGH_MARGINALITY = (4.0, 5.0)  # marginalization_grade: alto, muy alto


@dataclass(frozen=True)
class Concentration:
    index: float | None  # None when the municipalities with data received no pesos
    curve: list[tuple[float, float]]
    municipalities: int
    population: float
    pesos: float


def need_of(snapshot: Snapshot, layer: str | None) -> tuple[str, int, bool]:
    """(indicator, year, higher_is_worse) from `capa=<indicator>:<year>` (default poverty % 2010);
    FilterError naming `capa` for an indicator without a direction of need or a year the store lacks."""
    catalog = snapshot["indicator_catalog"].set_index("indicator_id")
    ranked = sorted(catalog.index[catalog["higher_is_worse"].notna()])
    indicator, year = (layer.split(":", 1) + [""])[:2] if layer else (DEFAULT_NEED[0], str(DEFAULT_NEED[1]))
    if indicator not in ranked:
        raise FilterError("capa", str(layer), "<indicator>:<year> with an indicator of need: " + ", ".join(ranked))
    years = snapshot.indicator_years.get(indicator, ())
    if not year.isdigit() or int(year) not in years:
        raise FilterError("capa", str(layer), f"{indicator}:<year>, the year one of {', '.join(map(str, years))}")
    return indicator, int(year), bool(catalog.at[indicator, "higher_is_worse"])


def money_by_year(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """Pesos of every partner per municipality and year under the filters (constant or current)."""
    projects = filter_projects(snapshot, filters.with_(state=None))
    if filters.pesos == "constant" and len(projects):
        projects = in_constant_pesos(projects, snapshot)
    columns = list(PARTNER_COLUMNS.values())
    amounts = projects[columns].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    return amounts.groupby([projects["cvegeo"].astype(str), projects["fiscal_year"].astype(int)]).sum()


def ordered_units(snapshot: Snapshot, filters: Filters, indicator: str, year: int, worse_high: bool,
                  pesos: pd.Series) -> pd.DataFrame:
    """Municipalities with data (within the state filter), most in need first: cvegeo, population,
    need, pesos (`pesos` by cvegeo; a municipality without any got 0)."""
    munis = snapshot["municipalities"]
    if filters.state:
        munis = munis[munis["cve_ent"] == filters.state]
    values = snapshot["indicator_values"]
    values = values[(values["indicator_id"] == indicator) & (values["year"] == year)]
    frame = pd.DataFrame({"cvegeo": munis["cvegeo"].astype(str).to_numpy(),
                          "population": pd.to_numeric(munis["population_2020"], errors="coerce").to_numpy()})
    need = pd.DataFrame({"cvegeo": values["cvegeo"].astype(str),
                         "need": pd.to_numeric(values["value"], errors="coerce")}).drop_duplicates("cvegeo")
    frame = frame.merge(need, on="cvegeo", how="inner", validate="one_to_one")
    frame["pesos"] = pesos.reindex(frame["cvegeo"]).fillna(0.0).to_numpy()
    frame = frame[frame["need"].notna() & (frame["population"] > 0)]
    # most in need first, ties by CVEGEO: order by key, then stably by need
    frame = frame.sort_values("cvegeo").sort_values("need", ascending=not worse_high, kind="stable")
    return frame.reset_index(drop=True)


def concentration(units: pd.DataFrame) -> Concentration:
    """The concentration curve and index of `units` (ordered, with population and pesos)."""
    population, pesos = units["population"].to_numpy(float), units["pesos"].to_numpy(float)
    if not len(units) or pesos.sum() <= 0:
        return Concentration(None, [], len(units), float(population.sum()), float(pesos.sum()))
    x = np.concatenate([[0.0], np.cumsum(population) / population.sum()])
    y = np.concatenate([[0.0], np.cumsum(pesos) / pesos.sum()])
    area = float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2))
    return Concentration(1.0 - 2.0 * area, [(round(float(a), 6), round(float(b), 6)) for a, b in zip(x, y)],
                         len(units), float(population.sum()), float(pesos.sum()))


def high_marginality_share(snapshot: Snapshot, pesos: pd.Series) -> float | None:
    """Share (%) of `pesos` (by cvegeo) that went to municipalities of high or very high marginality
    (2020 grade); None without pesos."""
    if pesos.sum() <= 0:
        return None
    grades = snapshot["indicator_values"]
    grades = grades[(grades["indicator_id"] == "marginalization_grade") & (grades["year"] == 2020)]
    high = set(grades.loc[pd.to_numeric(grades["value"], errors="coerce").isin(HIGH_MARGINALITY), "cvegeo"].astype(str))
    return 100.0 * float(pesos[pesos.index.isin(high)].sum()) / float(pesos.sum())


def targeting(snapshot: Snapshot, filters: Filters) -> dict:
    """The JSON answer of /api/analisis/focalizacion.json: the chosen partner's curve and index, every
    partner's index and high-marginality share, and the index by year and by state."""
    indicator, year, worse_high = need_of(snapshot, filters.layer)
    money = money_by_year(snapshot, filters)
    column = PARTNER_COLUMNS[filters.partner]
    by_muni = money.groupby(level=0).sum()
    state_pesos = by_muni if not filters.state else by_muni[by_muni.index.str.startswith(filters.state)]

    def index_of(pesos: pd.Series, scope: Filters = filters) -> float | None:
        return _rounded(concentration(ordered_units(snapshot, scope, indicator, year, worse_high, pesos)).index)

    main = concentration(ordered_units(snapshot, filters, indicator, year, worse_high, by_muni[column]))
    years = money.index.get_level_values(1)
    states = [filters.state] if filters.state else sorted(snapshot["municipalities"]["cve_ent"].astype(str).unique())
    return {"indicator": indicator, "indicator_year": year, "higher_is_worse": worse_high,
            "partner": filters.partner, "pesos": filters.pesos, "years": list(filters.years), "state": filters.state,
            "index": _rounded(main.index), "municipalities": main.municipalities,
            "population": main.population, "pesos_total": round(main.pesos, 2), "curve": main.curve,
            "index_by_partner": {p: index_of(by_muni[c]) for p, c in PARTNER_COLUMNS.items()},
            "high_marginality_share_pct": {p: _rounded(high_marginality_share(snapshot, state_pesos[c]), 2)
                                           for p, c in PARTNER_COLUMNS.items()},
            "index_by_year": {str(y): index_of(money[years == y].groupby(level=0).sum()[column])
                              for y in range(filters.years[0], filters.years[1] + 1)},
            "index_by_state": {s: index_of(by_muni[column], filters.with_(state=s)) for s in states},
            "definition": ("municipalities with a value and 2020 population > 0, most in need first (ties by "
                           "CVEGEO), weighted by 2020 population; curve: cumulative share of population (x) "
                           "against cumulative share of pesos (y); C = 1 - 2A, A the area under the curve "
                           "(trapezoids); C < 0: pesos concentrate where need is higher")}


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or value != value else round(float(value), digits)
