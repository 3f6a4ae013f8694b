"""Page benchmark: cold loads of one or more URLs in headless Chromium, on localhost and on "Fast 3G".

For each URL: the median of N cold loads (a fresh browser context each, cache disabled) of
  - map painted: seconds from navigation start until `--polygons` polygons were drawn by Leaflet
    (or until `--wait-js` is truthy), at the next frame;
  - data before paint: bytes on the wire of Dash's layout, dependencies and callbacks, /layers/,
    /api/ and any XHR/fetch finished before that moment (JS and CSS counted apart);
  - Fast 3G (150 ms RTT, 1.6 Mbps down, 750 kbps up): map painted, and "everything" = until the
    network went idle after paint, with the bytes moved in all.
  - restyle all / zoom step: after paint, ms to recolour every drawn polygon (Leaflet setStyle) until
    the next frame (the browser's share of a layer or filter change), and to redraw after one zoom
    step without animation: compare SVG and Canvas with them.
Prints figures; asserts nothing.

Usage:
  python benchmarks/bench_page.py http://127.0.0.1:8081/ --polygons 2475 [--runs 5] [--fast3g-runs 5]
  python benchmarks/bench_page.py URL --wait-js "window.mapa3x1Painted"
  python benchmarks/bench_page.py URL --polygons 2475 --renderer both   # SVG against Canvas on any page
  python benchmarks/bench_page.py URL --runs 1 --fast3g-runs 1 --waterfall   # every request, when, how big
"""
from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import machine, mb, secs, table  # noqa: E402
from browser import FAST_3G, PageLoad, chromium, load_page  # noqa: E402


@dataclass
class Summary:
    """Medians of several cold loads."""

    url: str
    runs: int
    painted: int  # runs that painted before the timeout
    paint_s: float | None
    paint_min_s: float | None
    paint_max_s: float | None
    everything_s: float
    data_before_paint: int
    code_before_paint: int
    other_before_paint: int
    total_bytes: int
    requests: int
    polygons: int
    restyle_ms: float | None = None  # median of every restyle of every run
    zoom_ms: float | None = None  # median redraw after a zoom step (in or out)


def summarize(loads: list[PageLoad]) -> Summary:
    paints = [x.painted_s for x in loads if x.painted_s is not None]
    med = lambda values: int(statistics.median(values)) if values else 0  # noqa: E731
    return Summary(
        url=loads[0].url, runs=len(loads), painted=len(paints),
        paint_s=statistics.median(paints) if paints else None,
        paint_min_s=min(paints) if paints else None, paint_max_s=max(paints) if paints else None,
        everything_s=statistics.median(x.everything_s for x in loads),
        data_before_paint=med([x.before_paint["data"] for x in loads]),
        code_before_paint=med([x.before_paint["code"] for x in loads]),
        other_before_paint=med([x.before_paint["other"] for x in loads]),
        total_bytes=med([sum(x.total.values()) for x in loads]),
        requests=med([x.requests for x in loads]), polygons=med([x.polygons for x in loads]),
        restyle_ms=statistics.median(r) if (r := [v for x in loads for v in x.restyle_ms]) else None,
        zoom_ms=statistics.median(z) if (z := [v for x in loads for v in x.zoom_ms]) else None,
    )


def bench_url(browser, url: str, polygons: int = 1, wait_js: str | None = None, runs: int = 5,
              throttle: dict | None = None, timeout_s: float = 60.0, warmup: bool = True, restyles: int = 0,
              renderer: str | None = None) -> Summary:
    """Median of `runs` cold loads (after one unmeasured load that warms the server, not the browser)."""
    if warmup:
        load_page(browser, url, polygons, wait_js, None, timeout_s)
    return summarize([load_page(browser, url, polygons, wait_js, throttle, timeout_s, restyles=restyles,
                                renderer=renderer) for _ in range(runs)])


def paint_cell(s: Summary) -> str:
    if s.paint_s is None:
        return "not painted"
    spread = f" ({s.paint_min_s:.2f}-{s.paint_max_s:.2f})" if s.runs > 1 else ""
    missing = f" [{s.runs - s.painted} runs timed out]" if s.painted < s.runs else ""
    return f"{s.paint_s:.2f} s{spread}{missing}"


def rows_for(label: str, local: Summary | None, slow: Summary | None) -> list[list[object]]:
    rows = []
    if local is not None:
        rows.append([f"{label} (localhost)", paint_cell(local), mb(local.data_before_paint), mb(local.code_before_paint),
                     mb(local.other_before_paint), secs(local.everything_s), mb(local.total_bytes), local.requests,
                     local.polygons, "-" if local.restyle_ms is None else f"{local.restyle_ms:.0f} ms",
                     "-" if local.zoom_ms is None else f"{local.zoom_ms:.0f} ms"])
    if slow is not None:
        rows.append([f"{label} (Fast 3G)", paint_cell(slow), mb(slow.data_before_paint), mb(slow.code_before_paint),
                     mb(slow.other_before_paint), secs(slow.everything_s), mb(slow.total_bytes), slow.requests,
                     slow.polygons, "-", "-"])
    return rows


def waterfall(load) -> str:
    """Each request's start, end and bytes (seconds from navigation start), and the paint moment."""
    rows = [[f"{start:.2f}", "-" if end is None else f"{end:.2f}", mb(size), cat, url.split("//", 1)[-1][-90:]]
            for start, end, size, cat, url in load.waterfall]
    rows.append([f"{load.painted_s:.2f}" if load.painted_s else "-", "", "", "PAINTED", ""])
    rows.sort(key=lambda r: float(r[0]) if r[0] != "-" else 1e9)
    return table(["start s", "end s", "bytes", "kind", "url"], rows)


HEADERS = ["page", "map painted (median, min-max)", "data before paint", "JS/CSS before paint",
           "HTML etc.", "network idle", "bytes in all", "requests", "polygons drawn",
           "restyle all", "zoom step"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+", help="loopback URLs only")
    parser.add_argument("--polygons", type=int, default=1, help="polygons drawn = map painted (default 1)")
    parser.add_argument("--wait-js", default=None, help="JS expression that is truthy once the map is painted")
    parser.add_argument("--runs", type=int, default=5, help="cold loads on localhost (default 5)")
    parser.add_argument("--fast3g-runs", type=int, default=5, help="cold loads on Fast 3G (default 5; 0 skips)")
    parser.add_argument("--restyles", type=int, default=3, help="restyles timed after each localhost paint")
    parser.add_argument("--renderer", choices=["svg", "canvas", "both"], default=None,
                        help="force Leaflet's renderer (both: measure each URL twice)")
    parser.add_argument("--waterfall", action="store_true", help="print every request of one more load per network")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per load before 'not painted'")
    args = parser.parse_args(argv)
    print(f"Page benchmark  {machine()}")
    rows = []
    with chromium() as browser:
        renderers = ["svg", "canvas"] if args.renderer == "both" else [args.renderer]
        for url in args.urls:
            for renderer in renderers:
                label = url + (f" [{renderer}]" if renderer else "")
                local = bench_url(browser, url, args.polygons, args.wait_js, args.runs, None, args.timeout,
                                  restyles=args.restyles, renderer=renderer)
                slow = (bench_url(browser, url, args.polygons, args.wait_js, args.fast3g_runs, FAST_3G, args.timeout,
                                  warmup=False, renderer=renderer) if args.fast3g_runs else None)
                rows += rows_for(label, local, slow)
                if args.waterfall:
                    for name, throttle in (("localhost", None), ("Fast 3G", FAST_3G)):
                        print(f"\n{label} ({name}), one cold load:")
                        print(waterfall(load_page(browser, url, args.polygons, args.wait_js, throttle, args.timeout,
                                                  renderer=renderer)))
    print()
    print(table(HEADERS, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
