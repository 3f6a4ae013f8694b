"""The store's Spanish vocabularies in the reader's language: grades, phenomena, declaration kinds,
project types.

The store keeps them as published (Spanish); the pages show them through the catalogue
(dashapp/locale: `grade.<n>`, `phenomenon.<text>`, `declaration_kind.<text>`, `project_type.<text>`).
A term the catalogue does not know is shown as it comes.
"""
from __future__ import annotations

from dashapp.i18n import lookup

GRADES = range(6)  # 0 "Nulo" .. 5 "Muy alto": the ordinals of CONEVAL's and CONAPO's grades


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def grade_name(value: object, lang: str) -> str | None:
    """The name of grade ordinal `value` (0-5) in `lang`; None when `value` is not a grade."""
    try:
        ordinal = int(value)
    except (TypeError, ValueError):
        return None
    return lookup(f"grade.{ordinal}", lang) if ordinal in GRADES else None


def grade_label(value: float | None, category: str | None, lang: str) -> str:
    """A grade's label in the language (the published Spanish label when the ordinal is unknown)."""
    return grade_name(value, lang) or category or "—"


def translate_grade(label: object, lang: str) -> object:
    """A published Spanish grade label ("Muy alto") in `lang`; any other value as it is."""
    if not isinstance(label, str):
        return label
    for ordinal in GRADES:
        if label == lookup(f"grade.{ordinal}", "es"):
            return lookup(f"grade.{ordinal}", lang)
    return label


def phenomenon_label(text: str, lang: str) -> str:
    """A phenomenon ("huracán") in `lang`, capitalised."""
    return _capital(lookup(f"phenomenon.{text}", lang) or text)


def kind_label(text: str, lang: str) -> str:
    """A declaration kind ("emergencia") in `lang`."""
    return lookup(f"declaration_kind.{text}", lang) or text


def type_label(text: object, lang: str) -> str:
    """A project type ("agua potable") in `lang`, capitalised; '—' when there is none."""
    if not isinstance(text, str) or not text:
        return "—"
    return _capital(lookup(f"project_type.{text}", lang) or text)
