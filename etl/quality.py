"""The data-quality report: for every source, rows read, loaded, rejected by reason, municipality
coverage against the 2,475, and which municipalities each vintage lacks. Written as Markdown and
JSON into the build folder; its summary is printed at the end of a build."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.base import SourceResult

EXPECTED_MUNICIPALITIES = 2475


@dataclass
class QualityReport:
    files: list[dict] = field(default_factory=list)  # one per raw file: accounting + reject reasons
    vintages: list[dict] = field(default_factory=list)  # one per (indicator, year): coverage + missing keys
    notes: dict[str, list[str]] = field(default_factory=dict)  # source_id -> notes
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        return all(f["rows_read"] == f["rows_loaded"] + f["rows_rejected"] for f in self.files)

    def accounting_frame(self) -> pd.DataFrame:
        cols = ["source_id", "source_file", "rows_read", "rows_loaded", "rows_rejected", "municipalities_covered"]
        return pd.DataFrame([{c: f.get(c) for c in cols} for f in self.files], columns=cols)

    def to_json(self) -> dict:
        return {"balanced": self.balanced, "files": self.files, "vintages": self.vintages,
                "notes": self.notes, "tables": self.tables}

    def summary_lines(self) -> list[str]:
        """A short plain-text summary for the terminal."""
        lines = [f"{'source file':<64} {'read':>8} {'loaded':>8} {'rejected':>8}  ok"]
        for f in self.files:
            ok = "yes" if f["rows_read"] == f["rows_loaded"] + f["rows_rejected"] else "NO"
            lines.append(f"{f['source_file'][:64]:<64} {f['rows_read']:>8,} {f['rows_loaded']:>8,} {f['rows_rejected']:>8,}  {ok}")
        total_rejected = sum(f["rows_rejected"] for f in self.files)
        lines.append(f"{len(self.files)} files; {total_rejected:,} rows rejected with a reason (table rejected_rows); "
                     f"accounting {'balanced' if self.balanced else 'NOT balanced'}")
        return lines

    def to_markdown(self) -> str:
        out = ["# Data-quality report", "",
               f"Accounting: {'every file balances (read = loaded + rejected)' if self.balanced else 'NOT BALANCED'}.", "",
               "## Files", "",
               "| source | file | read | loaded | rejected | municipalities | rejected by reason |",
               "|---|---|---:|---:|---:|---:|---|"]
        for f in self.files:
            reasons = "; ".join(f"{r} ({n:,})" for r, n in f["rejected_by_reason"].items()) or "—"
            cov = "—" if f.get("municipalities_covered") is None else f"{f['municipalities_covered']:,}"
            out.append(f"| {f['source_id']} | `{f['source_file']}` | {f['rows_read']:,} | {f['rows_loaded']:,} | "
                       f"{f['rows_rejected']:,} | {cov} | {_md(reasons)} |")
        out += ["", f"## Coverage per indicator and year (of {EXPECTED_MUNICIPALITIES:,} municipalities)", "",
                "| indicator | year | municipalities | missing | missing keys |", "|---|---:|---:|---:|---|"]
        for v in self.vintages:
            keys = ", ".join(v["missing_keys"][:30]) + (" …" if len(v["missing_keys"]) > 30 else "")
            out.append(f"| {v['indicator_id']} | {v['year']} | {v['municipalities']:,} | {v['missing']:,} | {keys} |")
        out += ["", "## Notes", ""]
        for source, notes in self.notes.items():
            for note in notes:
                out.append(f"- **{source}**: {_md(note)}")
        out += ["", "## Tables written", "", "| table | rows |", "|---|---:|"]
        out += [f"| {name} | {rows:,} |" for name, rows in sorted(self.tables.items())]
        return "\n".join(out) + "\n"

    def write(self, build_dir: Path) -> tuple[Path, Path]:
        md, js = Path(build_dir) / "quality_report.md", Path(build_dir) / "quality_report.json"
        md.write_text(self.to_markdown(), encoding="utf-8")
        js.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        return md, js


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def build_quality_report(results: list[SourceResult], tables: dict[str, pd.DataFrame]) -> QualityReport:
    """Collect accounting, reject reasons and per-vintage coverage from the readers' results."""
    report = QualityReport()
    for result in results:
        reasons = result.rejects.groupby(["source_file", "reason"]).size() if not result.rejects.empty else pd.Series(dtype=int)
        for account in result.accounts:
            by_reason = {}
            if account.source_file in reasons.index.get_level_values(0):
                by_reason = {str(r): int(n) for r, n in reasons.loc[account.source_file].items()}
            report.files.append({
                "source_id": result.source_id,
                "source_file": account.source_file,
                "rows_read": int(account.rows_read),
                "rows_loaded": int(account.rows_loaded),
                "rows_rejected": int(account.rows_rejected),
                "municipalities_covered": account.municipalities_covered,
                "rejected_by_reason": by_reason,
            })
        if result.notes:
            report.notes[result.source_id] = list(result.notes)
    report.vintages = vintage_coverage(tables.get("indicator_values"), tables.get("municipalities"))
    report.tables = {name: len(frame) for name, frame in tables.items()}
    return report


def vintage_coverage(values: pd.DataFrame | None, municipalities: pd.DataFrame | None) -> list[dict]:
    """For each (indicator, year): how many of the base municipalities have a value, and which lack one."""
    if values is None or municipalities is None or values.empty:
        return []
    keys = set(municipalities["cvegeo"])
    present = values[values["value"].notna()].groupby(["indicator_id", "year"])["cvegeo"]
    out = []
    for (indicator, year), group in present:
        have = set(group.astype(object))
        missing = sorted(keys - have)
        out.append({"indicator_id": indicator, "year": int(year), "municipalities": len(have & keys),
                    "missing": len(missing), "missing_keys": missing})
    return out


def calibration_markdown(calibration: pd.DataFrame) -> str:
    """The demonstration list against each cited figure, as a Markdown table."""
    lines = ["# Demonstration list: calibration against cited figures", "",
             "Every project in the demonstration list is synthetic. Each row compares a figure cited by the "
             "press or an official statement with the same figure computed from the demonstration list.", "",
             "| period | scope | metric | cited | demo | demo / cited | how |", "|---|---|---|---:|---:|---:|---|"]
    for row in calibration.itertuples():
        demo = "—" if pd.isna(row.demo_value) else f"{row.demo_value:,.0f}"
        ratio = "—" if pd.isna(row.demo_value) or not row.cited_value else f"{row.demo_value / row.cited_value:.2f}"
        lines.append(f"| {_md(row.period)} | {_md(row.scope)} | {_md(row.metric)} | {row.cited_value:,.0f} | {demo} | "
                     f"{ratio} | {_md(row.comparison)} |")
    return "\n".join(lines) + "\n"


def write_calibration(calibration: pd.DataFrame, build_dir: Path) -> Path:
    """Write calibration.md and calibration.csv beside the quality report."""
    path = Path(build_dir) / "calibration.md"
    path.write_text(calibration_markdown(calibration), encoding="utf-8")
    calibration.to_csv(Path(build_dir) / "calibration.csv", index=False)
    return path
