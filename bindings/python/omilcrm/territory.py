"""Chile's 16 regions, 56 provinces and 346 communes with their CUT codes.

Look-ups ignore case and accents: ``territory.commune("concon").code == "05103"``.
"""

from __future__ import annotations

from ._core import (
    Commune,
    Province,
    Region,
    commune,
    communes,
    find_commune,
    province,
    provinces,
    region,
    regions,
)

__all__ = [
    "Commune",
    "Province",
    "Region",
    "commune",
    "communes",
    "find_commune",
    "province",
    "provinces",
    "region",
    "regions",
]
