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
#include "omilcrm/clusters.hpp"
#include "omilcrm/csv.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/ical.hpp"
#include "omilcrm/imports.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/open311.hpp"
#include "omilcrm/outreach.hpp"
#include "omilcrm/period.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/planning.hpp"
#include "omilcrm/portfolio.hpp"
#include "omilcrm/programmes.hpp"
#include "omilcrm/referrals.hpp"
#include "omilcrm/region.hpp"
#include "omilcrm/reports.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/requests.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/transaction.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm {

class Database;

/// How Database::open treats the file.
enum class OpenMode {
    Create,     ///< creates a missing file (the default), upgrades an older one
    MustExist,  ///< a missing file is a StorageError instead of a new empty database
    ReadOnly,   ///< reads only: every write raises StorageReadOnly; the file is never changed
};

struct OpenOptions {
    /// Where "now" comes from; defaults to the system clock.
    std::shared_ptr<const Clock> clock{};
    /// A file that exists but cannot be written (permissions) is opened ReadOnly whatever this says.
    OpenMode mode = OpenMode::Create;
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
#define OMILCRM_REPOSITORIES(X)    \
    X(Offices, offices)            \
    X(Staff, staff)                \
    X(Employers, employers)        \
    X(Contacts, contacts)          \
    X(Clusters, clusters)          \
    X(Portfolio, portfolio)        \
    X(Interactions, interactions)  \
    X(Commitments, commitments)    \
    X(FollowUps, follow_ups)       \
    X(Cadence, cadence)            \
    X(Planner, planner)            \
    X(Calendar, calendar)          \
    X(Departments, departments)    \
    X(ServiceCatalogue, catalogue) \
    X(RoutingRules, routing)       \
    X(Requests, requests)          \
    X(Open311, open311)            \
    X(Vacancies, vacancies)        \
    X(Seekers, seekers)            \
    X(Referrals, referrals)        \
    X(Placements, placements)      \
    X(Programmes, programmes)      \
    X(Matching, matching)          \
    X(Reports, reports)            \
    X(Events, events)              \
    X(Outreach, outreach)          \
    X(Regional, regional)          \
    X(Imports, imports)            \
    X(Access, access)              \
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
    /// Opens (creating if needed) an office database; ":memory:" for a private in-memory one.
    /// An older file is upgraded in one transaction; a file from a newer library version is
    /// refused with StorageError and left untouched.
    static Database open(const std::string& path, OpenOptions options = {});

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
    Date today() const { return clock().today(); }
    /// The schema version of the open file, and the one this library writes.
    int schema_version() const;
    static int latest_schema_version() noexcept;

private:
    explicit Database(std::unique_ptr<detail::DbImpl> impl);
    std::unique_ptr<detail::DbImpl> impl_;
#define OMILCRM_REPOSITORY_MEMBER(Type, name) Type name##_;
    OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_MEMBER)
#undef OMILCRM_REPOSITORY_MEMBER
};

}  // namespace omilcrm
