"""libomilcrm: employer relationships for Chile's municipal employment offices (OMIL).

import omilcrm
db = omilcrm.open("concon.omilcrm")
office = db.offices.add(name="OMIL Concón", commune="concon")
"""

from __future__ import annotations

import datetime as _dt
import os as _os

from . import territory
from ._core import (
    Cadence,
    CadencePolicy,
    Calendar,
    Cluster,
    Clusters,
    Commitment,
    Commitments,
    Conflict,
    Contact,
    Contacts,
    CsvDocument,
    Database,
    Department,
    Departments,
    DueItem,
    Employer,
    Employers,
    Error,
    Event,
    EventGuest,
    Events,
    FollowUp,
    FollowUps,
    ImportReport,
    ImportResult,
    Imports,
    Interaction,
    InteractionRevision,
    Interactions,
    JobSeeker,
    LeftOut,
    Match,
    MatchFactor,
    Matching,
    Membership,
    NotFound,
    Occupation,
    Office,
    Offices,
    Open311,
    Open311Response,
    Outreach,
    OutreachAsset,
    Ownership,
    Placement,
    PlacementCheck,
    Placements,
    Plan,
    PlannedVisit,
    Planner,
    Portfolio,
    Programme,
    ProgrammeOffer,
    Programmes,
    Recurrence,
    Referral,
    ReferralEvent,
    Referrals,
    Regional,
    RegionalDirectorate,
    Reports,
    Representative,
    RequestEvent,
    Requests,
    RoutingRule,
    RoutingRules,
    RowProblem,
    Rut,
    Seekers,
    ServerHandle,
    ServiceCatalogue,
    ServiceCategory,
    ServiceRequest,
    Showing,
    Staff,
    StaffMember,
    Stop,
    StorageBusy,
    StorageCorrupt,
    StorageError,
    StorageFull,
    StorageReadOnly,
    Table,
    Transaction,
    Vacancies,
    Vacancy,
    ValidationError,
    VisitingWindow,
    WorkshopAttendance,
    __version__,
    explain_match,
    isco_occupation,
    isco_occupations,
    isco_path,
    normalize_email,
    normalize_phone,
    rank_seekers,
    read_csv,
    territorial_balance,
    vacancy_status,
)
from ._core import serve as _serve
from ._frames import to_pandas
from ._sheets import read_xlsx, write_xlsx

__all__ = [
    "Cadence",
    "CadencePolicy",
    "Commitment",
    "Commitments",
    "DueItem",
    "FollowUp",
    "FollowUps",
    "Interaction",
    "InteractionRevision",
    "Interactions",
    "Calendar",
    "LeftOut",
    "Plan",
    "PlannedVisit",
    "Planner",
    "Stop",
    "Department",
    "Departments",
    "RequestEvent",
    "Requests",
    "RoutingRule",
    "RoutingRules",
    "Open311",
    "Open311Response",
    "ServiceCatalogue",
    "ServiceCategory",
    "ServiceRequest",
    "Cluster",
    "Clusters",
    "Conflict",
    "Contact",
    "Contacts",
    "Database",
    "Employer",
    "Employers",
    "Error",
    "Membership",
    "NotFound",
    "Office",
    "Offices",
    "Ownership",
    "Portfolio",
    "Recurrence",
    "Rut",
    "Staff",
    "StaffMember",
    "StorageError",
    "StorageBusy",
    "StorageCorrupt",
    "StorageFull",
    "StorageReadOnly",
    "Table",
    "Transaction",
    "ValidationError",
    "VisitingWindow",
    "__version__",
    "normalize_email",
    "normalize_phone",
    "open",
    "territory",
    "to_pandas",
    "JobSeeker",
    "Match",
    "MatchFactor",
    "Matching",
    "Occupation",
    "Placement",
    "PlacementCheck",
    "Placements",
    "Programme",
    "ProgrammeOffer",
    "Programmes",
    "Referral",
    "ReferralEvent",
    "Referrals",
    "Reports",
    "Seekers",
    "Vacancies",
    "Vacancy",
    "WorkshopAttendance",
    "explain_match",
    "isco_occupation",
    "isco_occupations",
    "isco_path",
    "rank_seekers",
    "vacancy_status",
    "Event",
    "EventGuest",
    "Events",
    "ImportResult",
    "Outreach",
    "OutreachAsset",
    "Regional",
    "RegionalDirectorate",
    "Representative",
    "Showing",
    "territorial_balance",
    "CsvDocument",
    "ImportReport",
    "Imports",
    "RowProblem",
    "read_csv",
    "read_xlsx",
    "write_xlsx",
    "ServerHandle",
    "serve",
]


def open(  # noqa: A001 - the natural name, as in io.open
    path: str | _os.PathLike[str] = ":memory:",
    *,
    today: _dt.date | None = None,
    mode: str = "create",
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> Database:
    """Open (creating or upgrading) an office database file; ":memory:" for a scratch one.

    `today` fixes the database's clock (for reproducible notebooks and tests); by default it
    is the real date in America/Santiago.

    `mode`: "create" (the default) creates a missing file; "must_exist" raises StorageError for
    a missing file instead; "read_only" never changes the file (writes raise StorageReadOnly).
    A file that is not writable is opened read-only whatever the mode.

    `timeout`: seconds a write waits while another connection holds the file's write lock,
    before StorageBusy. The wait releases the GIL.

    `check_same_thread`: a Database belongs to the thread that opened it, as in sqlite3; use
    from another thread raises Error. Open one Database per thread on the same file.
    """
    return Database.open(_os.fspath(path), today, mode, timeout, check_same_thread)


def serve(
    db_path: str | _os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 0,
    threads: int = 2,
    cors: str | list[str] | None = None,
    *,
    max_body_bytes: int = 1 << 20,
    today: _dt.date | None = None,
) -> ServerHandle:
    """Serve the HTTP API over an office database file from a background thread of this process.

    The same server as `omilcrm serve`. `port=0` takes any free port; the handle's `url` and
    `port` say which. `threads` requests are answered at once, without the GIL. `cors`: the
    origins a browser may call it from ("*" for any). A request body over `max_body_bytes` is
    refused with 413. `today` fixes the API's clock, as in omilcrm.open().

    The file must exist (StorageError otherwise); an address in use raises OSError. Use it as a
    context manager, or call stop(): in-flight requests are answered, then the thread is joined.
    """
    origins = [] if cors is None else [cors] if isinstance(cors, str) else list(cors)
    return _serve(_os.fspath(db_path), host, port, threads, origins, max_body_bytes, today)


Table.to_pandas = to_pandas  # type: ignore[attr-defined]
