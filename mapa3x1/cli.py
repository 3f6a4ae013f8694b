"""`mapa3x1`: the one command-line entry point (build, fetch, serve).

Bad input ends with exit code 2 and a message naming the file, the place in it and the fix,
never a traceback; the previous store stays in place.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXIT_BAD_INPUT = 2


def default_raw_dir() -> Path:
    """MAPA3X1_RAW_DIR, else ../shared/data beside the project when it exists, else data/raw."""
    env = os.environ.get("MAPA3X1_RAW_DIR")
    if env:
        return Path(env)
    for candidate in (Path.cwd().parent / "shared" / "data", PROJECT_ROOT.parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return PROJECT_ROOT / "data" / "raw"


def store_is_stale(db_url: str | None, build_dir: Path, raw_dir: Path) -> bool:
    """True when the SQLite store is missing or older than any raw file (other databases: always rebuild)."""
    from store.database import default_url, sqlite_path

    path = sqlite_path(db_url or default_url(build_dir))
    if path is None or not path.exists():
        return True
    built = path.stat().st_mtime
    return any(f.stat().st_mtime > built for f in raw_dir.rglob("*") if f.is_file())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mapa3x1", description="Mapa 3x1: build the store, fetch raw data.")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="read the raw sources and write the store and the quality report")
    build.add_argument("--raw-dir", type=Path, default=None,
                       help="raw data folder (env MAPA3X1_RAW_DIR; default ../shared/data if present, else data/raw)")
    build.add_argument("--build-dir", type=Path, default=Path("build"), help="output folder (default build/)")
    build.add_argument("--db", default=os.environ.get("DATABASE_URL"),
                       help="SQLAlchemy URL (env DATABASE_URL; default sqlite:///<build-dir>/mapa3x1.sqlite)")
    build.add_argument("--base-year", type=int, default=2018, help="year of the constant pesos (default 2018)")
    build.add_argument("--if-stale", action="store_true",
                       help="skip the build when the store exists and is newer than every raw file")
    build.add_argument("--projects", type=Path, action="append", default=None, metavar="FILE",
                       help="a real 3x1 project list (CSV or XLSX); repeat for several files (env MAPA3X1_PROJECTS, "
                            "paths separated by ':'). Without it the build generates a labelled demonstration list.")

    fetch = sub.add_parser("fetch", help="download the raw files into data/raw and verify their checksums")
    fetch.add_argument("--dest", type=Path, default=PROJECT_ROOT / "data" / "raw")
    fetch.add_argument("--mirror", default=os.environ.get("MAPA3X1_RAW_MIRROR"),
                       help="base URL serving the raw folder's files (env MAPA3X1_RAW_MIRROR)")
    serve = sub.add_parser("serve", help="serve the app on the store (production mode under gunicorn)")
    serve.add_argument("--build-dir", type=Path, default=Path("build"))
    serve.add_argument("--db", default=os.environ.get("DATABASE_URL"), help="SQLAlchemy URL of the store")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.add_argument("--threads", type=int, default=4)
    serve.add_argument("--dev", action="store_true", help="Dash debug mode with hot reload (never in production)")
    return parser


def _serve(args: argparse.Namespace) -> int:
    from store.database import default_url, sqlite_path

    build_dir = args.build_dir.resolve()
    db_url = args.db or default_url(build_dir)
    path = sqlite_path(db_url)
    if path is not None and not path.exists():
        print(f"error: no store at {path}. Fix: run `mapa3x1 build --build-dir {args.build_dir}` first.",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    os.environ["MAPA3X1_BUILD_DIR"] = str(build_dir)
    os.environ["DATABASE_URL"] = db_url
    if args.dev:
        from dashapp.app import create_app

        create_app().run(host=args.host, port=args.port, debug=True)
        return 0
    from dashapp.gunicorn_app import run

    return run(host=args.host, port=args.port, workers=args.workers, threads=args.threads)


def _build(args: argparse.Namespace) -> int:
    from etl.build import build

    raw_dir = args.raw_dir or default_raw_dir()
    if not raw_dir.is_dir():
        print(f"error: raw data folder {raw_dir} does not exist. Fix: run `mapa3x1 fetch`, or pass --raw-dir "
              f"(or set MAPA3X1_RAW_DIR) to the folder holding MANIFEST.csv.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.if_stale and not store_is_stale(args.db, args.build_dir, raw_dir):
        print(f"Store in {args.build_dir}/ is newer than the raw data in {raw_dir}: not rebuilt.")
        return 0
    projects = args.projects or [Path(p) for p in os.environ.get("MAPA3X1_PROJECTS", "").split(os.pathsep) if p]
    missing = [p for p in projects if not p.is_file()]
    if missing:
        print(f"error: project list {missing[0]} not found. Fix: check the path given to --projects.", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Building the store from {raw_dir} into {args.build_dir}/")
    result = build(raw_dir, args.build_dir, db_url=args.db, base_year=args.base_year, project_files=projects)
    print()
    print("\n".join(result.report.summary_lines()))
    if (args.build_dir / "calibration.md").exists() and not projects:
        print("\n" + (args.build_dir / "calibration.md").read_text(encoding="utf-8"))
    print(f"\nStore: {result.db_url}\nQuality report: {args.build_dir / 'quality_report.md'}")
    print(f"Built in {result.seconds:.1f} s")
    return 0 if result.report.balanced else 1


def _fetch(args: argparse.Namespace) -> int:
    from etl.fetch import fetch

    report = fetch(args.dest, mirror=args.mirror)
    return 0 if report.ok else EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `mapa3x1` console script."""
    from core.errors import RawDataError

    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "fetch":
            return _fetch(args)
        if args.command == "serve":
            return _serve(args)
    except RawDataError as exc:
        print(f"\nBuild failed after {time.perf_counter() - started:.1f} s; the previous store was left in place.",
              file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("\ninterrupted; the previous store was left in place.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
