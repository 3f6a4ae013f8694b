"""Peso cells as published: "$ 1,234,567.89", " 250,000 ", "250000", "$ -", "n.d", "(5,000.00)".

`parse_money` returns (value, problem) so the caller decides what a problem costs:
  - empty cell, or Excel's accounting zero "$ -"  -> (0.0, None): the partner gave nothing;
  - "n.d", "N/D", "s/d" ...                        -> (None, "missing"): given, but not known;
  - "-5,000", "(5,000.00)"                         -> (-5000.0, "negative"): the row is rejected;
  - anything else that is not a number             -> (None, "invalid");
  - "250.000" (one dot, three decimals)            -> (None, "ambiguous"): 250 or 250,000? never guess.
Values are rounded to the cent.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from etl.parse import MISSING_MARKERS

_ZERO_MARKERS = {"-", "--", "---"}  # Excel's accounting format prints zero as "$ -"
_CURRENCY = re.compile(r"\$|\bmxn\b|\bm\.?\s?n\.?(?=$|\s)|\bpesos\b", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 1.234.567,89 (Excel set to a European locale)
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")  # 2.5E+05 from a CSV export of a wide number
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")


def parse_money(cell: object) -> tuple[float | None, str | None]:
    """Parse one published peso cell; see the module docstring for the (value, problem) pairs."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return 0.0, None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if math.isnan(cell):
            return 0.0, None
        value = round(float(cell), 2)
        return (value, "negative") if value < 0 else (value, None)
    text = str(cell).replace("\u00a0", " ").strip()
    if not text:
        return 0.0, None
    body = _CURRENCY.sub("", text).strip()
    if body in _ZERO_MARKERS:
        return 0.0, None
    if body.lower() in MISSING_MARKERS or text.lower() in MISSING_MARKERS:
        return None, "missing"
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    body = re.sub(r"[\s']", "", _CURRENCY.sub("", body))
    if body.startswith("-") or body.endswith("-"):
        negative, body = True, body.strip("-")
    body = body.lstrip("+")
    value = _number(body)
    if value is None:
        return None, ("ambiguous" if _AMBIGUOUS.match(body) else "invalid")
    value = round(-value if negative else value, 2)
    if negative and value != 0:
        return value, "negative"
    return abs(value), None


def _number(body: str) -> float | None:
    if _AMBIGUOUS.match(body):
        return None
    if _PLAIN.match(body) or _SCIENTIFIC.match(body):
        return float(body)
    if _COMMA_THOUSANDS.match(body):
        return float(body.replace(",", ""))
    if _DOT_THOUSANDS.match(body):
        return float(body.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(body):
        return float(body.replace(",", "."))
    return None


def parse_money_series(cells: pd.Series) -> pd.DataFrame:
    """`parse_money` over a column: a frame aligned to `cells` with `value` (float64) and `problem`."""
    pairs = [parse_money(c) for c in cells.tolist()]
    return pd.DataFrame(
        {"value": pd.array([p[0] for p in pairs], dtype="Float64").astype("float64"),
         "problem": pd.array([p[1] for p in pairs], dtype="string")},
        index=cells.index,
    )
