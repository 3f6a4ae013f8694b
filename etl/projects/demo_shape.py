"""The shape of the demonstration list: how many projects per year, how much federal money, which
states and which municipalities. Pure functions of the real layers and the cited figures.

The cited points are read from calibration_facts (`anchors_from_facts`; a figure missing from
the file keeps the value it has there today). Yearly curve (projects, federal MXN), chosen to
pass through them:
  - 2002: 942 projects (cited) in 247 municipalities (cited; see `pool_fractions`);
  - 2002–2011: 14,042 projects ("más de 10 años": 14,000 in 660 municipalities);
  - 2002–2012: 16,042 projects ("más de 16,000 obras" in the first decade);
  - 2007: the federal money of the 30 published state rows is the cited 156.8 M; Zacatecas's
    lost row is imputed (see `zacatecas_share`), which makes the 2007 national figure 206.8 M;
  - 2018: 500 M federal, the level implied by the cited 2019 cut (488.6 M = 98.1 %);
  - 2019: 700 projects and the 276.5 M of the 2019 budget (proposal + addition): the cut.
  Between the cited points the curve grows with the program's reported expansion to 2012-2015
  and eases after 2016; these in-between values are a design choice, not data.

States: a state's share of a year's projects and federal money is its share of the 2007
federal column (the only table by state), scaled to leave room for Zacatecas, whose row was
lost. Zacatecas's share is taken from its own cited figures: 2012 (280 M over four equal
partners -> 70 M federal), 2015 (46.6 M federal), 2017 (about 300 M over four -> 75 M federal),
each divided by that year's national federal figure; 2007 is imputed as the median of its
ordinary federal figures (2012 without the 20 M extraordinary: 50 M; 46.6 M; 75 M -> 50 M), i.e.
24 % of 2007, which makes it the largest state that year, as the program's history says.
Shares between those years are interpolated. States with no 2007 money (or no row) keep a
small floor: the 2007 zero is one year, not a ban.

Municipalities: within a state, projects go where migrants come from: a score of CONAPO's 2010
migration intensity index (for 2010, higher = more intensity), the 2010 share of homes that
receive remittances, and Banxico's remittances in USD, each as a national percentile rank.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

YEARS = tuple(range(2002, 2020))
# year -> (projects, federal MXN): the design curve; the cited anchors replace 2002, 2007 and 2019
CURVE: dict[int, tuple[int, float]] = {
    2002: (942, 90e6), 2003: (900, 100e6), 2004: (1400, 150e6), 2005: (1500, 170e6), 2006: (1300, 160e6),
    2007: (1600, 206.79e6), 2008: (1750, 280e6), 2009: (1650, 300e6), 2010: (1550, 320e6), 2011: (1450, 330e6),
    2012: (2000, 420e6), 2013: (1900, 450e6), 2014: (1850, 480e6), 2015: (1800, 500e6), 2016: (1650, 480e6),
    2017: (1400, 420e6), 2018: (1300, 500e6), 2019: (700, 276.454909e6),
}
ZACATECAS = "32"
ZACATECAS_EXTRAORDINARY_2012 = 20e6  # federal, cited in the note of the 2012 figure
FLOOR_SHARE = 0.003  # of the non-Zacatecas pie, for states with no 2007 money
POOL_SIZE = 800  # municipalities with at least one project by 2019
MUNICIPALITIES_2011 = 660  # "1,400 localities in 660 municipalities" (note of the >10 years figure)


@dataclass(frozen=True)
class Anchors:
    """The cited figures the demonstration list is built to pass through (defaults = the cited file)."""

    projects_2002: int = 942
    municipalities_2002: int = 247
    federal_2007_seen: float = 156_790_680.0  # the 30 published rows of the 2007 table
    federal_2019: float = 276_454_909.0
    zacatecas_federal: dict[int, float] = field(default_factory=lambda: {2012: 70e6, 2015: 46.602e6, 2017: 75e6})

    @property
    def zacatecas_2007(self) -> float:
        """The lost 2007 row: median of Zacatecas's ordinary federal figures (2012 less the extraordinary)."""
        ordinary = dict(self.zacatecas_federal)
        if 2012 in ordinary:
            ordinary[2012] -= ZACATECAS_EXTRAORDINARY_2012
        return float(np.median(list(ordinary.values())))


def _fact(facts: pd.DataFrame, period: str, scope: str, metric: str) -> float | None:
    rows = facts[(facts["period"].astype(str) == period)
                 & facts["scope"].astype(str).str.startswith(scope)
                 & facts["metric"].astype(str).str.startswith(metric)]
    return float(rows["value"].iloc[0]) if len(rows) else None


def anchors_from_facts(facts: pd.DataFrame | None) -> Anchors:
    """Read the anchors from calibration_facts; a figure missing from the file keeps its default."""
    default = Anchors()
    if facts is None or facts.empty:
        return default
    def pick(value: float | None, fallback: float) -> float:
        return fallback if value is None or not np.isfinite(value) else value
    zac = dict(default.zacatecas_federal)
    for year, (metric, partners) in {2012: ("total 3x1 budget", 4), 2015: ("federal", 1),
                                     2017: ("total exercised", 4)}.items():
        zac[year] = pick(_fact(facts, str(year), "Zacatecas", metric), zac[year] * partners) / partners
    return Anchors(
        projects_2002=int(pick(_fact(facts, "2002", "national", "projects"), default.projects_2002)),
        municipalities_2002=int(pick(_fact(facts, "2002", "national", "municipalities"), default.municipalities_2002)),
        federal_2007_seen=pick(_fact(facts, "2007", "31 states", "federal"), default.federal_2007_seen),
        federal_2019=pick(_fact(facts, "2019", "national", "PEF"), default.federal_2019),
        zacatecas_federal=zac,
    )


def yearly_targets(anchors: Anchors) -> pd.DataFrame:
    """projects and federal_mxn per year: the design curve through the cited anchors."""
    out = pd.DataFrame.from_dict(CURVE, orient="index", columns=["projects", "federal_mxn"])
    out.loc[2002, "projects"] = anchors.projects_2002
    out.loc[2007, "federal_mxn"] = anchors.federal_2007_seen + anchors.zacatecas_2007
    out.loc[2019, "federal_mxn"] = anchors.federal_2019
    return out


def zacatecas_share(yearly: pd.DataFrame, anchors: Anchors) -> pd.Series:
    """Zacatecas's share of national projects and federal money per year (interpolated, held flat outside)."""
    federal = {2007: anchors.zacatecas_2007, **anchors.zacatecas_federal}
    points = pd.Series({y: v / yearly.loc[y, "federal_mxn"] for y, v in federal.items()})
    return points.reindex(YEARS).interpolate(limit_direction="both")


def state_shares(spending_2007: pd.DataFrame, state_keys: list[str], zacatecas: pd.Series) -> pd.DataFrame:
    """Share of each state (columns = cve_ent) per year (index), rows summing to 1; `zacatecas` is
    Zacatecas's share per year (`zacatecas_share`), the others split the rest as in 2007."""
    federal = spending_2007.set_index("cve_ent")["federal_mxn"].astype("float64").reindex(state_keys).fillna(0.0)
    federal = federal.drop(ZACATECAS, errors="ignore")
    base = federal / federal.sum()
    base = base.where(base > 0, FLOOR_SHARE)
    base = base / base.sum()
    shares = pd.DataFrame(np.outer(1 - zacatecas.to_numpy(), base.to_numpy()), index=list(YEARS), columns=base.index)
    shares[ZACATECAS] = zacatecas.to_numpy()
    return shares[sorted(shares.columns)]


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers summing to `total` in proportion to `weights` (largest remainder; deterministic)."""
    weights = np.asarray(weights, dtype="float64")
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    exact = total * weights / weights.sum()
    out = np.floor(exact).astype(int)
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _rank(values: pd.Series) -> pd.Series:
    return values.rank(pct=True)


def municipality_scores(municipalities: pd.DataFrame, indicator_values: pd.DataFrame) -> pd.Series:
    """Migration score in [0, 1] per cvegeo (0 where no migration data): where migrants come from."""
    iv = indicator_values
    def indicator(indicator_id: str, year: int | None) -> pd.Series:
        rows = iv[(iv["indicator_id"] == indicator_id) & ((iv["year"] == year) if year else True)]
        return rows.groupby("cvegeo")["value"].mean()
    parts = pd.DataFrame({
        "intensity": _rank(indicator("migration_intensity_index", 2010)),  # 2010 method: higher = more
        "homes": _rank(indicator("remittance_homes_pct", 2010)),
        "usd": _rank(indicator("remittances_usd", None)),
    }).reindex(municipalities["cvegeo"])
    weights = pd.Series({"intensity": 0.5, "homes": 0.25, "usd": 0.25})
    have = parts.notna()
    score = (parts.fillna(0) * weights).sum(axis=1) / (have * weights).sum(axis=1).replace(0, np.nan)
    return score.fillna(0.0).rename("score")


def pool_fractions(anchors: Anchors) -> pd.Series:
    """Share of the final municipality pool that has entered by each year: the cited municipalities
    of 2002 and of the first ten years (to 2011), all of it by 2019; linear in between."""
    points = {2002: anchors.municipalities_2002 / POOL_SIZE, 2011: MUNICIPALITIES_2011 / POOL_SIZE, 2019: 1.0}
    return pd.Series(points).reindex(YEARS).interpolate()


def pool_sizes(shares: pd.DataFrame, municipalities_per_state: pd.Series) -> pd.Series:
    """Municipalities per state that ever get a project: POOL_SIZE split by share^0.7, capped by
    the state's municipalities (big states are not all-covered; small ones get at least one)."""
    weight = shares.mean() ** 0.7
    cap = municipalities_per_state.reindex(weight.index).fillna(1).astype(int)
    sizes = pd.Series(0, index=weight.index)
    free = pd.Series(True, index=weight.index)
    for _ in range(len(weight)):  # hand what a full state cannot take to the others
        left = POOL_SIZE - sizes[~free].sum()
        sizes[free] = allocate(int(left), weight[free].to_numpy())
        full = free & (sizes >= cap)
        if not full.any():
            break
        sizes[full] = cap[full]
        free &= ~full
    return sizes.clip(lower=1, upper=cap)
