"""Browser fixtures: the real app served as in production, driven by a real headless Chromium.

The app runs as `python -m mapa3x1 serve` (gunicorn, one worker) on the session's full build
(`built_store`, shared with the integration tests) and a free local port. Chromium is Debian's
(/usr/bin/chromium, or MAPA3X1_CHROMIUM); Playwright never downloads a browser.

To iterate on these tests without the full build, point MAPA3X1_BROWSER_BUILD_DIR at a built
folder (e.g. /tmp/appdev after `mapa3x1 build --build-dir /tmp/appdev`).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.browser._helpers import DRAW_HOOK

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("MAPA3X1_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
START_TIMEOUT_S = 60
WAIT_MS = 30_000  # the timeout of every Playwright wait and expect() (a first map paint takes ~4 s)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_build_dir(request: pytest.FixtureRequest) -> Path:
    """The built folder the app serves: the session's full build, or MAPA3X1_BROWSER_BUILD_DIR."""
    override = os.environ.get("MAPA3X1_BROWSER_BUILD_DIR")
    if override:
        path = Path(override).resolve()
        if not (path / "mapa3x1.sqlite").exists():
            pytest.fail(f"MAPA3X1_BROWSER_BUILD_DIR={path} holds no mapa3x1.sqlite")
        return path
    _result, build_dir = request.getfixturevalue("built_store")
    return Path(build_dir)


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Poll GET / until it answers 200, the server dies, or the deadline passes."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode} while starting:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url + "/", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        try:  # a bounded wait on the process itself: returns early if it dies
            proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
    pytest.fail(f"the app did not answer GET / within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_url(app_build_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The base URL of the app served in production mode; the server is always stopped at the end."""
    port = _free_port()
    log = tmp_path_factory.mktemp("browser") / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("MAPA3X1_DEV", None)
    env.pop("DATABASE_URL", None)  # the store of the build folder, never an outside database
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mapa3x1", "serve", "--build-dir", str(app_build_dir), "--host", "127.0.0.1",
             "--port", str(port), "--workers", "1", "--threads", "4"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)  # expect() waits as long as the other waits (default 5 s)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set MAPA3X1_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser, app_url: str):
    """A fresh context (no cookies, cache or storage from other tests) and its page.

    `page.errors` collects uncaught JavaScript errors; `page.dialogs` every alert/confirm/prompt
    (each dismissed at once).
    """
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True, locale="es-MX")
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(DRAW_HOOK)
    tab = context.new_page()
    tab.errors = []
    tab.dialogs = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))

    def on_dialog(dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    try:
        yield tab
    finally:
        context.close()
