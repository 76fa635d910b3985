"""Chile's 16 regions, 56 provinces and 346 communes with their CUT codes.

Look-ups ignore case and accents: ``territory.commune("concon").code == "05103"``; each commune
has its time zone: ``territory.time_zone("Punta Arenas") == "America/Punta_Arenas"``.
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
    time_zone,
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
    "time_zone",
]
