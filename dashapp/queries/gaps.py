"""Gaps: municipalities ranked by need against the 3x1 pesos per person they received.

`gaps_frame` computes the table with stable column keys; `gaps_table` is the same table with
headings and labels in the reader's language (what the page shows and every export writes).
Ranking: need descending, then pesos per person ascending, so the biggest gaps come first;
municipalities without need data go last.
"""
from __future__ import annotations

import pandas as pd

from dashapp.filters import Filters
from dashapp.i18n import t
from dashapp.queries.coverage import coverage_note, crisis_coverage
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects, money_by_municipality
from dashapp.store import Snapshot
from dashapp.vocabulary import translate_grade

NEEDS = ("pobreza", "marginacion", "declaraciones")
DEFAULT_NEED = "pobreza"
NEED_INDICATORS = {"pobreza": "poverty_pct", "marginacion": "marginalization_grade"}
STATUSES = ("no_data", "no_projects", "with_projects")


def need_of(value: str | None) -> str:
    """A valid need from user input; the default otherwise."""
    return value if value in NEEDS else DEFAULT_NEED


def vintages(snapshot: Snapshot, need: str) -> tuple[int, ...]:
    """The editions (years) the store has of the need's indicator; for declarations, which use none, poverty's."""
    return snapshot.indicator_years.get(NEED_INDICATORS.get(need_of(need), NEED_INDICATORS[DEFAULT_NEED]), ())


def nearest_vintage(years: tuple[int, int], editions: tuple[int, ...]) -> int | None:
    """The edition closest to the middle of the chosen years (the later one on a tie); None without any."""
    middle = (years[0] + years[1]) / 2
    return min(editions, key=lambda v: (abs(v - middle), -v)) if editions else None


def _years(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def _indicator_need(snapshot: Snapshot, need: str, vintage: int | None) -> pd.DataFrame:
    values = snapshot["indicator_values"]
    rows = values[(values["indicator_id"] == NEED_INDICATORS[need]) & (values["year"] == vintage)]
    out = pd.DataFrame({"cvegeo": rows["cvegeo"].astype("string"),
                        "need": pd.to_numeric(rows["value"], errors="coerce").astype("float64"),
                        "need_label": rows["category"].astype("string")})
    return out.dropna(subset=["need"]).drop_duplicates("cvegeo")


def _declarations(snapshot: Snapshot, filters: Filters, cvegeos: pd.Series) -> pd.DataFrame:
    """Declarations per municipality in the chosen years: 0 where a source covers them and names none,
    no value (sin datos) where no source covers any of them."""
    if not crisis_coverage(snapshot, filters).any:
        return pd.DataFrame({"cvegeo": cvegeos.astype("string").to_numpy(), "need": float("nan")})
    events = snapshot["crisis_events"]
    mask = events["year"].between(*filters.crisis_years)
    if filters.phenomenon_group:
        mask &= events["phenomenon_group"] == filters.phenomenon_group
    counts = events[mask].groupby("cvegeo")["declaration_id"].nunique()
    counts.index = counts.index.astype("string")
    need = counts.reindex(cvegeos.astype("string"), fill_value=0).astype("float64")
    return pd.DataFrame({"cvegeo": cvegeos.astype("string").to_numpy(), "need": need.to_numpy()})


def gaps_frame(snapshot: Snapshot, filters: Filters, need: str) -> pd.DataFrame:
    """The ranked gaps table with stable column keys (see `column_keys`) and a `status` code.

    `attrs["vintage"]` holds the survey year used for poverty or marginalization.
    """
    need = need_of(need)
    munis = snapshot["municipalities"]
    if filters.state:
        munis = munis[munis["cve_ent"] == filters.state]
    base = pd.DataFrame({
        "cvegeo": munis["cvegeo"].astype("string").to_numpy(),
        "state": munis["state_name"].astype("string").to_numpy(),
        "municipality": munis["municipality_name"].astype("string").to_numpy(),
        "population_2020": pd.to_numeric(munis["population_2020"], errors="coerce").round().astype("Int64").to_numpy(),
    })
    vintage = nearest_vintage(filters.years, vintages(snapshot, need))
    if need == "declaraciones":
        values = _declarations(snapshot, filters, base["cvegeo"])
    else:
        values = _indicator_need(snapshot, need, vintage)
    out = base.merge(values, on="cvegeo", how="left", validate="one_to_one")
    if "need_label" not in out:
        out["need_label"] = pd.Series(pd.NA, index=out.index, dtype="string")

    money = money_by_municipality(snapshot, filters)
    column = PARTNER_COLUMNS[filters.partner]
    money = pd.DataFrame({"cvegeo": money["cvegeo"].astype("string"),
                          "projects": pd.to_numeric(money["projects"]).astype("int64"),
                          "pesos": pd.to_numeric(money[column], errors="coerce").astype("float64")})
    out = out.merge(money, on="cvegeo", how="left", validate="one_to_one")
    out["projects"] = out["projects"].fillna(0).astype("int64")
    out["pesos"] = out["pesos"].fillna(0.0).astype("float64")
    population = out["population_2020"].astype("float64")
    out["pesos_per_person"] = (out["pesos"] / population.where(population > 0)).astype("float64")

    out["status"] = "with_projects"
    out.loc[out["projects"] == 0, "status"] = "no_projects"
    out.loc[out["need"].isna(), "status"] = "no_data"
    out["is_synthetic"] = _synthetic_flags(snapshot, filters, out["cvegeo"])

    out = out.sort_values(["need", "pesos_per_person", "cvegeo"], ascending=[False, True, True],
                          na_position="last", kind="stable").reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    out.loc[out["status"] == "no_data", "rank"] = pd.NA
    out["rank"] = out["rank"].astype("Int64")
    out.attrs["vintage"] = vintage
    out.attrs["need"] = need
    return out


def _synthetic_flags(snapshot: Snapshot, filters: Filters, cvegeos: pd.Series) -> pd.Series:
    """Per row: its pesos come from demonstration rows (a municipality without projects inherits
    the flag of the whole filtered list, since its zero comes from that list too)."""
    projects = filter_projects(snapshot, filters)
    if not len(projects):
        return pd.Series(snapshot.has_synthetic_projects, index=cvegeos.index, dtype="bool")
    flags = projects["is_synthetic"].astype("bool").groupby(projects["cvegeo"].astype("string")).any()
    whole = bool(flags.any())
    return cvegeos.map(flags).fillna(whole).astype("bool")


def column_keys(need: str) -> list[str]:
    """The columns shown (and exported), in order."""
    keys = ["rank", "cvegeo", "state", "municipality", "need"]
    if need_of(need) == "marginacion":
        keys.append("need_label")
    return keys + ["status", "pesos_per_person", "pesos", "projects", "population_2020", "is_synthetic"]


def headings(snapshot: Snapshot, filters: Filters, need: str, lang: str, vintage: int | None = None) -> dict[str, str]:
    """Column key -> heading in `lang`; headings name the years, vintage, partner and peso kind."""
    need = need_of(need)
    vintage = vintage or nearest_vintage(filters.years, vintages(snapshot, need))
    base = snapshot.info.get("constant_pesos_base_year", "")
    pesos = t(f"pesos.{filters.pesos}", lang, base=base)
    years = _years(filters.years)
    if need == "declaraciones":
        group = filters.phenomenon_group
        need_heading = (t("gaps.col.need.declaraciones_group", lang, years=_years(filters.crisis_years),
                          group=t(f"phenomenon_group.{group}.short", lang)) if group
                        else t("gaps.col.need.declaraciones", lang, years=_years(filters.crisis_years)))
        note = coverage_note(crisis_coverage(snapshot, filters), lang)
        need_heading += f" ({note.rstrip('.')})" if note else ""
    else:
        need_heading = t(f"gaps.col.need.{need}", lang, year=vintage)
    labels = {
        "rank": t("gaps.col.rank", lang), "cvegeo": t("gaps.col.cvegeo", lang),
        "state": t("gaps.col.state", lang), "municipality": t("gaps.col.municipality", lang),
        "need": need_heading, "need_label": t("gaps.col.need_label.marginacion", lang, year=vintage),
        "population_2020": t("gaps.col.population", lang),
        "projects": t("gaps.col.projects", lang, years=years),
        "pesos": t("gaps.col.pesos", lang, years=years, partner=t(f"share.{filters.partner}", lang),
                   pesos=pesos),
        "pesos_per_person": t("gaps.col.per_person", lang),
        "status": t("gaps.col.status", lang), "is_synthetic": t("gaps.col.synthetic", lang),
    }
    return {key: labels[key] for key in column_keys(need)}


def localize(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Status codes, grade labels and flags as words in `lang` (numbers stay numbers)."""
    out = frame.copy()
    out["status"] = out["status"].map(lambda code: t(f"gaps.status.{code}", lang)).astype("string")
    out["is_synthetic"] = out["is_synthetic"].map(lambda flag: t("common.yes" if flag else "common.no", lang))
    if lang == "en":
        out["need_label"] = out["need_label"].map(lambda g: translate_grade(g, lang))
    if frame.attrs.get("need") != "pobreza":
        out["need"] = out["need"].round().astype("Int64")  # a grade or a count
    out["pesos"] = out["pesos"].round(2)
    out["pesos_per_person"] = out["pesos_per_person"].round(2)
    return out


def gaps_table(snapshot: Snapshot, filters: Filters, need: str, lang: str) -> pd.DataFrame:
    """The gaps table exactly as shown and exported: ranked rows, headings in `lang`."""
    frame = gaps_frame(snapshot, filters, need)
    labels = headings(snapshot, filters, need, lang, frame.attrs["vintage"])
    table = localize(frame, lang)[list(labels)].rename(columns=labels)
    table.attrs.update(frame.attrs)
    return table
