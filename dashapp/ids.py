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
