"""Every component id of the app, in one place (pages import these; tests use the same strings, and the
scripts read the ids they use from the page: dashapp/browser_contract.py SCRIPT_IDS)."""

# shell
URL = "url"
HEADER = "app-header"
FOOTER = "app-footer"
BANNER = "banner"
DEMO_BANNER = "demo-banner"
LANG_SWITCH = "lang-switch"
SKIP_LINK = "skip-link"
SEARCH = "search"
SEARCH_RESULTS = "search-results"
NATIONAL_PRELOAD = "national-layer-preload"  # the page head's preload of the explorer's national layer file

# /brechas (gaps)
GAPS_NEED = "gaps-need"
GAPS_YEARS = "gaps-years"
GAPS_CRISIS_YEARS = "gaps-crisis-years"
FINDER_WEIGHT = "finder-weight"  # pattern-matching ids {"type": FINDER_WEIGHT, "slug": <criterion>}
FINDER_MIN = "finder-min"
FINDER_CRISIS = "finder-crisis"
GAPS_PHENOMENON = "gaps-phenomenon"
GAPS_STATE = "gaps-state"
GAPS_CATEGORY = "gaps-category"
GAPS_PARTNER = "gaps-partner"
GAPS_PESOS = "gaps-pesos"
GAPS_TABLE = "gaps-table"
GAPS_MAP = "gaps-map"
GAPS_DOWNLOAD_BUTTON = "gaps-download-button"
GAPS_DOWNLOAD = "gaps-download"

# /proyectos (projects table)
PROJECTS_YEARS = "projects-years"
PROJECTS_STATE = "projects-state"
PROJECTS_CATEGORY = "projects-category"
PROJECTS_GRID = "projects-grid"
PROJECTS_COUNT = "projects-count"
PROJECTS_CSV_BUTTON = "projects-csv-button"
PROJECTS_GEOJSON_BUTTON = "projects-geojson-button"
PROJECTS_DOWNLOAD = "projects-download"
PROJECTS_FILTER_NOTE = "projects-filter-note"

# search box (dashapp/search.py)
SEARCH_INPUT = "search-input"
SEARCH_LABEL = "search-label"
SEARCH_STATUS = "search-status"

# hometown page (dashapp/pages/municipio.py)
MUNI_PAGE = "muni-page"
MUNI_SHARE_URL = "muni-share-url"
MUNI_COPY = "muni-copy"
MUNI_PRINT = "muni-print"
MUNI_PRINT_DONE = "muni-print-done"
MUNI_REMITTANCES = "muni-remittances"

# not-found page (dashapp/pages/not_found_404.py)
NOT_FOUND_SUGGEST = "not-found-suggest"

# explorer, `/` (dashapp/pages/explorer.py; the same strings are used by assets/map.js)
EX_LAYER = "ex-layer"
EX_LAYER_YEAR = "ex-layer-year"
EX_OVERLAYS = "ex-overlays"
EX_YEARS = "ex-years"
EX_STATE = "ex-state"
EX_CATEGORY = "ex-category"
EX_PARTNER = "ex-partner"
EX_MODE = "ex-mode"
EX_PESOS = "ex-pesos"
EX_PHENOMENON = "ex-phenomenon"
EX_CRISIS_YEARS = "ex-crisis-years"
EX_MAP = "ex-map"
EX_MUN = "ex-mun"  # store: a municipality clicked on the national layer (national_layer.js) or in the table (map.js)
EX_MUN_STATE = "ex-mun-state"  # the focused state's municipalities, state band
EX_STATES = "ex-states"  # state outlines
EX_DETAIL = "ex-detail"  # the selected municipality in local detail
EX_CIRCLES = "ex-circles"
EX_LOCALITIES = "ex-localities"
EX_LEGEND = "ex-legend"
EX_LEGEND_WRAP = "ex-legend-wrap"
EX_SUMMARY = "ex-summary"
EX_PANEL = "ex-panel"
EX_PANEL_CLOSE = "ex-panel-close"
EX_TABLE = "ex-table"
EX_TABLE_SORT = "ex-table-sort"
EX_TABLE_MORE = "ex-table-more"
EX_TABLE_DATA = "ex-table-data"  # store: the table twin's rows (drawn by assets/map.js)
EX_DATA = "ex-data"  # store: the restyle payload (classes, values, radii), never geometry
EX_SELECTION = "ex-selection"  # store: {"cvegeo": ..., "fly": bool}
EX_FOCUS = "ex-focus"  # store: the state whose state-band file is loaded
EX_QUERY = "ex-query"  # store: the query string of the current view
EX_LANG = "ex-lang"  # store: the page language
EX_PAINTED = "ex-painted"  # store: set by assets/map.js once the map is first drawn
EX_CONTROLS = "ex-controls"  # the filter controls' box, filled once the map is first drawn
EX_FILTERS = "ex-filters"  # store: the filter controls' values, by the keys of browser_contract.CONTROLS
EX_SHOWN = "ex-shown"  # store: the overlays switched on
EX_PICKED_STATE = "ex-picked-state"  # store: the state chosen in the filter ("" = the whole country)
PROJECTS_PESOS = "projects-pesos"
