"""libomilcrm: employer relationships for Chile's municipal employment offices (OMIL).

    import omilcrm
    db = omilcrm.open("concon.omilcrm")
    office = db.offices.add(name="OMIL Concón", commune="concon")
"""

from __future__ import annotations

import datetime as _dt
import os as _os
from typing import Union

from . import territory
from ._core import (
    Cadence,
    CadencePolicy,
    Calendar,
    Cluster,
    Clusters,
    Conflict,
    Contact,
    Commitment,
    Commitments,
    Contacts,
    Database,
    Department,
    Departments,
    DueItem,
    Employer,
    Employers,
    Error,
    FollowUp,
    FollowUps,
    Interaction,
    InteractionRevision,
    Interactions,
    LeftOut,
    Membership,
    NotFound,
    Office,
    Offices,
    Open311,
    Open311Response,
    Ownership,
    Plan,
    PlannedVisit,
    Planner,
    Portfolio,
    RequestEvent,
    Requests,
    RoutingRule,
    RoutingRules,
    ServiceCatalogue,
    ServiceCategory,
    ServiceRequest,
    Recurrence,
    Rut,
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
    ValidationError,
    VisitingWindow,
    JobSeeker,
    Match,
    MatchFactor,
    Matching,
    Occupation,
    Placement,
    PlacementCheck,
    Placements,
    Programme,
    ProgrammeOffer,
    Programmes,
    Referral,
    ReferralEvent,
    Referrals,
    Reports,
    Seekers,
    Vacancies,
    Vacancy,
    WorkshopAttendance,
    explain_match,
    isco_occupation,
    isco_occupations,
    isco_path,
    rank_seekers,
    vacancy_status,
    Event,
    EventGuest,
    Events,
    ImportResult,
    Outreach,
    OutreachAsset,
    Regional,
    RegionalDirectorate,
    Representative,
    Showing,
    territorial_balance,
    CsvDocument,
    ImportReport,
    Imports,
    RowProblem,
    read_csv,
    __version__,
    normalize_email,
    normalize_phone,
)
from ._frames import to_pandas
from ._sheets import read_xlsx, write_xlsx

__all__ = [
    "Cadence", "CadencePolicy", "Commitment", "Commitments", "DueItem", "FollowUp", "FollowUps",
    "Interaction", "InteractionRevision", "Interactions", "Calendar", "LeftOut", "Plan",
    "PlannedVisit", "Planner", "Stop", "Department", "Departments", "RequestEvent", "Requests",
    "RoutingRule", "RoutingRules", "Open311", "Open311Response", "ServiceCatalogue", "ServiceCategory", "ServiceRequest",
    "Cluster", "Clusters", "Conflict", "Contact", "Contacts", "Database", "Employer",
    "Employers", "Error", "Membership", "NotFound", "Office", "Offices", "Ownership",
    "Portfolio", "Recurrence", "Rut", "Staff", "StaffMember", "StorageError", "StorageBusy", "StorageCorrupt", "StorageFull",
    "StorageReadOnly", "Table",
    "Transaction", "ValidationError", "VisitingWindow", "__version__", "normalize_email",
    "normalize_phone", "open", "territory", "to_pandas",
    "JobSeeker", "Match", "MatchFactor", "Matching", "Occupation", "Placement", "PlacementCheck",
    "Placements", "Programme", "ProgrammeOffer", "Programmes", "Referral", "ReferralEvent",
    "Referrals", "Reports", "Seekers", "Vacancies", "Vacancy", "WorkshopAttendance",
    "explain_match", "isco_occupation", "isco_occupations", "isco_path", "rank_seekers",
    "vacancy_status", "Event", "EventGuest", "Events", "ImportResult", "Outreach", "OutreachAsset",
    "Regional", "RegionalDirectorate", "Representative", "Showing", "territorial_balance",
    "CsvDocument", "ImportReport", "Imports", "RowProblem", "read_csv", "read_xlsx", "write_xlsx",
]


def open(  # noqa: A001 - the natural name, as in io.open
    path: Union[str, "_os.PathLike[str]"] = ":memory:",
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


Table.to_pandas = to_pandas  # type: ignore[attr-defined]
