#pragma once
// The storage layer: the only place that speaks SQL. Not part of the public headers.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "omilcrm/date.hpp"
#include "omilcrm/error.hpp"
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

struct DbImpl;

/// The one place where SQLite's errors become the library's: by extended result code, a
/// constraint to Conflict (unique) or ValidationError (check, not null, reference), busy or locked
/// to StorageBusy (with how long it waited), read-only to StorageReadOnly, a full disk to
/// StorageFull, a damaged file to StorageCorrupt, anything else to StorageError naming the file.
[[noreturn]] void raise_sqlite(const DbImpl& db, int extended_code, std::string_view message);
[[noreturn]] void raise_sqlite(const DbImpl& db, const SQLite::Exception& e);
/// The same for a file other than the connection's own (an office file being consolidated).
[[noreturn]] void raise_sqlite(std::string_view path, int extended_code, std::string_view message,
                               std::chrono::microseconds waited = {});

/// A cached statement in use: the statement's methods, and a reset when the caller is done.
/// Every SQLite error it meets is raised as the library's (raise_sqlite).
class Stmt {
public:
    Stmt(const DbImpl& db, SQLite::Statement& s) noexcept : db_(&db), s_(&s) {}
    Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& operator=(Stmt&&) = delete;
    ~Stmt() {
        if (s_) s_->tryReset();
    }
    /// Binds parameter i (1-based); text is checked first (check_text: UTF-8, no NUL, at most
    /// kMaxTextBytes), so no way in can store what a later read could not decode. The field an
    /// error names is the column the parameter goes to.
    template <class T>
    void bind(int i, T&& v) {
        using D = std::decay_t<T>;
        constexpr bool text = std::is_same_v<D, std::string> || std::is_same_v<D, const char*> ||
                              std::is_same_v<D, char*> || std::is_same_v<D, std::string_view>;
        if constexpr (text) check_param(i, std::string_view(v));
        try {
            if constexpr (std::is_same_v<D, std::string_view>) s_->bind(i, std::string(v));
            else s_->bind(i, std::forward<T>(v));
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*db_, e);
        }
    }
    /// Binds NULL.
    void bind(int i) {
        try {
            s_->bind(i);
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*db_, e);
        }
    }
    bool executeStep() {
        try {
            return s_->executeStep();
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*db_, e);
        }
    }
    void reset() { s_->tryReset(); }
    int exec() {
        try {
            return s_->exec();
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*db_, e);
        }
    }
    SQLite::Column getColumn(int i) {
        try {
            return s_->getColumn(i);
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*db_, e);
        }
    }
    int getColumnCount() const { return s_->getColumnCount(); }
    /// For the helpers that read a row (meta_of, date_of...).
    operator SQLite::Statement&() noexcept { return *s_; }

private:
    void check_param(int i, std::string_view v) const;

    const DbImpl* db_;
    SQLite::Statement* s_;
};

/// The column that parameter `index` (1-based) of an INSERT or UPDATE goes to ("legal_name"),
/// or "text" when the statement does not say.
std::string parameter_column(std::string_view sql, int index);

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
    DbImpl& db_;
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
    bool read_only = false;
    /// Set when the Database belongs to the thread that opened it (OpenOptions::same_thread).
    std::optional<std::thread::id> owner;
    /// How long a write waits for another connection's lock before StorageBusy.
    std::chrono::milliseconds busy_timeout{5000};
    /// How the busy handler sleeps (a host may release its own locks meanwhile: Python's GIL).
    std::function<void(std::chrono::microseconds)> sleep;
    /// How long the last wait for the lock lasted, for StorageBusy's message.
    std::chrono::microseconds waited{0};
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
    /// The open connection, checked: StorageError when closed, Error when used from a thread
    /// other than its owner's.
    SQLite::Database& conn();
    /// Runs SQL with no result rows (errors raised as the library's).
    void exec(const std::string& sql);
    /// StorageReadOnly when the file was opened read-only; called before any write.
    void check_writable() const;
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
/// The file's schema version, after checking (changing nothing) that the file is an omilcrm
/// database this library can open: StorageError for a foreign file or one from a newer version,
/// StorageCorrupt for a damaged one.
int check_schema(DbImpl& db);
/// Applies the migrations from the file's version up to `target`, in one transaction that holds
/// the write lock from the moment it reads the version (two processes opening a new file at once
/// create its schema once). Throws StorageError as check_schema does.
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

/// Runs a write whose UNIQUE constraint stands for a rule of the domain: a duplicate raises
/// Conflict with `message()` (which says it in the domain's words) instead of the generic one.
template <class Message>
void exec_unique(Stmt& s, Message&& message) {
    try {
        s.exec();
    } catch (const Conflict&) {
        throw Conflict(message());
    }
}

/// NotFound("office", id) unless the office exists: the first thing every read that takes an
/// office id does, so that an unknown office is an error rather than an empty answer.
void check_office(DbImpl& db, Id office_id);

/// Appends one entry to an employer's change log: `field` went from `old_value` to `new_value`.
void log_employer_change(DbImpl& db, Id employer_id, const std::string& field, const std::string& old_value,
                         const std::string& new_value);
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

/// The write lock for one public write operation, held from its first read to its last write
/// (BEGIN IMMEDIATE, or a savepoint inside the caller's transaction), so whatever the operation
/// checks is still true when it writes: committed when the operation returns, rolled back when
/// it throws. Every public method that writes starts with one.
class WriteScope {
public:
    explicit WriteScope(DbImpl& db) : db_(db), level_(db.open_savepoint()), exceptions_(std::uncaught_exceptions()) {}
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    ~WriteScope() noexcept(false) {
        if (std::uncaught_exceptions() > exceptions_) {
            db_.rollback_savepoint(level_);
            return;
        }
        try {
            db_.release_savepoint(level_);
        } catch (...) {
            db_.rollback_savepoint(level_);
            throw;
        }
    }

private:
    DbImpl& db_;
    int level_;
    int exceptions_;
};

}  // namespace omilcrm::detail
