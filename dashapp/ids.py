"""Every component id of the app, in one place (pages import these; tests and JS use the same strings)."""

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

# /brechas (gaps)
GAPS_NEED = "gaps-need"
GAPS_YEARS = "gaps-years"
GAPS_CRISIS_YEARS = "gaps-crisis-years"
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
