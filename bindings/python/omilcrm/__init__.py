"""libomilcrm: employer relationships for Chile's municipal employment offices (OMIL).

import omilcrm
db = omilcrm.open("concon.omilcrm", create=True)
office = db.offices.add(name="OMIL Concón", commune="concon")
"""

from __future__ import annotations

# The compiled module's calls are wrapped (below, _arguments) before their names are imported
# from it, so the imports after that line are not at the top of the file.
# ruff: noqa: E402
import datetime as _dt
import os as _os
import warnings as _warnings

from . import _arguments, _core, territory, zones

# A call whose arguments fit no signature says, in one line, which argument and why.
_arguments.explain_calls(_core)

from ._core import (
    Access,
    ActingAs,
    Activity,
    Actor,
    AssetAppearance,
    Cadence,
    CadencePolicy,
    Calendar,
    CheckIn,
    CheckIns,
    Cluster,
    Clusters,
    Commitment,
    Commitments,
    Conflict,
    ConsentRecord,
    Contact,
    Contacts,
    CsvDocument,
    Database,
    DataRights,
    Deadline,
    Department,
    Departments,
    DueItem,
    DuplicateCandidate,
    Duplicates,
    Employer,
    EmployerMerge,
    EmployerNeed,
    Employers,
    EmployerStage,
    EmployerUpdate,
    ErasureOutcome,
    Error,
    Event,
    EventGuest,
    EventPartner,
    Events,
    FollowUp,
    FollowUps,
    Forbidden,
    ImportDuplicate,
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
    Message,
    MessageTemplate,
    Needs,
    NewCadencePolicy,
    NewCluster,
    NewClusterMeeting,
    NewCommitment,
    NewContact,
    NewEmployer,
    NewEvent,
    NewFollowUp,
    NewInteraction,
    NewJobSeeker,
    NewOffice,
    NewParticipant,
    NewPartner,
    NewPlacement,
    NewServiceRequest,
    NewShowing,
    NewStaffMember,
    NewVacancy,
    NotFound,
    Occupation,
    Office,
    Offices,
    Open311,
    Open311Response,
    Outbox,
    Outreach,
    OutreachAsset,
    Ownership,
    Participant,
    Partner,
    Partners,
    Placement,
    PlacementCheck,
    Placements,
    Plan,
    PlannedVisit,
    Planner,
    Portfolio,
    Principal,
    Programme,
    ProgrammeOffer,
    Programmes,
    Recipient,
    Recurrence,
    Referral,
    ReferralEvent,
    Referrals,
    Regional,
    RegionalDirectorate,
    Relationships,
    Reports,
    Representative,
    RequestEvent,
    RequestPhoto,
    Requests,
    RetentionItem,
    RightsRequest,
    RoutingRule,
    RoutingRules,
    RowProblem,
    Rut,
    SchemaVersionError,
    SeekerRestriction,
    Seekers,
    SeekerUpdate,
    SendReport,
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
    SubjectAccess,
    Table,
    Token,
    Transaction,
    UpgradeReport,
    Vacancies,
    Vacancy,
    ValidationError,
    VisitingWindow,
    Workload,
    WorkshopAttendance,
    __version__,
    ciiu_activities,
    ciiu_activity,
    ciiu_path,
    ciiu_search,
    describe_purpose,
    explain_match,
    isco_occupation,
    isco_occupations,
    isco_path,
    normalize_email,
    normalize_phone,
    rank_seekers,
    read_csv,
    rights_due_on,
    template_fields,
    territorial_balance,
    today,
    vacancy_status,
)
from ._core import serve as _serve
from ._frames import to_pandas
from ._sheets import read_xlsx, write_xlsx

__all__ = [
    "Access",
    "ConsentRecord",
    "DataRights",
    "ErasureOutcome",
    "Recipient",
    "RetentionItem",
    "RightsRequest",
    "SeekerRestriction",
    "SubjectAccess",
    "rights_due_on",
    "ActingAs",
    "Activity",
    "Actor",
    "Principal",
    "Token",
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
    "RequestPhoto",
    "Requests",
    "CheckIn",
    "CheckIns",
    "Deadline",
    "RoutingRule",
    "RoutingRules",
    "Open311",
    "Open311Response",
    "ServiceCatalogue",
    "ServiceCategory",
    "ServiceRequest",
    "Message",
    "MessageTemplate",
    "Outbox",
    "SendReport",
    "template_fields",
    "Cluster",
    "Clusters",
    "Conflict",
    "Contact",
    "Contacts",
    "Database",
    "DuplicateCandidate",
    "Duplicates",
    "Employer",
    "EmployerMerge",
    "EmployerNeed",
    "EmployerStage",
    "Employers",
    "Error",
    "Forbidden",
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
    "SchemaVersionError",
    "Table",
    "Transaction",
    "ValidationError",
    "VisitingWindow",
    "__version__",
    "normalize_email",
    "normalize_phone",
    "today",
    "open",
    "upgrade",
    "UpgradeReport",
    "territory",
    "zones",
    "to_pandas",
    "JobSeeker",
    "Match",
    "MatchFactor",
    "Matching",
    "Needs",
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
    "Relationships",
    "Reports",
    "Seekers",
    "Vacancies",
    "Vacancy",
    "Workload",
    "WorkshopAttendance",
    "describe_purpose",
    "explain_match",
    "ciiu_activities",
    "ciiu_activity",
    "ciiu_path",
    "ciiu_search",
    "isco_occupation",
    "isco_occupations",
    "isco_path",
    "rank_seekers",
    "vacancy_status",
    "Event",
    "EventGuest",
    "EventPartner",
    "Events",
    "AssetAppearance",
    "Partner",
    "Partners",
    "NewPartner",
    "Participant",
    "NewParticipant",
    "ImportResult",
    "Outreach",
    "OutreachAsset",
    "Regional",
    "RegionalDirectorate",
    "Representative",
    "Showing",
    "territorial_balance",
    "CsvDocument",
    "ImportDuplicate",
    "ImportReport",
    "Imports",
    "RowProblem",
    "read_csv",
    "read_xlsx",
    "write_xlsx",
    "EmployerUpdate",
    "NewCadencePolicy",
    "NewCluster",
    "NewClusterMeeting",
    "NewCommitment",
    "NewContact",
    "NewEmployer",
    "NewEvent",
    "NewFollowUp",
    "NewInteraction",
    "NewJobSeeker",
    "NewOffice",
    "NewPlacement",
    "NewServiceRequest",
    "NewShowing",
    "NewStaffMember",
    "NewVacancy",
    "SeekerUpdate",
    "ServerHandle",
    "serve",
]


_MODES = {"create": (True, False), "must_exist": (False, False), "read_only": (False, True)}


def open(  # noqa: A001 - the natural name, as in io.open
    path: str | _os.PathLike[str] = ":memory:",
    *,
    create: bool = False,
    read_only: bool = False,
    upgrade: bool = False,
    today: _dt.date | None = None,
    timeout: float = 5.0,
    check_same_thread: bool = True,
    mode: str | None = None,
) -> Database:
    """Open an office database file; ":memory:" (the default) for a private scratch one.

    The file must exist: a missing (or empty) file raises StorageError naming it, rather than
    becoming an empty database whose reports are all zeros. `create=True` creates it (the
    folder must exist); an existing file is then opened as it is.

    `read_only=True` never writes to the file: no switch to WAL, no upgrade; every write
    raises StorageReadOnly. A file that is not writable is opened read-only anyway. Reading a
    WAL-mode file needs its `-shm` index: SQLite creates it (and an empty `-wal`) beside the
    file when missing; the file itself is untouched (docs/storage.md).

    A file written by an older omilcrm raises SchemaVersionError, naming both versions, unless
    `upgrade=True`: then it is upgraded as omilcrm.upgrade() does (a backup first), and
    `db.upgraded` reports it. A file from a newer omilcrm is always refused, untouched.

    `today` fixes the database's clock (for reproducible notebooks and tests); by default it
    is the real date in America/Santiago.

    `timeout`: seconds a write waits while another connection holds the file's write lock,
    before StorageBusy. The wait releases the GIL.

    `check_same_thread`: a Database belongs to the thread that opened it, as in sqlite3; use
    from another thread raises Error. Open one Database per thread on the same file.

    `mode` is the older spelling, kept working with a DeprecationWarning: "create"
    (create=True), "must_exist" (the default now), "read_only" (read_only=True).

    Example:
        db = omilcrm.open("concon.omilcrm", create=True)   # a new office file
        db = omilcrm.open("concon.omilcrm")                 # later: it must exist
        ro = omilcrm.open("concon.omilcrm", read_only=True)
    """
    if mode is not None:
        if mode not in _MODES:
            reason = "expected one of create, must_exist, read_only"
            raise ValidationError(f'invalid mode "{mode}": {reason}', "mode", mode, reason)
        _warnings.warn(
            f'omilcrm.open(mode="{mode}") is deprecated: use create=True or read_only=True',
            DeprecationWarning,
            stacklevel=2,
        )
        create, read_only = create or _MODES[mode][0], read_only or _MODES[mode][1]
    return Database.open(_os.fspath(path), today, create, read_only, upgrade, timeout, check_same_thread)


def upgrade(path: str | _os.PathLike[str], *, timeout: float = 5.0) -> UpgradeReport:
    """Upgrade an office file written by an older omilcrm to this version's schema.

    A backup of the file is written first, next to it: `office.omilcrm.v11.bak` for a file at
    schema version 11 (`.v11.2.bak`, ... when that exists; nothing is overwritten), taken with
    SQLite's backup API under the file's write lock; then the file is upgraded in one
    transaction under the same lock. If anything fails the file is as it was, and there is no
    backup. Others may keep the file open meanwhile; their writes wait (up to `timeout`
    seconds). A file that is already current is left alone. The same as `omilcrm migrate FILE`.

    Returns an UpgradeReport: `from_version`, `to_version` and `backup` (None when nothing was
    done). Raises StorageError for a missing, empty or foreign file, SchemaVersionError for a
    file from a newer omilcrm, StorageReadOnly when the file is not writable.

    Example:
        report = omilcrm.upgrade("concon.omilcrm")
        print(report.from_version, report.to_version, report.backup)
    """
    return Database.upgrade(_os.fspath(path), timeout)


def serve(
    db_path: str | _os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 0,
    threads: int = 2,
    cors: str | list[str] | None = None,
    *,
    max_body_bytes: int = 1 << 20,
    today: _dt.date | None = None,
    static: str | _os.PathLike[str] | None = None,
    open311_public: bool = False,
) -> ServerHandle:
    """Serve the HTTP API over an office database file from a background thread of this process.

    The same server as `omilcrm serve`. `port=0` takes any free port; the handle's `url` and
    `port` say which. `threads` requests are answered at once, without the GIL. `cors`: the
    origins a browser may call it from ("*" for any). A request body over `max_body_bytes` is
    refused with 413. `today` fixes the API's clock, as in omilcrm.open(). `static`: a directory
    of a front end's files, served for paths no API route takes (as `omilcrm serve --static`);
    ValidationError when it is not a directory. `open311_public`: anyone may read the service
    requests at /open311/v2/requests (a public 311 map); otherwise a reader needs an api_key
    allowed to read them.

    The file must exist (StorageError otherwise) and be at this version's schema
    (SchemaVersionError otherwise: omilcrm.upgrade() first); an address in use raises OSError. Use it as a
    context manager, or call stop(): in-flight requests are answered, then the thread is joined.
    """
    path = _os.fspath(db_path)
    open(path).close()  # a missing, empty or older file: refused here, in this package's terms
    origins = [] if cors is None else [cors] if isinstance(cors, str) else list(cors)
    root = "" if static is None else _os.fspath(static)
    return _serve(path, host, port, threads, origins, max_body_bytes, today, root, open311_public)
