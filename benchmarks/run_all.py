"""`make bench`: every performance benchmark in one run, ONE table at the end.

1. ETL: a full `mapa3x1 build` timed with its peak RSS (benchmarks/bench_etl.py's runner); into
   build/ when the store is missing there, else into a temporary folder (build/ is left alone).
2. Servers on 127.0.0.1: the app (`mapa3x1 serve`, gunicorn, production) and the baselines of
   benchmarks/baseline_apps.py (naive, floor, and the national layer drawn with SVG and Canvas).
3. Pages (browser.py): cold loads, median of `--runs`, localhost and Fast 3G; the pages are loaded
   in turn, round by round, and the ratios are also given round by round (loads made side by side).
4. Callbacks (bench_callbacks.py) and load (bench_load.py) against the app.
5. The table, with the targets of the issue "Performance"; every server started here is stopped,
   also on error or Ctrl-C. Prints figures; asserts nothing (exit code 0 unless a step crashed).

Usage: python benchmarks/run_all.py [--build-dir build] [--port-base 8081] [--runs 5] [--quick]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from _table import machine, mb, table  # noqa: E402
from servers import Servers  # noqa: E402

FAST3G_BYTES_PER_S = 200_000


def warm(url: str, paths: list[str], copies: int = 16) -> None:
    """Load the server side (snapshot, layout) in every worker before the browser measures.

    Each path is asked for `copies` times, 8 at a time, so that each of gunicorn's workers gets some
    (one at a time, the same worker may answer them all), with the page as Referer, as a browser sends:
    the explorer's `/_dash-layout` is the first view of the page it names (dashapp/first_view.py),
    remembered per worker. Without it, a measured load could reach a worker that had not yet read the
    store and built that first view (1.6 s on this machine, against 3 ms once remembered)."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        request = urllib.request.Request(url.rstrip("/") + path, headers={"Referer": url.rstrip("/") + "/"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
        except OSError:
            pass

    with ThreadPoolExecutor(max_workers=8) as pool:
        for path in paths:
            list(pool.map(get, [path] * copies))


def etl(build_dir: Path) -> dict:
    """Wall time and peak RSS of a full build (into build_dir when its store is missing)."""
    from bench_etl import _run

    from mapa3x1.cli import default_raw_dir

    raw = default_raw_dir()
    if not (build_dir / "mapa3x1.sqlite").exists():
        wall, peak = _run([sys.executable, "-m", "mapa3x1", "build", "--raw-dir", str(raw), "--build-dir", str(build_dir)])
        return {"wall_s": wall, "peak_mb": peak, "where": str(build_dir)}
    with tempfile.TemporaryDirectory() as tmp:
        wall, peak = _run([sys.executable, "-m", "mapa3x1", "build", "--raw-dir", str(raw), "--build-dir", tmp])
    return {"wall_s": wall, "peak_mb": peak, "where": "a temporary folder"}


def explorer_condition(build_dir: Path) -> tuple[int, str | None]:
    """How the explorer says "painted": its own flag when assets/map.js sets one, else the polygon count."""
    map_js = ROOT / "dashapp" / "assets" / "map.js"
    if map_js.is_file() and "mapa3x1Painted" in map_js.read_text(encoding="utf-8"):
        return 1, "window.mapa3x1Painted"
    manifest = build_dir / "layers" / "layers.json"
    count = json.loads(manifest.read_text(encoding="utf-8")).get("count", 2475) if manifest.is_file() else 2475
    return int(count), None


def pages(urls: dict[str, str], build_dir: Path, runs: int, fast3g_runs: int) -> dict:
    """Cold loads of every page, interleaved: round r loads each page once, in turn, so a slow minute
    of this shared VM falls on all of them alike and the ratios compare loads made side by side."""
    from bench_page import summarize
    from browser import FAST_3G, chromium, load_page

    polygons, wait_js = explorer_condition(build_dir)
    plan = {  # name: (url, polygons, wait_js, Fast 3G runs, restyles)
        "naive": (urls["naive"], 2475, None, 0, 0),
        "floor": (urls["floor"], 1, None, fast3g_runs, 0),
        "explorer": (urls["app"], polygons, wait_js, fast3g_runs, 0),
        "national SVG": (urls["svg"], 2475, None, 0, 3),
        "national Canvas": (urls["canvas"], 2475, None, 0, 3),
    }
    local = {name: [] for name in plan}
    slow = {name: [] for name, spec in plan.items() if spec[3]}
    with chromium() as browser:
        for url, n, js, _, _ in plan.values():  # one unmeasured load each: the servers warm up
            load_page(browser, url, n, js, None, 180.0)
        for _ in range(runs):
            for name, (url, n, js, _, restyles) in plan.items():
                timeout = 180.0 if name == "naive" else 60.0
                local[name].append(load_page(browser, url, n, js, None, timeout, restyles=restyles))
        for _ in range(max((spec[3] for spec in plan.values()), default=0)):
            for name in slow:
                url, n, js, _, _ = plan[name]
                slow[name].append(load_page(browser, url, n, js, FAST_3G, 90.0))
    out = {name: {"local": summarize(local[name]), "fast3g": summarize(slow[name]) if slow.get(name) else None,
                  "condition": js or f">= {n} polygons drawn"} for name, (_, n, js, _, _) in plan.items()}
    out["paired"] = {  # per round: explorer / floor and naive / explorer of the loads made side by side
        "explorer_over_floor": paired(local["explorer"], local["floor"]),
        "naive_over_explorer": paired(local["naive"], local["explorer"]),
    }
    return out


def paired(top, bottom) -> list[float]:
    """Ratios of the paint times of loads made in the same round (rounds where either did not paint: left out)."""
    return [a.painted_s / b.painted_s for a, b in zip(top, bottom) if a.painted_s and b.painted_s]


def fmt_s(v: float | None) -> str:
    return "not painted" if v is None else f"{v:.2f} s"


def yes(ok: bool | None) -> str:
    return "-" if ok is None else ("yes" if ok else "NO")


def final_table(res: dict) -> str:
    """One row per measure: figures, the issue's target, and whether this run met it."""
    from _table import median, pct

    rows = []
    p = res.get("pages", {})
    floor = p.get("floor", {}).get("local")
    naive = p.get("naive", {}).get("local")
    for name in ("naive", "floor", "explorer"):
        if name not in p:
            continue
        local, slow = p[name]["local"], p[name]["fast3g"]
        if slow is not None:
            fast = f"{fmt_s(slow.paint_s)} painted; {mb(slow.total_bytes)} in all, idle at {slow.everything_s:.1f} s"
        elif name == "naive":
            est = (local.data_before_paint + local.code_before_paint + local.other_before_paint) / FAST3G_BYTES_PER_S
            fast = f"~{est / 60:.0f} min (estimated: bytes / 200 KB/s)"
        else:
            fast = "-"
        target, met = "", None
        if name == "explorer":
            target = "data <= 0.5 MB; Fast 3G painted <= 5 s"
            met = local.data_before_paint <= 500_000 and bool(slow and slow.paint_s and slow.paint_s <= 5)
        rows.append([name, mb(local.data_before_paint), fmt_s(local.paint_s), fast, target, yes(met)])
    explorer = p.get("explorer", {}).get("local")
    if explorer and explorer.paint_s and floor and floor.paint_s:
        ratio = explorer.paint_s / floor.paint_s
        rows.append(["explorer paint / floor paint", "", f"{ratio:.2f} x", paired_text(p, "explorer_over_floor", "x"),
                      "<= 1.5 x", yes(ratio <= 1.5)])
    if explorer and explorer.paint_s and naive and naive.paint_s:
        ratio = naive.paint_s / explorer.paint_s
        rows.append(["naive paint / explorer paint", "", f"{ratio:.1f} x faster",
                     paired_text(p, "naive_over_explorer", "x faster"), ">= 8 x", yes(ratio >= 8)])
    for name in ("national SVG", "national Canvas"):
        if name in p:
            local = p[name]["local"]
            rows.append([name, mb(local.data_before_paint), fmt_s(local.paint_s),
                         f"restyle all {local.restyle_ms or 0:.0f} ms, zoom step {local.zoom_ms or 0:.0f} ms",
                         "renderer choice: lower wins", "-"])
    cb = res.get("callbacks")
    if cb is not None:
        data = cb["results"].get(cb["data_output"]) if cb["data_output"] else None
        if data:
            # the target is judged on the first answer of each payload (computed, not remembered)
            first = data.get("in_process_first") or data["times"]
            repeated = data.get("in_process") or data["times"]
            kb = median(data["wire"]) / 1000
            rows.append(["filter/layer change (data callback)", f"{kb:.1f} KB", "",
                         f"server, first answer p50 {pct(first, 50) * 1000:.1f} ms, p95 {pct(first, 95) * 1000:.1f} ms"
                         f" ({len(first)} payloads); repeated p95 {pct(repeated, 95) * 1000:.1f} ms; loopback "
                         f"p95 {pct(data['times'], 95) * 1000:.1f} ms; geometry: {'YES' if data['geometry'] else 'none'}",
                         "p95 <= 50 ms, a few KB, no geometry",
                         yes(pct(first, 95) <= 0.05 and kb <= 20 and not data["geometry"] and not data["errors"])])
        else:
            rows.append(["filter/layer change (data callback)", "", "", "no data callback found on /",
                         "p95 <= 50 ms, a few KB, no geometry", "-"])
    load = res.get("load")
    if load is not None:
        errors = sum(load["errors"].values())
        rows.append([f"load: {load['clients']} clients, {load['elapsed']:.0f} s", "", "",
                     f"p50 {load['p50'] * 1000:.0f} ms, p95 {load['p95'] * 1000:.0f} ms, p99 {load['p99'] * 1000:.0f} ms; "
                     f"{load['rps']:.0f} req/s; {errors} errors", "p95 <= 300 ms, no errors",
                     yes(load["p95"] <= 0.3 and errors == 0)])
    e = res.get("etl")
    if e is not None:
        rows.append(["ETL full build", "", "", f"{e['wall_s']:.1f} s, peak RSS {e['peak_mb']:.0f} MB",
                     "<= 60 s, <= 2048 MB", yes(e["wall_s"] <= 60 and e["peak_mb"] <= 2048)])
    return table(["row", "data before paint", "paint, localhost", "Fast 3G / figures", "target", "met"], rows)


def paired_text(pages: dict, key: str, unit: str) -> str:
    """The same ratio taken round by round (loads made side by side): median and range."""
    ratios = sorted(pages.get("paired", {}).get(key) or [])
    if not ratios:
        return ""
    return f"per round: median {statistics.median(ratios):.2f} {unit} ({ratios[0]:.2f}-{ratios[-1]:.2f}, {len(ratios)} rounds)"


def save(res: dict, path: Path) -> None:
    """Every figure of the run as JSON (page summaries as dicts), for comparing runs."""
    from dataclasses import asdict, is_dataclass

    def plain(value):
        if is_dataclass(value):
            return asdict(value)
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plain(res), indent=1, default=str), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--port-base", type=int, default=8081, help="five ports from here (default 8081-8085)")
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page and network (default 5)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="load run seconds (default 60)")
    parser.add_argument("--quick", action="store_true", help="3 runs, 15 s of load, no ETL: a smoke run")
    parser.add_argument("--skip-etl", action="store_true")
    args = parser.parse_args(argv)
    build_dir = args.build_dir.resolve()
    runs, duration = (3, 15.0) if args.quick else (args.runs, args.duration)
    started = time.monotonic()
    print(f"Performance benchmarks  {machine()}", flush=True)
    res: dict = {}
    failures: list[str] = []

    def step(name: str, fn) -> None:
        """Run one benchmark; a crash is reported and the others still run."""
        print(f"{name} ...", flush=True)
        try:
            res[name] = fn()
        except Exception as exc:  # noqa: BLE001 - reported in the final table, exit code 1
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()

    if not (args.skip_etl or args.quick) or not (build_dir / "mapa3x1.sqlite").exists():
        step("etl", lambda: etl(build_dir))
    servers = Servers(build_dir / "bench" / "logs")
    py, port = sys.executable, args.port_base
    try:
        print("starting servers ...", flush=True)
        urls = {
            "app": servers.start("app", [py, "-m", "mapa3x1", "serve", "--build-dir", str(build_dir), "--port", str(port)], port),
            "floor": servers.start("floor", [py, str(HERE / "baseline_apps.py"), "floor", "--port", str(port + 1),
                                             "--build-dir", str(build_dir)], port + 1),
            "svg": servers.start("national-svg", [py, str(HERE / "baseline_apps.py"), "national", "--port",
                                                  str(port + 2), "--build-dir", str(build_dir)], port + 2, 300),
            "canvas": servers.start("national-canvas", [py, str(HERE / "baseline_apps.py"), "national", "--canvas",
                                                        "--port", str(port + 3), "--build-dir", str(build_dir)], port + 3, 300),
            "naive": servers.start("naive", [py, str(HERE / "baseline_apps.py"), "naive", "--port", str(port + 4),
                                             "--build-dir", str(build_dir)], port + 4, 300),
        }
        warm(urls["app"], ["/", "/_dash-layout", "/_dash-dependencies"])
        warm(urls["naive"], ["/_dash-layout"], copies=4)  # 104 MB each
        step("pages", lambda: pages(urls, build_dir, runs, runs))
        from bench_callbacks import run as run_callbacks
        from bench_load import run as run_load

        step("callbacks", lambda: run_callbacks(urls["app"], build_dir, "/", 200, 40))
        step("load", lambda: run_load(urls["app"], args.clients, duration, build_dir=build_dir))
    except Exception as exc:  # noqa: BLE001 - a server that would not start
        failures.append(f"servers: {exc}")
        traceback.print_exc()
    finally:
        servers.stop()
        print(f"servers stopped; logs in {servers.log_dir}", flush=True)
    print()
    print(f"Mapa 3x1 performance  {machine()}  ({time.monotonic() - started:.0f} s in all)")
    if "pages" in res:
        print(f"explorer painted = {res['pages']['explorer']['condition']}; cold cache, headless Chromium, "
              f"median of {runs} loads per page, the pages loaded in turn round by round; data = Dash layout/dependencies/callbacks, /layers/, /api/ (not JS/CSS)")
    if "etl" in res:
        print(f"ETL built into {res['etl']['where']}")
    print(final_table(res))
    save(res, build_dir / "bench" / "results.json")
    print(f"(all figures: {build_dir / 'bench' / 'results.json'})")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
