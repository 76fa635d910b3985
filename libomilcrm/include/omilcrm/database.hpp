#pragma once
// The public entry point: one Database per office file, with a repository per aggregate.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/access.hpp"
#include "omilcrm/cadence.hpp"
#include "omilcrm/data_rights.hpp"
#include "omilcrm/duplicates.hpp"
#include "omilcrm/clusters.hpp"
#include "omilcrm/csv.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/ical.hpp"
#include "omilcrm/imports.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/needs.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/open311.hpp"
#include "omilcrm/outbox.hpp"
#include "omilcrm/outreach.hpp"
#include "omilcrm/partners.hpp"
#include "omilcrm/period.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/planning.hpp"
#include "omilcrm/portfolio.hpp"
#include "omilcrm/programmes.hpp"
#include "omilcrm/referrals.hpp"
#include "omilcrm/region.hpp"
#include "omilcrm/relationships.hpp"
#include "omilcrm/reports.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/requests.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/transaction.hpp"
#include "omilcrm/vacancies.hpp"
#include "omilcrm/workload.hpp"

namespace omilcrm {

class Database;

/// Whether Database::open may create the file, and whether it may write to it.
enum class OpenMode {
    /// The default: an existing office file, read and written. A missing (or empty) file is a
    /// StorageError naming it, never a new empty database made from a mistyped name.
    ReadWrite,
    /// As ReadWrite, and a missing or empty file is created with the current schema. The folder
    /// must exist.
    Create,
    /// An existing file, read only: every write raises StorageReadOnly, and nothing is ever
    /// written to the file (no switch to WAL, no upgrade). Reading a WAL-mode file needs its
    /// -shm index beside it; SQLite creates it (and an empty -wal) when missing (docs/storage.md).
    ReadOnly,
};

/// What Database::open does with a file written by an older version of the library.
enum class Upgrade {
    /// The default: the file is refused with SchemaVersionError, naming both versions and how to
    /// upgrade it (Database::upgrade, `omilcrm migrate FILE`). Nothing is written.
    Explicit,
    /// The file is upgraded as it is opened, as Database::upgrade does (a backup first), and
    /// Database::upgraded() reports it.
    Automatic,
};

/// What an upgrade did: the file's schema version before and after, and where the copy of the
/// file as it was before is kept.
struct UpgradeReport {
    /// The file, as it was given to open.
    std::string path{};
    /// Its schema version before, and after (equal when it was already current).
    int from_version = 0;
    int to_version = 0;
    /// The backup written before upgrading, next to the file: "office.omilcrm.v11.bak" (then
    /// ".v11.2.bak", ...: an existing file is never overwritten). A single SQLite file in
    /// rollback-journal mode, at the old version; empty when nothing needed upgrading.
    std::string backup{};
};

struct OpenOptions {
    /// Where "now" comes from; defaults to the system clock.
    std::shared_ptr<const Clock> clock{};
    /// Whether a missing file is created (OpenMode::Create) and whether the file is written. A
    /// file that exists but cannot be written (permissions) is opened ReadOnly whatever this says.
    OpenMode mode = OpenMode::ReadWrite;
    /// Whether a file from an older version is upgraded as it is opened (after a backup), or
    /// refused with SchemaVersionError (the default).
    Upgrade upgrade = Upgrade::Explicit;
    /// How long a write waits while another connection holds the file's write lock before it
    /// raises StorageBusy.
    std::chrono::milliseconds busy_timeout{5000};
    /// When true, the Database refuses (with Error) to be used from any thread but the one that
    /// opened it, as Python's sqlite3 does; the Python package sets it.
    bool same_thread = false;
    /// How to sleep while waiting for the write lock (default: std::this_thread::sleep_for). A
    /// host may release its own locks meanwhile; the Python package releases the GIL here.
    std::function<void(std::chrono::microseconds)> sleep{};
    /// Asked every few thousand SQLite instructions of a running statement whether to stop it;
    /// when it answers true the statement stops and the call raises Interrupted, rolling back what
    /// it wrote. The Python package answers true once Ctrl-C was pressed.
    std::function<bool()> interrupt{};
};

/// Every repository a Database hands out, as (type, accessor): `db.offices()` returns the
/// Offices repository. Adding a repository is one line here; its accessor, the member that holds
/// it and its Python property (`db.offices`) follow from the line.
#define OMILCRM_REPOSITORIES(X)     \
    X(Offices, offices)             \
    X(Staff, staff)                 \
    X(Employers, employers)         \
    X(Contacts, contacts)           \
    X(Duplicates, duplicates)       \
    X(Clusters, clusters)           \
    X(Portfolio, portfolio)         \
    X(Interactions, interactions)   \
    X(Commitments, commitments)     \
    X(FollowUps, follow_ups)        \
    X(Cadence, cadence)             \
    X(Planner, planner)             \
    X(Calendar, calendar)           \
    X(Departments, departments)     \
    X(ServiceCatalogue, catalogue)  \
    X(RoutingRules, routing)        \
    X(Requests, requests)           \
    X(CheckIns, checkins)           \
    X(Needs, needs)                 \
    X(Outbox, outbox)               \
    X(Open311, open311)             \
    X(Vacancies, vacancies)         \
    X(Seekers, seekers)             \
    X(Referrals, referrals)         \
    X(Placements, placements)       \
    X(Programmes, programmes)       \
    X(Matching, matching)           \
    X(Reports, reports)             \
    X(Relationships, relationships) \
    X(Workload, workload)           \
    X(Events, events)               \
    X(Outreach, outreach)           \
    X(Partners, partners)           \
    X(Regional, regional)           \
    X(Imports, imports)             \
    X(Access, access)               \
    X(DataRights, data_rights)

/// One connection to an office's file, with its repositories.
///
/// Threads: a Database (and the repositories it hands out) is used by one thread at a time, as
/// a SQLite connection opened without its own mutex; to work from several threads, open one
/// Database per thread on the same file (the write-ahead log lets them read while one writes).
/// Writes take the file's write lock when they start (BEGIN IMMEDIATE), so the checks a write
/// makes and the write itself are never split by another connection's write; a write that
/// finds the lock taken waits up to busy_timeout, then raises StorageBusy.
class Database {
public:
    /// Opens an office database file; ":memory:" for a private in-memory one (always new).
    ///
    /// The file must exist unless `options.mode` is OpenMode::Create: a missing or empty file is
    /// a StorageError naming the path. A file from an older library version is refused with
    /// SchemaVersionError (both versions, and how to upgrade) unless `options.upgrade` is
    /// Upgrade::Automatic; one from a newer version is always refused, and a file that is not an
    /// omilcrm database too (StorageError); each is left untouched.
    ///
    ///     auto db = Database::open("concon.omilcrm", {.mode = OpenMode::Create});
    static Database open(const std::string& path, OpenOptions options = {});

    /// Upgrades an office file written by an older version to this version's schema: first a
    /// backup of the file next to it ("office.omilcrm.v11.bak", made with SQLite's backup API
    /// under the file's write lock, so nothing written before the upgrade is missing from it),
    /// then every migration in one transaction, under the same lock. Other connections may keep
    /// the file open; their writes wait. A file already current is left as it is (the report's
    /// backup is empty). Raises StorageError for a missing file, SchemaVersionError for a newer
    /// one; a failed upgrade leaves the file as it was, and no backup. `options.mode` and
    /// `options.upgrade` are ignored.
    ///
    ///     const auto r = Database::upgrade("concon.omilcrm");  // r.backup: "concon.omilcrm.v11.bak"
    static UpgradeReport upgrade(const std::string& path, OpenOptions options = {});

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

#define OMILCRM_REPOSITORY_ACCESSOR(Type, name) \
    Type& name() noexcept { return name##_; }
    OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_ACCESSOR)
#undef OMILCRM_REPOSITORY_ACCESSOR

    /// Starts an explicit transaction (nested ones become savepoints).
    Transaction transaction();

    /// Closes the file now (it is also closed when the Database is destroyed). Any later use
    /// raises StorageError. Refused while a transaction is open.
    void close();
    bool is_open() const noexcept;
    /// True when the file was opened read-only (asked for, or the file is not writable).
    bool read_only() const noexcept;

    const std::string& path() const noexcept;
    const Clock& clock() const noexcept;
    /// Today in Chile's mainland zone (America/Santiago) by the database's clock.
    Date today() const { return clock().today(); }
    /// Today where the office is: in its commune's time zone (Office::time_zone()).
    Date today(Id office_id) const;
    /// The schema version of the open file, and the one this library writes.
    int schema_version() const;
    static int latest_schema_version() noexcept;
    /// What open() upgraded, when it was asked to (Upgrade::Automatic) and the file was older;
    /// nullopt otherwise.
    const std::optional<UpgradeReport>& upgraded() const noexcept;

private:
    explicit Database(std::unique_ptr<detail::DbImpl> impl);
    std::unique_ptr<detail::DbImpl> impl_;
    std::optional<UpgradeReport> upgraded_;
#define OMILCRM_REPOSITORY_MEMBER(Type, name) Type name##_;
    OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_MEMBER)
#undef OMILCRM_REPOSITORY_MEMBER
};

}  // namespace omilcrm
