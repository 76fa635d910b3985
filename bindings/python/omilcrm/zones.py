"""Local time in Chile's time zones, from the tz database.

An office's zone is its commune's (``omilcrm.territory.time_zone("Punta Arenas")`` is
``"America/Punta_Arenas"``); the library reads the zones from the operating system's tz
database (``/usr/share/zoneinfo``, the ``tzdata`` package).
"""

from __future__ import annotations

from ._core import local_datetime, tz_database_version, utc_offset_minutes

#: Chile's mainland zone, the one ``omilcrm.today()`` and ``Database.today()`` count in.
MAINLAND = "America/Santiago"

__all__ = ["MAINLAND", "database_version", "local_datetime", "utc_offset_minutes"]


def database_version() -> str:
    """The version of the tz database the library reads ("2025b")."""
    return tz_database_version()
