"""Data of the explorer map: values per municipality in the order of the layer files, never geometry.

The layer files number their features with `i`, the position of the municipality in the
cvegeo-sorted list (geodata/layers.py). Sending values as arrays (or strings of one character per
municipality) in that order keeps a restyle to a few KB. Pure functions of (snapshot, filters).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashapp.browser_contract import CRISIS_BITS
from dashapp.filters import Filters
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects, in_constant_pesos
from dashapp.store import Snapshot


@dataclass(frozen=True)
class Layer:
    """A layer of need: which indicator, how it is classed and coloured (its years: `layer_years`)."""

    indicator_id: str
    kind: str  # pct | grade | usd | rate
    breaks: tuple[float, ...] = ()  # class boundaries (lower bound of classes 2..n)
    scheme: str = "need"  # need: YlOrRd (worse = darker); flow: GnBu (migration, no judgement)
    grades: tuple[int, ...] = ()  # the ordinal values of a grade layer, one class each


LAYERS: dict[str, Layer] = {layer.indicator_id: layer for layer in (
    Layer("poverty_pct", "pct", (20, 40, 60, 80)),
    Layer("extreme_poverty_pct", "pct", (5, 10, 20, 40)),
    Layer("social_lag_grade", "grade", grades=(1, 2, 3, 4, 5)),
    Layer("marginalization_grade", "grade", grades=(1, 2, 3, 4, 5)),
    Layer("migration_intensity_grade", "grade", scheme="flow", grades=(0, 1, 2, 3, 4, 5)),
    Layer("remittance_homes_pct", "pct", (2, 5, 10, 20), scheme="flow"),
    Layer("remittances_usd_per_person", "usd", (10, 100, 300, 1000), scheme="flow"),
    Layer("homicide_rate_100k", "rate", (10, 25, 50, 100)),  # one year: the 2019-2021 mean rate
)}
DEFAULT_LAYER = "poverty_pct:2020"
# ColorBrewer, colour-blind safe, sequential
PALETTES = {
    ("need", 5): ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    ("flow", 5): ["#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac"],
    ("flow", 6): ["#f0f9e8", "#ccebc5", "#a8ddb5", "#7bccc4", "#43a2ca", "#0868ac"],
}
NO_DATA_COLOUR = "#bdbdbd"
CIRCLE_COLOURS = {"need": "#54278f", "flow": "#d95f0e"}  # contrasts with YlOrRd / with GnBu
HIGH_MARGINALITY = 4  # marginalization_grade 2020: 4 = Alto, 5 = Muy alto
MAX_RADIUS, MIN_RADIUS = 16, 2  # pixels of the proportional circles


def layer_years(snapshot: Snapshot, layer: Layer) -> tuple[int, ...]:
    """The years the store has values of the layer's indicator for (indicator_values), ascending."""
    return snapshot.indicator_years.get(layer.indicator_id, ())


def parse_layer(snapshot: Snapshot, text: str | None) -> tuple[Layer, int | None]:
    """('<indicator>:<year>') -> the layer and year: an unknown layer is the default one, a year the
    store does not have the layer's latest (None only when the store has no year of that layer)."""
    indicator, _, year = (text or "").partition(":")
    layer = LAYERS.get(indicator)
    if layer is None:
        return parse_layer(snapshot, DEFAULT_LAYER)
    years = layer_years(snapshot, layer)
    if year.isdigit() and int(year) in years:
        return layer, int(year)
    return layer, years[-1] if years else None


def palette(layer: Layer) -> list[str]:
    return PALETTES[(layer.scheme, len(layer.grades) or len(layer.breaks) + 1)]


def frozen(array: np.ndarray) -> np.ndarray:
    """The array made read-only: what a snapshot's memo keeps is shared by every request."""
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class FeatureOrder:
    """The municipalities in the layer files' order: cvegeo (position = the files' `i`) and population."""

    keys: pd.Index
    population: np.ndarray  # population_2020, float64, NaN where unknown


def feature_order(snapshot: Snapshot) -> FeatureOrder:
    """The feature order of this snapshot's municipalities (built once per snapshot)."""
    def build() -> FeatureOrder:
        munis = snapshot["municipalities"].sort_values("cvegeo")
        return FeatureOrder(keys=pd.Index(munis["cvegeo"].astype(str)),
                            population=frozen(munis["population_2020"].astype("float64").to_numpy()))
    return snapshot.derived("explorer.feature_order", build)


def keys(snapshot: Snapshot) -> pd.Index:
    """cvegeo of every municipality in feature order (position = the layer files' `i`)."""
    return feature_order(snapshot).keys


def indicator_array(snapshot: Snapshot, indicator_id: str, year: int) -> np.ndarray:
    """The indicator's values in feature order (NaN where there is none), read-only, memoised per snapshot."""
    def build() -> np.ndarray:
        values = snapshot["indicator_values"]
        rows = values[(values["indicator_id"] == indicator_id) & (values["year"] == year)]
        series = pd.Series(rows["value"].to_numpy(dtype="float64"), index=rows["cvegeo"].astype(str))
        return frozen(series[~series.index.duplicated()].reindex(keys(snapshot)).to_numpy())
    return snapshot.memo("explorer.indicator_arrays").get((indicator_id, year), build)


def classify(values: np.ndarray, layer: Layer) -> np.ndarray:
    """Class index per value (0 = lightest), -1 where there is no value."""
    values = np.asarray(values, dtype="float64")
    out = np.full(len(values), -1, dtype=int)
    ok = ~np.isnan(values)
    if layer.grades:
        lookup = {g: i for i, g in enumerate(layer.grades)}
        out[ok] = [lookup.get(int(v), -1) for v in values[ok]]
    else:
        out[ok] = np.searchsorted(np.asarray(layer.breaks, dtype="float64"), values[ok], side="right")
    return out


def _digits(layer: Layer) -> int:
    return {"pct": 1, "rate": 1, "usd": 0, "grade": 0}[layer.kind]


def need_style(snapshot: Snapshot, layer: Layer, year: int) -> dict:
    """Classes as a string (one character per municipality, 'x' = no data) and rounded values."""
    values = indicator_array(snapshot, layer.indicator_id, year)
    classes = classify(values, layer)
    digits = _digits(layer)
    rounded = [None if np.isnan(v) else (round(float(v), digits) if digits else int(round(v))) for v in values]
    return {"k": "".join("x" if c < 0 else str(c) for c in classes), "v": None if layer.grades else rounded,
            "pal": palette(layer), "nd": NO_DATA_COLOUR, "digits": digits,
            "counts": [int((classes == c).sum()) for c in range(len(palette(layer)))] + [int((classes < 0).sum())]}


def crisis_events(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """Declarations (one row per municipality named) in the chosen years and phenomenon group."""
    events = snapshot["crisis_events"]
    mask = events["year"].between(*filters.crisis_years)
    if filters.phenomenon_group:
        mask &= events["phenomenon_group"] == filters.phenomenon_group
    if filters.state:
        mask &= events["cvegeo"].astype(str).str.startswith(filters.state)
    return events[mask]


def crisis_codes(snapshot: Snapshot, filters: Filters) -> str:
    """One character per municipality: the OR of the bits (browser_contract.CRISIS_BITS) of its groups."""
    events = crisis_events(snapshot, filters)
    codes = np.zeros(len(keys(snapshot)), dtype=int)
    where = keys(snapshot).get_indexer(events["cvegeo"].astype(str))
    bits = events["phenomenon_group"].map(CRISIS_BITS).fillna(0).astype(int).to_numpy()
    ok = where >= 0
    np.bitwise_or.at(codes, where[ok], bits[ok])
    return "".join(map(str, codes))


def localities_geojson(snapshot: Snapshot, filters: Filters, cvegeo: str | None, limit: int = 1500) -> dict:
    """Project localities (points) of the selected municipality, or of the state filter; small on purpose.

    Properties: n (name, shown as text), p (projects), m (the chosen partner's pesos, constant or current)."""
    projects = filter_projects(snapshot, filters)
    scope = cvegeo or filters.state
    if not scope or projects.empty:
        return {"type": "FeatureCollection", "features": []}
    projects = projects[projects["cvegeo"].astype(str).str.startswith(scope) & projects["cvegeo_loc"].notna()]
    if filters.pesos == "constant":
        projects = in_constant_pesos(projects, snapshot)
    per = projects.groupby(projects["cvegeo_loc"].astype(str)).agg(p=("project_id", "size"),
                                                                 m=(PARTNER_COLUMNS[filters.partner], "sum"))
    places = snapshot.derived("explorer.localities", lambda: snapshot["localities"].set_index("cvegeo_loc")[
        ["locality_name", "lon", "lat"]])
    per = per.join(places, how="inner", validate="one_to_one").dropna(subset=["lon", "lat"])
    per = per.sort_values("m", ascending=False).head(limit)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
         "properties": {"n": str(name), "p": int(p), "m": int(round(m or 0))}}
        for name, lon, lat, p, m in zip(per["locality_name"], per["lon"], per["lat"], per["p"], per["m"])]}


def facts(snapshot: Snapshot, cvegeo: str) -> list[tuple[Layer, int, float]]:
    """(layer, year, value) of every map layer at its latest year with a value for this municipality."""
    position = keys(snapshot).get_loc(cvegeo)
    out = []
    for layer in LAYERS.values():
        for year in reversed(layer_years(snapshot, layer)):
            value = indicator_array(snapshot, layer.indicator_id, year)[position]
            if not np.isnan(value):
                out.append((layer, year, float(value)))
                break
    return out


def nearest_state(snapshot: Snapshot, lat: float, lon: float) -> str | None:
    """The state of the municipality whose inner point is nearest to (lat, lon)."""
    munis = snapshot["municipalities"]
    if munis.empty:
        return None
    d2 = (munis["centroid_lat"] - lat) ** 2 + ((munis["centroid_lon"] - lon) * np.cos(np.radians(lat))) ** 2
    return str(munis["cve_ent"].iloc[int(np.argmin(d2.to_numpy()))])
