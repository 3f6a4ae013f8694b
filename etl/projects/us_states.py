"""US states as clubs' lists write them ("CA", "Calif.", "california") -> the English name."""
from __future__ import annotations

import re

import pandas as pd

from core.names import fold

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
# Spanish spellings used in Mexican lists
_SPANISH = {"CALIFORNIA": "California", "TEJAS": "Texas", "CAROLINA DEL NORTE": "North Carolina",
            "CAROLINA DEL SUR": "South Carolina", "NUEVA YORK": "New York", "NUEVO MEXICO": "New Mexico",
            "NUEVA JERSEY": "New Jersey", "FLORIDA": "Florida", "PENSILVANIA": "Pennsylvania",
            "LUISIANA": "Louisiana", "MISISIPI": "Mississippi", "MISURI": "Missouri", "OREGON": "Oregon",
            "ILINOIS": "Illinois", "ARIZONA": "Arizona", "COLORADO": "Colorado", "NEVADA": "Nevada"}
_BY_NAME = {name.upper(): name for name in US_STATES.values()} | _SPANISH


def us_state_name(text: object) -> str | None:
    """The English name of a US state written as a code or a name; other text is kept as written."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    key = " ".join(re.sub(r"[0-9]+", " ", fold(text)).split()).upper()  # letters only: "CA 2" is CA
    if not key:
        return None
    return US_STATES.get(key) or _BY_NAME.get(key) or str(text).strip()
