"""Headless Chromium (Debian's, driven by Playwright) measuring one cold page load through CDP.

`load_page(browser, url, ...)` opens a fresh browser context (empty cache, new connections), disables
the cache through CDP, optionally emulates "Fast 3G", and returns when the map is painted and the
network has gone idle:

- painted: an init script hooks Leaflet's two renderers (SVG and Canvas) before the page's scripts
  run and counts the distinct polygon layers they have drawn; the map counts as painted at the
  first frame after `min_polygons` were drawn (or when `wait_js`, e.g. `window.mapa3x1Painted`,
  becomes truthy; a number is taken as its own `performance.now()` timestamp);
- bytes: CDP `Network.loadingFinished.encodedDataLength` (bytes on the wire, headers included) of
  every request, split into data (Dash's layout/dependencies/callbacks, /layers/, /api/, any XHR or
  fetch), code (JS, CSS) and other (the HTML document, fonts, images), before paint and in all.

Only loopback URLs are loaded: requests to any other host go to a dead proxy and fail.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 # every non-loopback request goes to a dead proxy (loopback bypasses proxies), so the
                 # browser never leaves the machine and no request is slowed by interception
                 "--proxy-server=http://127.0.0.1:9"]
# Chrome DevTools' "Fast 3G" as the issue states it: 1.6 Mbps down, 750 kbps up, 150 ms RTT.
FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
LOOPBACK = ("127.", "localhost", "[::1]", "::1")
DATA_PATHS = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/layers/", "/api/")
IDLE_MS = 500  # the network counts as idle after this long without a request in flight

PAINT_HOOK = """
(() => {
  const st = window.__bench = {target: %(target)d, drawn: 0, reachedAt: null, paintedAt: null, layers: []};
  const seen = new WeakSet();
  function patch(L) {
    const force = '%(renderer)s';
    if (force && L.Map && L.Map.prototype._createRenderer) {  // --renderer: override the page's choice
      L.Map.prototype._createRenderer = function (options) {
        return force === 'canvas' ? L.canvas(options) : L.svg(options);
      };
    }
    for (const R of [L.SVG, L.Canvas]) {
      if (!R || !R.prototype._updatePoly) continue;
      const orig = R.prototype._updatePoly;
      const isCanvas = R === L.Canvas;
      R.prototype._updatePoly = function (layer, closed) {
        if (closed && (!isCanvas || this._drawing) && !seen.has(layer)) {
          seen.add(layer);
          st.layers.push(layer);
          st.drawn += 1;
          if (st.drawn >= st.target && st.reachedAt === null) {
            st.reachedAt = performance.now();
            requestAnimationFrame(() => setTimeout(() => { st.paintedAt = performance.now(); }, 0));
          }
        }
        return orig.apply(this, arguments);
      };
    }
  }
  let current;
  Object.defineProperty(window, 'L', {configurable: true, enumerable: true,
    get() { return current; },
    set(v) { current = v; try { if (v && v.Path && !v.__benchPatched) { v.__benchPatched = true; patch(v); } } catch (e) {} }});
})();
"""

RESTYLE = """
async () => {
  const layers = window.__bench.layers, colors = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];
  const shift = Math.floor(Math.random() * 5) + 1, t0 = performance.now();
  layers.forEach((layer, i) => layer.setStyle({fillColor: colors[(i + shift) % 5]}));
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - t0;
}
"""
ZOOM = """
async () => {
  const map = window.__bench.layers[0]._map, frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const z = map.getZoom(), t0 = performance.now();
  map.setZoom(z + 1, {animate: false}); await frame();
  map.setZoom(z, {animate: false}); await frame();
  return (performance.now() - t0) / 2;
}
"""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def category(url: str, resource_type: str) -> str:
    path = urlsplit(url).path
    if any(part in path for part in DATA_PATHS) or resource_type in ("XHR", "Fetch"):
        return "data"
    if resource_type in ("Script", "Stylesheet") or path.endswith((".js", ".css")):
        return "code"
    return "other"


@dataclass
class PageLoad:
    """One cold load. Times in seconds from navigation start; bytes on the wire."""

    url: str
    painted_s: float | None  # None: not painted before the timeout
    everything_s: float  # until the network went idle after paint (or the timeout)
    before_paint: dict[str, int] = field(default_factory=dict)  # category -> bytes
    total: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    polygons: int = 0
    failed: list[str] = field(default_factory=list)
    restyle_ms: list[float] = field(default_factory=list)
    zoom_ms: list[float] = field(default_factory=list)
    waterfall: list[tuple[float, float | None, int, str, str]] = field(default_factory=list)  # start, end, bytes, cat, url


@contextmanager
def chromium():
    """A headless Debian Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Recorder:
    """Collects CDP Network events of one page; maps CDP's monotonic clock to wall time."""

    def __init__(self) -> None:
        self.reqs: dict[str, dict] = {}
        self.offset: float | None = None  # wallTime - timestamp
        self.last_activity = time.monotonic()

    def sent(self, e: dict) -> None:
        if self.offset is None:
            self.offset = e["wallTime"] - e["timestamp"]
        rid = e["requestId"]
        # a redirect reuses the request id: keep the first url, the bytes add up at loadingFinished
        self.reqs.setdefault(rid, {"url": e["request"]["url"], "type": e.get("type", ""), "done": None,
                                   "start": e["timestamp"] + self.offset,
                                   "bytes": 0, "method": e["request"]["method"], "status": None})
        self.last_activity = time.monotonic()

    def response(self, e: dict) -> None:
        if e["requestId"] in self.reqs:
            self.reqs[e["requestId"]]["status"] = e["response"]["status"]
            self.reqs[e["requestId"]]["type"] = e.get("type", self.reqs[e["requestId"]]["type"])

    def finished(self, e: dict) -> None:
        r = self.reqs.get(e["requestId"])
        if r is not None:
            r["bytes"] = int(e["encodedDataLength"])
            r["done"] = e["timestamp"] + (self.offset or 0.0)
        self.last_activity = time.monotonic()

    def failed(self, e: dict) -> None:
        r = self.reqs.get(e["requestId"])
        if r is not None:
            r["done"] = e["timestamp"] + (self.offset or 0.0)
            r["failed"] = e.get("errorText", "failed")
        self.last_activity = time.monotonic()

    def in_flight(self) -> int:
        return sum(1 for r in self.reqs.values() if r["done"] is None)


def load_page(browser, url: str, min_polygons: int = 1, wait_js: str | None = None, throttle: dict | None = None,
              timeout_s: float = 60.0, viewport: tuple[int, int] = (1280, 800), restyles: int = 0,
              renderer: str | None = None) -> PageLoad:
    """Load `url` once, cold; see the module docstring for what is measured.

    `renderer` ("svg" or "canvas") forces Leaflet's renderer whatever the page asks (preferCanvas).
    """
    if renderer not in (None, "svg", "canvas"):
        raise ValueError(f"renderer {renderer!r}: svg or canvas")
    if not is_loopback(url):
        raise ValueError(f"{url}: only loopback addresses are benchmarked")
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    try:
        page = context.new_page()
        page.add_init_script(PAINT_HOOK % {"target": max(1, int(min_polygons)), "renderer": renderer or ""})
        cdp = context.new_cdp_session(page)
        rec = _Recorder()
        cdp.on("Network.requestWillBeSent", rec.sent)
        cdp.on("Network.responseReceived", rec.response)
        cdp.on("Network.loadingFinished", rec.finished)
        cdp.on("Network.loadingFailed", rec.failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", throttle)
        deadline = time.monotonic() + timeout_s
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        condition = "window.__bench && window.__bench.paintedAt !== null"
        if wait_js:
            condition = f"(() => {{ try {{ return !!({wait_js}); }} catch (e) {{ return false; }} }})()"
        painted_at = None
        try:
            page.wait_for_function(condition, timeout=max(1.0, deadline - time.monotonic()) * 1000, polling=50)
            if wait_js:
                value = page.evaluate(f"(() => {{ const v = ({wait_js}); return typeof v === 'number' ? v : performance.now(); }})()")
            else:
                value = page.evaluate("window.__bench.paintedAt")
            painted_at = float(value)
        except Exception:  # noqa: BLE001 - a timeout means "not painted", reported as such
            painted_at = None
        while time.monotonic() < deadline and (rec.in_flight() or time.monotonic() - rec.last_activity < IDLE_MS / 1000):
            page.wait_for_timeout(50)
        origin = page.evaluate("performance.timeOrigin") / 1000.0
        polygons = page.evaluate("window.__bench ? window.__bench.drawn : 0")
        requests = {rid: dict(r) for rid, r in rec.reqs.items()}  # before restyle and zoom add their own
        n = restyles if painted_at is not None and polygons else 0
        restyle = [float(page.evaluate(RESTYLE)) for _ in range(n)]
        zoom = [float(page.evaluate(ZOOM)) for _ in range(n)]
    finally:
        context.close()
    paint_wall = origin + painted_at / 1000.0 if painted_at is not None else float("inf")
    before: dict[str, int] = {"data": 0, "code": 0, "other": 0}
    total: dict[str, int] = {"data": 0, "code": 0, "other": 0}
    last = 0.0
    for r in requests.values():
        cat = category(r["url"], r["type"])
        total[cat] += r["bytes"]
        if r["done"] is not None:
            last = max(last, r["done"] - origin)
            if r["done"] <= paint_wall:
                before[cat] += r["bytes"]
    painted_s = painted_at / 1000.0 if painted_at is not None else None
    return PageLoad(url=url, painted_s=painted_s, everything_s=max(last, painted_s or 0.0), before_paint=before,
                    total=total, requests=len(requests), polygons=int(polygons),
                    failed=[f"{r['url']} ({r['failed']})" for r in requests.values() if r.get("failed")],
                    restyle_ms=restyle, zoom_ms=zoom,
                    waterfall=sorted((r["start"] - origin, None if r["done"] is None else r["done"] - origin, r["bytes"],
                                      category(r["url"], r["type"]), r["url"]) for r in requests.values()))
