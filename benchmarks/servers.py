"""Start servers for a benchmark run and always stop them: each in its own session, ended by its id."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Servers:
    """Processes started here, each in its own session; `stop()` ends exactly those."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd: list[str], port: int, timeout_s: float = 180.0) -> str:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        url = f"http://127.0.0.1:{port}/"
        try:
            urllib.request.urlopen(url, timeout=2).close()
            raise RuntimeError(f"port {port} is already in use: pass another --port-base")
        except OSError:
            pass  # nothing listening: good
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        self.procs.append((name, proc))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.log_dir / (name + '.log')}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status < 500:
                        return url
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{name} did not answer on {url} within {timeout_s:.0f} s")

    def stop(self) -> None:
        for _, proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self.procs.clear()
