"""Each cited figure next to the same figure computed from the demonstration list.

The cited figures come from news and official statements that disagree with one another; the
table shows where the demonstration list lands against each, and says how the demo value was
computed, or why it cannot be (club counts: the demo's clubs are numbered placeholders).
One row per cited fact, in the order of the facts file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.names import fold
from etl.projects.catalog import PRODUCTIVE
from store.schema import conform

_NO_CLUBS = ("not computed: the demonstration list's clubs are invented placeholders (one or two per "
             "municipality, at most 999), not a model of how many clubs or US states took part")


@dataclass(frozen=True)
class Rule:
    """How one cited metric is measured on the demo list."""

    measure: str  # count | municipalities | sum:<column> | mean:<column> | drop:federal_mxn | none
    text: str  # what the demo value is (or why there is none)


def years_of(period: str) -> tuple[int, int] | None:
    """'2002' -> (2002, 2002); '2002-2012'; '2002-c.2011' -> (2002, 2011); '>10 yrs' -> the first ten
    years (2002, 2011); 'c.2009-2012' (three years) -> (2009, 2011)."""
    text = str(period)
    if text.startswith(">10"):
        return 2002, 2011
    found = [int(y) for y in re.findall(r"(?:19|20)\d\d", text)]
    if not found:
        return None
    first, last = found[0], found[-1]
    if "3 years" in text or text.startswith("c.2009"):
        last = first + 2
    return first, last


def rule_for_fact(scope: str, metric: str) -> Rule:
    """The measure that matches a cited metric, by its words."""
    m = fold(metric)
    if "club" in m and "contribution" not in m or "us states" in m:
        return Rule("none", _NO_CLUBS)
    if "covam" in m or "session" in m:
        return Rule("count", "projects in the whole year in the demo; the cited figure is one committee session")
    if "productive" in m:
        return Rule("count:productive",
                    "demo productive projects in these years (the cited PPFP is one BID-funded line)")
    if "municipalities" in m:
        return Rule("municipalities", "distinct municipalities with a demo project")
    if "example project" in m:
        return Rule("mean:total_mxn", "mean total of the demo projects in the same state and year (the cited figure "
                                      "is one large project)")
    if "reduction" in m:
        return Rule("drop:federal_mxn", "demo federal money of the year before minus this year's")
    if "migrant" in m:
        return Rule("sum:migrant_mxn", "sum of the demo migrant contributions")
    if m.startswith("state"):
        return Rule("sum:state_mxn", "sum of the demo state contributions")
    if "federal" in m or "pef" in m or "sedesol" in m:
        return Rule("sum:federal_mxn", "sum of the demo federal contributions")
    if any(w in m for w in ("total", "budget", "cost", "exercised")):
        return Rule("sum:total_mxn", "sum of the demo totals (four partners)")
    if "project" in m or "obras" in m:
        return Rule("count", "number of demo projects")
    return Rule("none", "not computed: no rule reads this metric from the demo list")


def scope_mask(demo: pd.DataFrame, scope: str) -> tuple[pd.Series, str]:
    """Rows of the demo list in a cited scope ('national', a state, 'Guanajuato/Villagrán', the
    '31 states' of the 2007 table: all but Zacatecas, whose row was lost, and the Distrito Federal)."""
    norm = fold(scope)
    states = demo["state_name"].map(fold)
    if norm.startswith("national"):
        return pd.Series(True, index=demo.index), "national"
    if norm.startswith("31 states"):
        return ~demo["cvegeo"].str[:2].isin(["09", "32"]), "all states but Zacatecas and Ciudad de México"
    state = fold(str(scope).split("/")[0])  # "Guanajuato/Villagrán": the state's projects
    return states.str.startswith(state).fillna(False).astype(bool), str(scope).split("/")[0]


def _measure(rows: pd.DataFrame, previous: pd.DataFrame, measure: str) -> float | None:
    if measure == "count":
        return float(len(rows))
    if measure == "count:productive":
        return float((rows["project_category"] == PRODUCTIVE).sum())
    if measure == "municipalities":
        return float(rows["cvegeo"].nunique())
    kind, _, column = measure.partition(":")
    if kind == "sum":
        return float(rows[column].sum())
    if kind == "mean":
        return float(rows[column].mean()) if len(rows) else None
    if kind == "drop":
        return float(previous[column].sum() - rows[column].sum())
    return None


def calibrate(demo: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """calibration_results: one row per cited fact, with the demo's value and how it was computed."""
    out = []
    for fact in facts.to_dict(orient="records"):
        rule = rule_for_fact(fact["scope"], fact["metric"])
        years = years_of(fact["period"])
        demo_value, comparison = None, rule.text
        if rule.measure != "none" and years is not None:
            in_scope, scope_text = scope_mask(demo, fact["scope"])
            in_years = demo["fiscal_year"].between(*years)
            prior = demo["fiscal_year"].between(years[0] - 1, years[1] - 1)
            demo_value = _measure(demo[in_scope & in_years], demo[in_scope & prior], rule.measure)
            span = str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
            comparison = f"{rule.text}; {scope_text}, {span}"
            if demo_value is not None and fact["value"]:
                comparison += f"; demo/cited = {demo_value / float(fact['value']):.2f}"
        elif years is None and rule.measure != "none":
            comparison = f"not computed: the period '{fact['period']}' names no year"
        out.append({"period": fact["period"], "scope": fact["scope"], "metric": fact["metric"],
                    "cited_value": float(fact["value"]), "demo_value": np.nan if demo_value is None else demo_value,
                    "unit": fact["unit"], "comparison": comparison, "source_url": fact.get("source_url")})
    columns = ["period", "scope", "metric", "cited_value", "demo_value", "unit", "comparison", "source_url"]
    return conform(pd.DataFrame(out, columns=columns), "calibration_results")
