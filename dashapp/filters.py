"""The filter state shared by the map, the tables, the exports and the API, and its query string.

Every page state is a URL: `Filters.from_query` reads one (rejecting bad values with a message
that names the parameter, the value and what is allowed) and `to_query` writes one. Pure code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

PROGRAM_YEARS = (2002, 2020)
CRISIS_YEARS = (2017, 2025)  # the default crisis window: the declarations' years
CRISIS_BOUNDS = (2000, 2025)  # what anio_decl may ask for: CENAPRED's impact record starts in 2000
PHENOMENON_SLUGS = {"geologico": "geológico", "hidrometeorologico": "hidrometeorológico", "incendio": "incendio"}
CATEGORIES = {
    "infraestructura": "infraestructura social básica",
    "servicios": "servicios comunitarios",
    "productivos": "proyectos productivos",
    "educativos": "proyectos educativos",
}
PARTNERS = ("total", "federal", "state", "municipal", "migrant")
MONEY_MODES = ("total", "per_capita")
PESOS = ("constant", "current")
_STATE = re.compile(r"^\d{1,2}$")
_CVEGEO = re.compile(r"^\d{5}$")


class FilterError(ValueError):
    """A query parameter with a value outside what is allowed; the message says which and why."""

    def __init__(self, param: str, value: str, allowed: str):
        self.param, self.value, self.allowed = param, value, allowed
        super().__init__(f"parameter {param!r}: {value[:60]!r} is not valid; allowed: {allowed}")


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] = PROGRAM_YEARS
    state: str | None = None  # 2-digit cve_ent
    category: str | None = None  # slug of CATEGORIES
    phenomenon: str | None = None  # slug of PHENOMENON_SLUGS
    crisis_years: tuple[int, int] = CRISIS_YEARS
    partner: str = "total"
    money_mode: str = "total"
    pesos: str = "constant"
    layer: str | None = None  # "<indicator_id>:<year>", validated against the layer catalogue by the page
    selected: str | None = None  # cvegeo

    @classmethod
    def from_query(cls, query: dict[str, str | list[str]]) -> Filters:
        """Parse query parameters (Spanish names, as in shared URLs). Unknown parameters are ignored."""
        q = {k: (v[0] if isinstance(v, list) else v) for k, v in query.items() if v not in (None, "", [])}
        return cls(
            years=_year_range(q.get("anio"), PROGRAM_YEARS, "anio"),
            state=_state(q.get("estado")),
            category=_choice(q.get("tipo"), tuple(CATEGORIES), "tipo"),
            phenomenon=_choice(q.get("fenomeno"), tuple(PHENOMENON_SLUGS), "fenomeno"),
            crisis_years=_year_range(q.get("anio_decl"), CRISIS_BOUNDS, "anio_decl", CRISIS_YEARS),
            partner=_choice(q.get("socio"), PARTNERS, "socio") or "total",
            money_mode=_choice(q.get("modo"), MONEY_MODES, "modo") or "total",
            pesos=_choice(q.get("pesos"), PESOS, "pesos") or "constant",
            layer=_layer(q.get("capa")),
            selected=_cvegeo(q.get("sel")),
        )

    @classmethod
    def lenient(cls, query: dict[str, str | list[str]]) -> Filters:
        """Like from_query but a bad parameter falls back to its default (pages must never fail)."""
        clean = {}
        for key, value in query.items():
            try:
                cls.from_query({key: value})
                clean[key] = value
            except FilterError:
                continue
        return cls.from_query(clean)

    def to_query(self, **extra: str | None) -> str:
        """The query string for this state, defaults left out; `extra` adds e.g. lang or map view."""
        default = Filters()
        params: dict[str, str] = {}
        if self.years != default.years:
            params["anio"] = _fmt_range(self.years)
        if self.state:
            params["estado"] = self.state
        if self.category:
            params["tipo"] = self.category
        if self.phenomenon:
            params["fenomeno"] = self.phenomenon
        if self.crisis_years != default.crisis_years:
            params["anio_decl"] = _fmt_range(self.crisis_years)
        for name, key in (("partner", "socio"), ("money_mode", "modo"), ("pesos", "pesos")):
            if getattr(self, name) != getattr(default, name):
                params[key] = getattr(self, name)
        if self.layer:
            params["capa"] = self.layer
        if self.selected:
            params["sel"] = self.selected
        params.update({k: v for k, v in extra.items() if v})
        return ("?" + urlencode(params)) if params else ""

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)

    @property
    def category_label(self) -> str | None:
        return CATEGORIES.get(self.category) if self.category else None

    @property
    def phenomenon_group(self) -> str | None:
        return PHENOMENON_SLUGS.get(self.phenomenon) if self.phenomenon else None


def _fmt_range(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _year_range(text: str | None, bounds: tuple[int, int], param: str,
                default: tuple[int, int] | None = None) -> tuple[int, int]:
    if text is None:
        return default or bounds
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", str(text))
    allowed = f"a year or a range YYYY-YYYY within {bounds[0]}-{bounds[1]}"
    if not match:
        raise FilterError(param, str(text), allowed)
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if not (bounds[0] <= start <= end <= bounds[1]):
        raise FilterError(param, str(text), allowed)
    return start, end


def _state(text: str | None) -> str | None:
    if text is None:
        return None
    if not _STATE.fullmatch(str(text)) or not 1 <= int(text) <= 32:
        raise FilterError("estado", str(text), "a state key 1-32 (e.g. 32 for Zacatecas)")
    return f"{int(text):02d}"


def _choice(text: str | None, allowed: tuple[str, ...], param: str) -> str | None:
    if text is None:
        return None
    if text not in allowed:
        raise FilterError(param, str(text), ", ".join(allowed))
    return text


def _layer(text: str | None) -> str | None:
    if text is None:
        return None
    if not re.fullmatch(r"[a-z0-9_]{1,40}:\d{4}", str(text)):
        raise FilterError("capa", str(text), "<indicator>:<year>, e.g. poverty_pct:2020")
    return text


def _cvegeo(text: str | None) -> str | None:
    if text is None:
        return None
    if not _CVEGEO.fullmatch(str(text)):
        raise FilterError("sel", str(text), "a 5-digit municipality key (CVEGEO), e.g. 32020")
    return text
