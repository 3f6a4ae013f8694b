"""The build: raw files -> one clean, typed, keyed store, replaced atomically.

Order matters only where a reader needs what an earlier step made: the boundaries give the
2,475-key base and the place names; the census population feeds per-person figures; the place
resolver serves the readers whose files carry names instead of keys.
"""
from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from core.accounting import concat_rejects, relative_name
from core.names import normalize_name
from etl.base import BuildContext, SourceResult
from etl.projects.calibrate import calibrate
from etl.projects.demo import DemoInputs, generate_demo_projects
from etl.projects.importer import import_project_list
from etl.places import PlaceResolver
from etl.quality import QualityReport, build_quality_report, write_calibration
from geodata.boundaries import load_boundaries, to_wkb_frame
from geodata.layer_job import LayerJob
from store.database import default_url, replacing_store, write_tables

# Readers in `etl/sources/`, in build order. Population comes first: remittances per person need it.
SOURCE_MODULES = [
    "inegi_population",
    "coneval_poverty",
    "coneval_social_lag",
    "conapo_marginalization",
    "conapo_migration",
    "banxico_remittances",
    "violence",
    "disasters_2017",
    "disasters_2019_2025",
    "cenapred_impacts",
    "inegi_inpc",
    "program_3x1_2007",
    "cuenta_publica",
    "inegi_localities",
]

# Readers whose files carry names, not keys: they need the place resolver.
NAME_ONLY_SOURCES = {"disasters_2017", "disasters_2019_2025", "cenapred_impacts"}

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    db_url: str
    report: QualityReport
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows written


def assemble_municipalities(base: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """The `municipalities` table: the boundary base + census population (which vintages have data is
    read from `indicator_values`, so it is not repeated here)."""
    return base.merge(population, on="cvegeo", how="left", validate="1:1")


def place_names_table(names: pd.DataFrame) -> pd.DataFrame:
    """Every spelling of every municipality, with its normalised form for search and matching."""
    out = names[["cvegeo", "name", "name_source"]].dropna().drop_duplicates(["cvegeo", "name"]).copy()
    out["name_normalized"] = out["name"].map(normalize_name)
    return out.reset_index(drop=True)


def _run_source(module_name: str, raw_dir: Path, context: BuildContext) -> SourceResult:
    module = importlib.import_module(f"etl.sources.{module_name}")
    return module.load(raw_dir, context)


def _merge_tables(results: list[SourceResult]) -> dict[str, pd.DataFrame]:
    merged: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        for name, frame in result.tables.items():
            merged.setdefault(name, []).append(frame)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in merged.items()}


def build(
    raw_dir: Path,
    build_dir: Path,
    db_url: str | None = None,
    base_year: int = 2018,
    progress: Progress = print,
    project_files: list[Path] | None = None,
    with_layers: bool = True,
) -> BuildResult:
    """Read every raw source, write a new store and swap it in; write the quality report.

    `project_files` are real 3x1 project lists (CSV/XLSX) to import; without them the build
    generates the labelled demonstration list. Raises etl.base.RawDataError for a file that cannot
    be read as published; the previous store is then left untouched. `with_layers=False` keeps the
    existing map layers (for tests and tools that need only the tables).
    """
    started = time.perf_counter()
    raw_dir, build_dir = Path(raw_dir), Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or default_url(build_dir)

    layer_job = LayerJob(raw_dir, build_dir / "layers", enabled=with_layers).start()  # on the second core
    try:
        return _build(raw_dir, build_dir, db_url, base_year, progress, project_files, layer_job, started)
    except BaseException:
        layer_job.cancel()
        raise


def _build(raw_dir: Path, build_dir: Path, db_url: str, base_year: int, progress: Progress,
           project_files: list[Path] | None, layer_job: LayerJob, started: float) -> BuildResult:
    step = time.perf_counter()
    boundaries = load_boundaries(raw_dir)
    progress(f"  boundaries            {len(boundaries.municipalities):>7,} municipalities  {time.perf_counter() - step:5.1f} s")
    base = pd.DataFrame(boundaries.municipalities.drop(columns="geometry"))
    base_cols = ["cvegeo", "cve_ent", "cve_mun", "state_name", "municipality_name"]
    context = BuildContext(raw_dir=raw_dir, municipalities=base[base_cols].copy(), base_year=base_year)
    states = pd.DataFrame(boundaries.states.drop(columns="geometry"))[["cve_ent", "state_name", "state_abbr"]]
    names = [boundaries.names]

    results: list[SourceResult] = []
    for module_name in SOURCE_MODULES:
        step = time.perf_counter()
        if context.resolver is None and module_name in NAME_ONLY_SOURCES:
            # built once the keyed sources have contributed their spellings (aliases)
            context.resolver = PlaceResolver.from_names(states, pd.concat(names, ignore_index=True))
        result = _run_source(module_name, raw_dir, context)
        if "place_names" in result.tables:
            names.append(result.tables.pop("place_names"))
        results.append(result)
        if "population_2020" in result.tables:
            context.municipalities = context.municipalities.merge(
                result.tables.pop("population_2020"), on="cvegeo", how="left", validate="1:1"
            )
        rows = sum(a.rows_read for a in result.accounts)
        progress(f"  {module_name:<21} {rows:>7,} rows            {time.perf_counter() - step:5.1f} s")

    if context.resolver is None:
        context.resolver = PlaceResolver.from_names(states, pd.concat(names, ignore_index=True))
    tables = _merge_tables(results)
    step = time.perf_counter()
    project_results = _projects(project_files or [], raw_dir, context, tables)
    results.extend(project_results)
    for result in project_results:
        tables.update(result.tables)
    progress(f"  {'3x1 projects':<21} {len(tables['projects']):>7,} rows            {time.perf_counter() - step:5.1f} s"
             + ("  (demonstration list: synthetic)" if not project_files else ""))
    tables["municipalities"] = assemble_municipalities(
        base[_municipality_base_columns()], context.municipalities[["cvegeo", "population_2020"]])
    tables["states"] = states
    tables["municipality_geometry"] = to_wkb_frame(boundaries.municipalities, "cvegeo")
    tables["state_geometry"] = to_wkb_frame(boundaries.states, "cve_ent")
    tables["place_names"] = place_names_table(pd.concat(names, ignore_index=True))
    if "crisis_events" in tables:
        tables["crisis_events"] = tables["crisis_events"].assign(event_id=range(1, len(tables["crisis_events"]) + 1))

    boundary_result = SourceResult(source_id="boundaries", accounts=boundaries.accounts, notes=boundaries.notes,
                                   rejects=boundaries.rejects)
    all_results = [boundary_result, *results]
    tables["rejected_rows"] = concat_rejects([r.rejects for r in all_results])
    report = build_quality_report(all_results, tables)
    tables["source_accounting"] = report.accounting_frame()
    tables["build_info"] = _build_info(raw_dir, base_year, report)

    step = time.perf_counter()
    with replacing_store(db_url) as conn:
        write_tables(conn, tables)
        # Layers go live just before the store: a new store never points at old layer files.
        files = layer_job.finish()
        progress(f"  map layers            {files:>7,} files  (waited {time.perf_counter() - step:4.1f} s)")
    progress(f"  store written                                 {time.perf_counter() - step:5.1f} s")
    report.write(build_dir)
    if "calibration_results" in tables:
        write_calibration(tables["calibration_results"], build_dir)
    return BuildResult(db_url=db_url, report=report, seconds=time.perf_counter() - started,
                       tables={name: len(frame) for name, frame in tables.items()})


def _projects(files: list[Path], raw_dir: Path, context: BuildContext,
              tables: dict[str, pd.DataFrame]) -> list[SourceResult]:
    """Import the given real project lists, or generate the demonstration list and its calibration."""
    if files:
        results = [import_project_list(Path(f), context.resolver, context.municipalities, tables.get("localities"),
                                       source_file=relative_name(Path(f), raw_dir)) for f in files]
        merged = pd.concat([r.tables["projects"] for r in results], ignore_index=True)
        results[0].tables = {"projects": merged}
        for r in results[1:]:
            r.tables = {}
        return results
    demo = generate_demo_projects(DemoInputs(
        municipalities=context.municipalities, indicator_values=tables["indicator_values"],
        program_state_spending=tables["program_state_spending"], calibration_facts=tables["calibration_facts"],
        localities=tables.get("localities"),
    ))
    note = (f"no project list given: {len(demo):,} demonstration projects generated (fixed seed), every row "
            "is_synthetic = true; calibration table in calibration.md")
    return [SourceResult(source_id="program_3x1_demo", notes=[note],
                         tables={"projects": demo, "calibration_results": calibrate(demo, tables["calibration_facts"])})]


def _municipality_base_columns() -> list[str]:
    return ["cvegeo", "cve_ent", "cve_mun", "state_name", "municipality_name", "geometry_source",
            "centroid_lon", "centroid_lat", "area_km2"]


def _build_info(raw_dir: Path, base_year: int, report: QualityReport) -> pd.DataFrame:
    info = {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "raw_dir": str(raw_dir.resolve()),
        "constant_pesos_base_year": str(base_year),
        "deflator_method": "annual mean of the monthly INPC (INEGI, base 2Q July 2018 = 100)",
        "accounting_balanced": json.dumps(report.balanced),
    }
    return pd.DataFrame({"key": list(info), "value": list(info.values())})
