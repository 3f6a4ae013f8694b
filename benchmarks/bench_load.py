"""Load benchmark: N concurrent clients for a bounded time against the app on loopback.

Each client loops (no think time) over a random mix of
  - page loads (30%): the app requests a browser makes for `/`, `/municipio/32020` and `/proyectos`,
    captured once from headless Chromium (document, _dash-layout, _dash-dependencies, callback POSTs,
    /layers/, /api/), sent one after the other; static JS/CSS is left out (browsers cache it);
  - data callbacks (50%): the explorer's callback POSTs captured under several filters and layers;
  - exports (20%): GET /api/proyectos.csv?estado=32 and /api/municipios/32020.
Every request counts on its own (latency to the last byte); whole page loads are timed apart.
Clients wait `--think` seconds on average between actions (default 0: closed loop, the strictest). Prints throughput, p50/p95/p99 overall
and per kind, and errors by status. Only loopback addresses; the run stops by itself at the deadline
(and after `--max-requests`). The load generator shares the machine's cores with the server: its
own CPU time is printed too.

Usage: python benchmarks/bench_load.py --base http://127.0.0.1:8081 [--clients 50] [--duration 60]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _table import machine, pct, table  # noqa: E402

PAGES = ["/", "/municipio/32020", "/proyectos"]
EXPORTS = ["/api/proyectos.csv?estado=32", "/api/municipios/32020"]
WEIGHTS = {"page": 0.3, "callback": 0.5, "export": 0.2}
HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd", "User-Agent": "mapa3x1-bench-load"}


def capture_scenarios(base: str, build_dir: Path | None) -> dict:
    """Page-load request chains and data-callback bodies, captured from Chromium."""
    from bench_callbacks import capture_callbacks, page_urls, pick_data_callback
    from browser import chromium
    from capture import capture_requests

    chains = {}
    with chromium() as browser:
        for page in PAGES:
            items = capture_requests(browser, base.rstrip("/") + page)
            chains[page] = [{"method": i["method"], "path": _path(i["url"]), "body": i["body"],
                             "referer": _path(i["referer"]) if i.get("referer") else None} for i in items]
    groups = capture_callbacks(page_urls(base, "/", build_dir or Path("build")))
    data = pick_data_callback(list(groups), None)
    bodies = groups[data] if data else [b for bs in groups.values() for b in bs]
    return {"chains": chains, "callbacks": bodies, "data_output": data}


def fallback_scenarios() -> dict:
    """Without a browser: the document plus Dash's layout and dependencies for each page."""
    return {"chains": {p: [{"method": "GET", "path": p, "body": None},
                           {"method": "GET", "path": "/_dash-layout", "body": None},
                           {"method": "GET", "path": "/_dash-dependencies", "body": None}] for p in PAGES},
            "callbacks": [], "data_output": None}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def _request(session, base: str, kind: str, method: str, path: str, body: str | None, log: list,
                   referer: str | None = None) -> None:
    import aiohttp

    start = time.perf_counter()
    status: int | str
    try:
        headers = dict(HEADERS, **({"Content-Type": "application/json"} if body else {}))
        if referer:  # as the browser sends it: the layout request names its page (dashapp/first_view.py)
            headers["Referer"] = base + referer
        async with session.request(method, base + path, data=body, headers=headers) as response:
            await response.read()
            status = response.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        status = type(exc).__name__
    log.append((kind, _label(method, path, body), time.perf_counter() - start, status))


_LABELS: dict = {}


def _label(method: str, path: str, body: str | None) -> str:
    """GET: the path without its query; a callback POST: its Dash output (cached per body)."""
    if not body:
        return path.split("?")[0]
    if body not in _LABELS:
        import json

        try:
            output = json.loads(body).get("output", "")
        except ValueError:
            output = ""
        _LABELS[body] = f"{method} {output[:60]}" if output else f"{method} {path}"
    return _LABELS[body]


async def _client(session, base: str, scenarios: dict, deadline: float, budget: list[int], rng: random.Random,
                  log: list, chains: list, think_s: float) -> None:
    kinds = [k for k in WEIGHTS if k != "callback" or scenarios["callbacks"]]
    weights = [WEIGHTS[k] for k in kinds]
    while time.perf_counter() < deadline and budget[0] > 0:
        if think_s:
            await asyncio.sleep(min(rng.expovariate(1 / think_s), max(0.0, deadline - time.perf_counter())))
            if time.perf_counter() >= deadline:
                break
        kind = rng.choices(kinds, weights)[0]
        if kind == "page":
            start, complete = time.perf_counter(), True
            for step in scenarios["chains"][rng.choice(PAGES)]:
                if time.perf_counter() >= deadline:
                    complete = False
                    break
                budget[0] -= 1
                await _request(session, base, "page", step["method"], step["path"], step["body"], log,
                               step.get("referer"))
            if complete:
                chains.append(time.perf_counter() - start)
        elif kind == "callback":
            budget[0] -= 1
            await _request(session, base, "callback", "POST", "/_dash-update-component",
                           rng.choice(scenarios["callbacks"]), log)
        else:
            budget[0] -= 1
            await _request(session, base, "export", "GET", rng.choice(EXPORTS), None, log)


async def _run(base: str, scenarios: dict, clients: int, duration: float, max_requests: int, seed: int,
               think_s: float) -> tuple:
    import aiohttp

    log: list = []
    chains: list = []
    budget = [max_requests]
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(_client(session, base, scenarios, deadline, budget, random.Random(seed + i), log,
                                       chains, think_s)
                               for i in range(clients)))
        elapsed = time.perf_counter() - started
    return log, chains, elapsed


def run(base: str, clients: int = 50, duration: float = 60.0, max_requests: int = 200_000, seed: int = 1,
        build_dir: Path | None = None, capture: bool = True, think_s: float = 0.0) -> dict:
    """Run the load; returns the log summary (used by run_all.py)."""
    from browser import is_loopback

    if not is_loopback(base):
        raise ValueError(f"{base}: the load test only targets loopback addresses")
    base = base.rstrip("/")
    scenarios = fallback_scenarios()
    if capture:
        try:
            scenarios = capture_scenarios(base, build_dir)
        except Exception as exc:  # noqa: BLE001 - no Chromium: still load the server, say so
            print(f"capture failed ({type(exc).__name__}: {exc}); pages as document + layout only", file=sys.stderr)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    log, chains, elapsed = asyncio.run(_run(base, scenarios, clients, duration, max_requests, seed, think_s))
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    summary = summarize(log, elapsed, clients, cpu, scenarios)
    summary["think_s"] = think_s
    summary["page_loads"] = {"n": len(chains), "p50": pct(chains, 50), "p95": pct(chains, 95)}
    return summary


def summarize(log: list, elapsed: float, clients: int, cpu_s: float, scenarios: dict) -> dict:
    times = [t for _, _, t, _ in log]
    errors: dict[str, int] = {}
    for kind, path, _, status in log:
        if not (isinstance(status, int) and status < 400):
            key = f"{status} {kind} {path}"
            errors[key] = errors.get(key, 0) + 1
    by_kind = {}
    for kind in ("page", "callback", "export"):
        ts = [t for k, _, t, _ in log if k == kind]
        if ts:
            by_kind[kind] = {"n": len(ts), "p50": pct(ts, 50), "p95": pct(ts, 95), "p99": pct(ts, 99), "max": max(ts)}
    by_label: dict[str, list[float]] = {}
    for _, label, t, _ in log:
        by_label.setdefault(label, []).append(t)
    slowest = sorted(by_label.items(), key=lambda item: -sum(item[1]))[:10]
    return {"by_label": [{"label": k, "n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "busy_s": sum(v)}
                         for k, v in slowest],
            "requests": len(log), "elapsed": elapsed, "clients": clients, "rps": len(log) / elapsed if elapsed else 0,
            "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99), "max": max(times) if times else None,
            "by_kind": by_kind, "errors": errors, "client_cpu_s": cpu_s,
            "chain_lengths": {p: len(c) for p, c in scenarios["chains"].items()},
            "callback_bodies": len(scenarios["callbacks"]), "data_output": scenarios["data_output"]}


def report(s: dict) -> str:
    ms = lambda v: "-" if v is None else f"{v * 1000:.0f}"  # noqa: E731
    rows = [["all", s["requests"], f"{s['rps']:.1f}", ms(s["p50"]), ms(s["p95"]), ms(s["p99"]), ms(s["max"])]]
    for kind, k in s["by_kind"].items():
        rows.append([kind, k["n"], f"{k['n'] / s['elapsed']:.1f}", ms(k["p50"]), ms(k["p95"]), ms(k["p99"]), ms(k["max"])])
    pl = s.get("page_loads", {})
    if pl.get("n"):
        rows.append(["whole page loads", pl["n"], f"{pl['n'] / s['elapsed']:.1f}", ms(pl["p50"]), ms(pl["p95"]), "", ""])
    callbacks = (f"{s['callback_bodies']} callback bodies ({s['data_output'] or 'no data callback found: every callback of /'})"
                 if s["callback_bodies"] else "no callback bodies (no browser capture)")
    lines = [f"{s['clients']} clients (think time {s.get('think_s', 0):.1f} s) for {s['elapsed']:.1f} s; page-load chains "
             f"{s['chain_lengths']} requests; {callbacks}; load generator CPU {s['client_cpu_s']:.1f} s",
             table(["requests", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows)]
    if s.get("by_label"):
        lines.append("\nwhere the time goes (the 10 request types with the most total latency):")
        lines.append(table(["request", "count", "p50 ms", "p95 ms", "total s"],
                           [[b["label"], b["n"], ms(b["p50"]), ms(b["p95"]), f"{b['busy_s']:.0f}"] for b in s["by_label"]]))
    if s["errors"]:
        lines.append("errors: " + "; ".join(f"{k}: {v}" for k, v in sorted(s["errors"].items(), key=lambda x: -x[1])))
    else:
        lines.append("errors: none")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8081")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="hard cap on requests sent")
    parser.add_argument("--build-dir", type=Path, default=HERE.parent / "build", help="store (for layer URLs)")
    parser.add_argument("--no-capture", action="store_true", help="no browser: pages as document+layout only")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds between a client's actions (default 0: closed loop, the strict case)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"Load benchmark  {machine()}")
    summary = run(args.base, args.clients, min(args.duration, 600.0), args.max_requests, args.seed,
                  args.build_dir.resolve(), not args.no_capture, args.think)
    print(report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
