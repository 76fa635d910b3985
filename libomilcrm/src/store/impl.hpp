#pragma once
// The storage layer: the only place that speaks SQL. Not part of the public headers.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "omilcrm/date.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/record.hpp"

namespace omilcrm::detail {

/// The cluster meetings of an office with their attendance, for a FROM clause: `c` the office's
/// clusters (the query binds c.office_id), `i` their meetings, `a` a row per member recorded.
/// Attendance exists for cluster meetings only, so it is reached through the office's clusters
/// (interaction_cluster) rather than looked up beside every interaction of the office, which costs
/// a probe per interaction: a second pass over the whole log.
inline constexpr const char* kMeetingAttendance =
    "cluster c CROSS JOIN interaction i INDEXED BY interaction_cluster ON i.cluster_id = c.id "
    "JOIN interaction_attendance a ON a.interaction_id = i.id";

/// A cached statement in use: the statement's methods, and a reset when the caller is done.
class Stmt {
public:
    explicit Stmt(SQLite::Statement& s) noexcept : s_(&s) {}
    Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& operator=(Stmt&&) = delete;
    ~Stmt() {
        if (s_) s_->tryReset();
    }
    template <class... A>
    void bind(A&&... a) {
        s_->bind(std::forward<A>(a)...);
    }
    bool executeStep() { return s_->executeStep(); }
    void reset() { s_->reset(); }
    int exec() { return s_->exec(); }
    SQLite::Column getColumn(int i) { return s_->getColumn(i); }
    int getColumnCount() const { return s_->getColumnCount(); }
    /// For the helpers that read a row (meta_of, date_of...).
    operator SQLite::Statement&() noexcept { return *s_; }

private:
    SQLite::Statement* s_;
};

struct DbImpl;

/// A statement read on SQLite's C API, for the reads of many rows (listings, the due list, the
/// matching pool) where the wrapper's per-cell objects cost more than the reading itself.
/// Prepared once per connection (DbImpl::raw_cache), reset and its bindings cleared when done;
/// text is viewed in place, valid until the next step. One RawStmt per statement text at a time.
class RawStmt {
public:
    /// Throws StorageError when the database is closed or the statement cannot be prepared.
    RawStmt(DbImpl& db, const std::string& sql);
    RawStmt(const RawStmt&) = delete;
    RawStmt& operator=(const RawStmt&) = delete;
    ~RawStmt();
    void bind(int i, std::int64_t v);
    void bind(int i, std::string_view v);  ///< copied by SQLite
    /// True while there is a row; throws StorageError on an error.
    bool step();
    bool is_null(int col) const;
    std::int64_t int64(int col) const;
    std::string_view text(int col) const;

private:
    SQLite::Database& db_;
    ::sqlite3_stmt* s_ = nullptr;
};

struct FinalizeStmt {
    void operator()(::sqlite3_stmt* s) const noexcept;
};

struct DbImpl {
    std::string path;
    std::unique_ptr<SQLite::Database> db;
    std::shared_ptr<const Clock> clock;
    int tx_depth = 0;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cache;
    std::unordered_map<std::string, std::unique_ptr<::sqlite3_stmt, FinalizeStmt>> raw_cache;  ///< RawStmt's
    /// Bumped on every change to job seekers made through this connection; with PRAGMA
    /// data_version (changes by other connections) it tells when a cached matching pool is stale.
    std::uint64_t seeker_generation = 0;
    struct PoolCache {
        std::uint64_t generation = 0;
        std::int64_t data_version = 0;
        matching::SeekerPool pool;
    };
    std::unordered_map<Id, PoolCache> pools;  ///< per office

    /// A cached prepared statement, reset and with its bindings cleared; reset again when the
    /// returned handle goes out of scope, so a read that stops early (a single-row get) does not
    /// keep a read snapshot open and the write-ahead log can be reused.
    Stmt stmt(const std::string& sql);
    std::int64_t now_us() const { return clock->now().time_since_epoch().count(); }
    Date today() const { return clock->today(); }
    /// Fills id-independent metadata for a new record: uuid and timestamps.
    RecordMeta new_meta() const;
    /// Savepoints nest: open one (returns its level), release it, or roll back to it.
    int open_savepoint();
    void release_savepoint(int level);
    void rollback_savepoint(int level) noexcept;
};

/// The schema version this library writes.
int latest_schema_version() noexcept;
/// Reads PRAGMA user_version.
int schema_version(SQLite::Database& db);
/// Applies the migrations from the file's version up to `target`, in one transaction.
/// Throws StorageError for a file from a newer version or a file that is not an omilcrm database.
void migrate(SQLite::Database& db, int target);

// Column helpers.
inline Timestamp ts_of(std::int64_t us) { return Timestamp{std::chrono::microseconds{us}}; }
std::optional<Date> opt_date(const SQLite::Column& c);
Date date_of(const SQLite::Column& c);
/// The ISO date, or "" for none (as spreadsheets and CSV write a missing date).
inline std::string iso_or_empty(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }
std::optional<double> opt_real(const SQLite::Column& c);
std::optional<Id> opt_id(const SQLite::Column& c);
void bind_opt(SQLite::Statement& s, int i, const std::optional<double>& v);
void bind_opt(SQLite::Statement& s, int i, const std::optional<Id>& v);
void bind_opt(SQLite::Statement& s, int i, const std::optional<Date>& v);
/// Reads id, uuid, created_at, updated_at from columns first..first+3.
RecordMeta meta_of(SQLite::Statement& s, int first = 0);

/// True when the exception is a UNIQUE constraint failure.
bool is_unique_violation(const SQLite::Exception& ex) noexcept;

/// Opens an ownership period of `employer_id` for `staff_id` from `from` (portfolio history).
void open_ownership(DbImpl& db, Id employer_id, Id staff_id, Date from, const std::string& reason);

/// A savepoint scope for one operation: rolled back unless commit() is called.
class Scope {
public:
    explicit Scope(DbImpl& db);
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope();
    void commit();

private:
    DbImpl& db_;
    int level_;
    bool done_ = false;
};

}  // namespace omilcrm::detail
