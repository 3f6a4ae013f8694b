"""es-MX formats and complete translations."""
from __future__ import annotations

import dash
import pytest

from dashapp.i18n import fmt_money, fmt_number, fmt_pct, missing_translations, t


@pytest.mark.parametrize(("value", "lang", "compact", "expected"), [
    (1234567.8, "es", False, "$1,234,568"),
    (1234567.8, "en", False, "MX$1,234,568"),
    (7_177_800_000, "es", True, "$7,177.8 M"),  # millions of pesos, grouped, as budgets are read
    (7_177_800_000, "en", True, "MX$7,177.8M"),
    (250_000, "es", True, "$250 mil"),
    (None, "es", False, "—"),
])
def test_money(value, lang, compact, expected):
    assert fmt_money(value, lang, compact=compact) == expected


def test_numbers_and_percentages():
    assert fmt_number(126014024, "es") == "126,014,024"
    assert fmt_pct(23.7, "es") == "23.7\u00a0%"
    assert fmt_number(float("nan")) == "—"


def test_every_message_has_both_languages():
    from dashapp.app import Settings, create_app  # registers every page's messages

    create_app(Settings(db_url="sqlite:///unused.sqlite", build_dir=__import__("pathlib").Path("unused")))
    assert dash.page_registry  # pages were imported
    assert missing_translations() == []
    assert t("nav.gaps", "en") == "Gaps" and t("nav.gaps", "es") == "Brechas"
    assert t("nav.gaps", "fr") == "Brechas"  # unknown language: Spanish
