"""3x1 project lists: import the lists that state and federal offices publish, and generate the
labelled demonstration list that stands in for them until a real one is supplied.

One job per module:
  headers     which published column is which (year, place, the four contributions, club ...)
  money       peso cells ("$ 1,234.50", "n.d", "(5,000)") -> value and problem
  catalog     project types and categories; the operating-rule split and `split_flag`
  reading     CSV (encoding, delimiter) and XLSX files -> numbered text rows
  rows        per-row checks before places: duplicates, TOTAL rows, years, amounts
  placing     keys as published, abbreviations, localities; calls the shared place resolver
  us_states   club US states as written ("CA", "Tejas") -> English names
  importer    a published list -> `projects` rows + rejects + accounting (`import_project_list`)
  demo_shape  yearly curve, state and municipality weights of the demonstration list
  demo_text   type mix, generic project names, club placeholders
  demo        the synthetic list (`generate_demo_projects`, every row is_synthetic)
  calibrate   the synthetic list against the cited figures (`calibrate`)
"""
from __future__ import annotations
