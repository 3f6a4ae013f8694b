"""Plain-text tables and number formats shared by the benchmark scripts."""
from __future__ import annotations

import math
import os
import platform
import statistics
import time


def table(headers: list[str], rows: list[list[object]]) -> str:
    """Left-align the first column, right-align the others."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1e6:.2f} MB" if n >= 10_000 else f"{n / 1e3:.1f} KB"


def secs(s: float | None) -> str:
    return "-" if s is None else f"{s:.2f} s"


def ms(s: float | None) -> str:
    return "-" if s is None else f"{s * 1000:.1f} ms"


def pct(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), nearest-rank on sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def machine() -> str:
    """Date, CPU count, memory, load: printed with every result (shared machines are noisy)."""
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M')}  {platform.node()}  nproc={os.cpu_count()}  "
            f"memory={mem_gb:.1f} GiB  load average={load}  python={platform.python_version()}")
