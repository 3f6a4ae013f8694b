"""Helpers shared by the unit and integration tests of the raw-file readers (etl/sources)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store.schema import conform


def corrupt_header(path: Path, old: str, new: str) -> None:
    """Rename a heading in the first line of a UTF-8 text file."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    path.write_text(head.replace(old, new) + "\n" + rest, encoding="utf-8")


def assert_balanced(result) -> None:
    """Every account balances and every table conforms to store/schema.py."""
    for account in result.accounts:
        assert account.rows_read == account.rows_loaded + account.rows_rejected, account
    for name, frame in result.tables.items():
        conform(frame, name)  # raises if the frame drifts from store/schema.py


@dataclass(frozen=True)
class FakeMatch:
    cvegeo: str | None
    method: str
    score: float | None
    reason: str | None


class FakeResolver:
    """Stands in for etl.places.PlaceResolver: splits at ", " and " y ", looks names up in a dict."""

    def __init__(self, known: dict[str, str]):
        self.known = known

    def split_and_resolve(self, state, text):
        names = [n.strip() for part in text.split(",") for n in part.split(" y ") if n.strip()]
        return [(n, FakeMatch(self.known[n], "exact", 100.0, None) if n in self.known
                 else FakeMatch(None, "rejected", None, f"unknown municipality '{n}' in {state}")) for n in names]
