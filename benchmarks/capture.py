"""Record the app requests one page load makes (method, URL, body), for replaying them without a browser.

Used by bench_callbacks.py (callback bodies under many filters) and bench_load.py (page-load chains).
"""
from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from browser import is_loopback

APP_PATHS = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/layers/", "/api/")


def capture_requests(browser, url: str, timeout_s: float = 60.0, actions: tuple[str, ...] = ()) -> list[dict]:
    """The app requests one page load makes, in order: the document, Dash's layout, dependencies and
    callback POSTs (with their JSON bodies), /layers/ and /api/. Static JS/CSS (`_dash-component-suites`,
    `/assets/`) is left out: browsers keep those (versioned, cached) between page loads.

    `actions`: JavaScript run in the page one after the other once the network is idle (e.g. a
    control changed through `dash_clientside.set_props`), each followed by waiting for idle again:
    the callbacks a user's change sends are recorded too.

    Each item: {"method", "url", "body" (str or None), "referer" (str or None), "output" (Dash callback
    output or ""), "status", "bytes" (uncompressed response body)}.
    """
    if not is_loopback(url):
        raise ValueError(f"{url}: only loopback addresses are benchmarked")
    context = browser.new_context(service_workers="block")
    items: list[dict] = []
    state = {"last": time.monotonic(), "open": 0}

    def on_request(request) -> None:
        state["open"] += 1
        state["last"] = time.monotonic()

    def on_done(request) -> None:
        state["open"] -= 1
        state["last"] = time.monotonic()
        path = urlsplit(request.url).path
        if request.resource_type != "document" and not any(p in path for p in APP_PATHS):
            return
        response = request.response() if hasattr(request, "response") else None
        body = request.post_data if request.method == "POST" else None
        output = ""
        if body and "_dash-update-component" in path:
            output = json.loads(body).get("output", "")
        try:
            size = len(response.body()) if response is not None else 0
        except Exception:  # noqa: BLE001 - a body that is gone (redirect) counts as empty
            size = 0
        items.append({"method": request.method, "url": request.url, "body": body, "output": output,
                      "referer": request.headers.get("referer"),
                      "status": response.status if response is not None else None, "bytes": size})

    try:
        page = context.new_page()
        page.on("request", on_request)
        page.on("requestfinished", on_done)
        page.on("requestfailed", lambda r: state.__setitem__("open", state["open"] - 1))
        deadline = time.monotonic() + timeout_s
        page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        for action in (None, *actions):
            if action:
                page.evaluate(action)
                state["last"] = time.monotonic()
            while time.monotonic() < deadline and (state["open"] > 0 or time.monotonic() - state["last"] < 1.0):
                page.wait_for_timeout(100)
    finally:
        context.close()
    return items
