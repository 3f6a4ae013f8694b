"""Callback benchmark: how long the app's Dash callbacks take on the server, and what they return.

1. Capture: headless Chromium loads the page (default `/`) under several filter and layer URLs
   (every page state is a URL; its first view comes with the layout), then changes the need layer as
   a user does (`dash_clientside.set_props`), which makes the page's callbacks fire with that URL's
   filters; every `_dash-update-component` POST body the browser sends is recorded.
2. Replay on loopback: the captured bodies, round robin, `--n` times for the data callback (the one
   whose output matches `--data-output`; by default the explorer's data store `ids.EX_DATA`, else
   the first output naming `hideout`, else `map`)
   and `--n-other` times for every other callback, one at a time with keep-alive. Time = client
   side on 127.0.0.1, so server time plus a fraction of a millisecond.
3. In process: the same bodies through Flask's test client on an app built by `create_app` on the
   same store (no gunicorn, no socket): the server's own time, for each payload's first answer (computed)
   and for the repeated calls (remembered per store, dashapp/answers.py).
Prints p50/p95 per callback, response bytes on the wire (compressed as the browser asked) and
uncompressed, and whether a response carries geometry ("coordinates"). Asserts nothing.

Usage: python benchmarks/bench_callbacks.py --base http://127.0.0.1:8081 --build-dir build [--page /]
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _table import machine, median, pct, table  # noqa: E402

FILTER_QUERIES = ["", "estado=32", "anio=2010-2015", "tipo=infraestructura", "socio=migrant", "modo=per_capita",
                  "pesos=current", "fenomeno=hidrometeorologico", "estado=14&anio=2005", "lang=en"]
PREFERRED_LAYERS = ["poverty_pct", "marginalization_grade", "remittances_usd_per_person", "homicide_rate_100k",
                    "migration_intensity_grade", "social_lag_grade"]
BROWSER_HEADERS = {"Content-Type": "application/json", "Accept": "application/json",
                   "Accept-Encoding": "gzip, deflate, br, zstd"}


def layer_queries(build_dir: Path, limit: int = 4) -> list[str]:
    """`capa=<indicator>:<latest year>` for a few indicators the store holds."""
    db = Path(build_dir) / "mapa3x1.sqlite"
    if not db.is_file():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        latest = dict(conn.execute("SELECT indicator_id, MAX(year) FROM indicator_values GROUP BY indicator_id"))
    return [f"capa={i}:{latest[i]}" for i in PREFERRED_LAYERS if i in latest][:limit]


def page_urls(base: str, page: str, build_dir: Path) -> list[str]:
    queries = FILTER_QUERIES + layer_queries(build_dir)
    return [base.rstrip("/") + page + (f"?{q}" if q else "") for q in queries]


def user_changes() -> tuple[str, ...]:
    """JavaScript that changes the explorer's need layer twice, as picking it in its dropdown does."""
    from dashapp import ids

    return tuple(f"window.dash_clientside.set_props('{ids.EX_LAYER}', {{value: '{layer}'}})"
                 for layer in ("marginalization_grade", "poverty_pct"))


def capture_callbacks(urls: list[str]) -> "OrderedDict[str, list[str]]":
    """{callback output: distinct POST bodies} from cold loads of `urls` in Chromium, each explorer
    load followed by two changes of the need layer."""
    from browser import chromium
    from capture import capture_requests

    groups: OrderedDict[str, list[str]] = OrderedDict()
    with chromium() as browser:
        for url in urls:
            explorer = urlsplit(url).path == "/"
            for item in capture_requests(browser, url, actions=user_changes() if explorer else ()):
                if item["method"] == "POST" and item["output"]:
                    bodies = groups.setdefault(item["output"], [])
                    if item["body"] not in bodies:
                        bodies.append(item["body"])
    return groups


def data_output_hints() -> list[str]:
    """The explorer's data store (ids.EX_DATA) when it exists, then any hideout or map output."""
    from dashapp import ids

    store = getattr(ids, "EX_DATA", None)
    return ([f"{store}.data"] if store else []) + ["hideout", "map"]


def pick_data_callback(outputs: list[str], hint: str | None) -> str | None:
    for needle in ([hint] if hint else data_output_hints()):
        for output in outputs:
            if needle in output:
                return output
    return None


def replay_http(base: str, bodies: list[str], n: int) -> dict:
    """POST the bodies round robin on one keep-alive connection; latency, wire and plain bytes."""
    import requests

    url = base.rstrip("/") + "/_dash-update-component"
    times, wire, plain, errors, geometry = [], [], [], {}, False
    with requests.Session() as session:
        for i in range(n):
            body = bodies[i % len(bodies)]
            start = time.perf_counter()
            response = session.post(url, data=body.encode(), headers=BROWSER_HEADERS, stream=True, timeout=30)
            raw = response.raw.read(decode_content=False)
            times.append(time.perf_counter() - start)
            wire.append(len(raw))
            if response.status_code >= 400:
                errors[response.status_code] = errors.get(response.status_code, 0) + 1
            if i < len(bodies):  # decode each distinct answer once
                text = _decode(raw, response.headers.get("Content-Encoding", ""))
                plain.append(len(text))
                geometry |= b'"coordinates"' in text
    return {"times": times, "wire": wire, "plain": plain, "errors": errors, "geometry": geometry}


def _decode(raw: bytes, encoding: str) -> bytes:
    import gzip
    import zlib

    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    if encoding == "br":
        import brotli

        return brotli.decompress(raw)
    if encoding == "zstd":  # Flask-Compress's first choice when the browser offers it
        try:
            from compression import zstd
        except ImportError:
            from backports import zstd
        return zstd.decompress(raw)
    return raw


def replay_in_process(build_dir: Path, groups: dict[str, list[str]], counts: dict[str, int]) -> tuple[dict, dict]:
    """The same bodies through the Flask test client of an in-process app: ({output: seconds per call}
    of the round robin, {output: seconds of each payload's first call}). The app remembers answers per
    store (dashapp/answers.py), so the first call of a payload computes it and the later ones are lookups."""
    from dashapp.app import Settings, create_app
    from store.database import default_url

    app = create_app(Settings(db_url=default_url(build_dir), build_dir=Path(build_dir)))
    client = app.server.test_client()
    client.get("/")  # the snapshot loads on the first request
    out, first = {}, {}
    for output, bodies in groups.items():  # each payload once: answers computed, not yet remembered
        first[output] = []
        for body in bodies:
            start = time.perf_counter()
            client.post("/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
            first[output].append(time.perf_counter() - start)
    for output, bodies in groups.items():
        times = []
        for i in range(counts[output]):
            start = time.perf_counter()
            client.post("/_dash-update-component", data=bodies[i % len(bodies)],
                        headers={"Content-Type": "application/json"})
            times.append(time.perf_counter() - start)
        out[output] = times
    return out, first


def run(base: str, build_dir: Path, page: str = "/", n: int = 200, n_other: int = 40, hint: str | None = None,
        in_process: bool = True) -> dict:
    """Capture, replay, measure; returns {output: figures} and the data callback's output."""
    urls = page_urls(base, page, build_dir)
    groups = capture_callbacks(urls)
    data_output = pick_data_callback(list(groups), hint)
    counts = {o: (n if o == data_output else n_other) for o in groups}
    results = {}
    for output, bodies in groups.items():
        replay_http(base, bodies[:1], 3)  # warm the workers
        results[output] = replay_http(base, bodies, counts[output])
        results[output]["payloads"] = len(bodies)
    if in_process and groups:
        repeated, first = replay_in_process(build_dir, groups, counts)
        for output, times in repeated.items():
            results[output]["in_process"] = times
            results[output]["in_process_first"] = first[output]
    return {"urls": urls, "data_output": data_output, "results": results}


def rows(report: dict) -> list[list[object]]:
    out = []
    for output, r in report["results"].items():
        local, first = r.get("in_process", []), r.get("in_process_first", [])
        label = ("* " if output == report["data_output"] else "  ") + (output if len(output) <= 70 else output[:67] + "...")
        out.append([label, r["payloads"], len(r["times"]), f"{pct(r['times'], 50) * 1000:.1f}",
                    f"{pct(r['times'], 95) * 1000:.1f}",
                    f"{pct(first, 50) * 1000:.1f}" if first else "-", f"{pct(first, 95) * 1000:.1f}" if first else "-",
                    f"{pct(local, 50) * 1000:.1f}" if local else "-", f"{pct(local, 95) * 1000:.1f}" if local else "-",
                    f"{median(r['wire']) / 1000:.1f} KB", f"{median(r['plain']) / 1000:.1f} KB",
                    "yes" if r["geometry"] else "no", sum(r["errors"].values()) or "-"])
    return out


HEADERS = ["callback output (* = data callback)", "payloads", "calls", "loopback p50 ms", "p95 ms",
           "in-process first answer p50 ms", "p95 ms", "repeated p50 ms", "p95 ms", "wire bytes (median)",
           "uncompressed", "geometry", "errors"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8081", help="the app, on loopback")
    parser.add_argument("--build-dir", type=Path, default=HERE.parent / "build", help="the store the app serves")
    parser.add_argument("--page", default="/", help="page whose callbacks are measured (default /)")
    parser.add_argument("--n", type=int, default=200, help="calls of the data callback (default 200)")
    parser.add_argument("--n-other", type=int, default=40, help="calls of every other callback (default 40)")
    parser.add_argument("--data-output", default=None, help="substring of the data callback's output")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process measurement")
    args = parser.parse_args(argv)
    from browser import is_loopback

    if not is_loopback(args.base):
        parser.error("--base must be a loopback address")
    print(f"Callback benchmark  {machine()}")
    report = run(args.base, args.build_dir.resolve(), args.page, args.n, args.n_other, args.data_output,
                 not args.no_in_process)
    print(f"captured from {len(report['urls'])} URLs of {args.page} ({report['urls'][1]} ...)")
    if not report["results"]:
        print("no callback POSTs captured")
        return 0
    print(table(HEADERS, rows(report)))
    if report["data_output"] is None:
        print(f"no data callback found (no output names any of {data_output_hints()}; pass --data-output)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
