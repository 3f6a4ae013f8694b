"""What the store holds, for `/datos`: indicator coverage per year and a summary of the other layers.

Pure functions of a Snapshot; the page only formats them.
"""
from __future__ import annotations

import pandas as pd

from dashapp.store import Snapshot


def indicator_coverage(snapshot: Snapshot) -> pd.DataFrame:
    """Per indicator and year: municipalities with a value, out of the store's municipalities."""
    values = snapshot["indicator_values"]
    values = values[values["value"].notna()]
    counts = values.groupby(["indicator_id", "year"])["cvegeo"].nunique().rename("municipalities").reset_index()
    counts["total"] = len(snapshot["municipalities"])
    counts["share_pct"] = 100 * counts["municipalities"] / counts["total"].where(counts["total"] > 0)
    return counts.sort_values(["indicator_id", "year"], kind="stable").reset_index(drop=True)


def layer_catalog(snapshot: Snapshot) -> pd.DataFrame:
    """indicator_catalog plus its years and coverage per year ([(year, municipalities)]), catalogue order."""
    catalog = snapshot["indicator_catalog"].copy()
    coverage = indicator_coverage(snapshot)
    per = {key: list(zip(group["year"].astype(int), group["municipalities"].astype(int)))
           for key, group in coverage.groupby("indicator_id")}
    catalog["coverage"] = catalog["indicator_id"].map(lambda key: per.get(key, []))
    return catalog.reset_index(drop=True)


def _span(years: pd.Series) -> tuple[int, int] | None:
    years = pd.to_numeric(years, errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def other_layers(snapshot: Snapshot) -> dict[str, dict]:
    """Rows, years and municipalities of the layers that are not indicators."""
    events = snapshot["crisis_events"]
    remittances = snapshot["remittances_municipal"]
    projects = snapshot["projects"]
    synthetic = int(projects["is_synthetic"].astype(bool).sum()) if len(projects) else 0
    return {
        "declarations": {"rows": len(events), "declarations": int(events["declaration_id"].nunique()),
                         "municipalities": int(events["cvegeo"].nunique()), "years": _span(events["year"])},
        "remittances": {"rows": len(remittances), "municipalities": int(remittances["cvegeo"].nunique()),
                        "years": _span(remittances["year"])},
        "projects": {"rows": len(projects), "synthetic": synthetic,
                     "municipalities": int(projects["cvegeo"].nunique()) if len(projects) else 0,
                     "years": _span(projects["fiscal_year"]) if len(projects) else None},
    }


def safe_url(url: object) -> str | None:
    """Only http(s) links are rendered as links (a stored value is never trusted as a script URL)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else None
