#pragma once
// What the repositories see of the store: the connection as an opaque handle, its clock, and
// the write scopes. It names no SQLite type, so a second backend can sit behind it; the SQL
// itself is in the store's modules (store/<aggregate>.cpp) and the SQLite connection in
// store/sqlite.hpp, which only the store's implementation files include.
#include <cstdint>
#include <exception>
#include <string>

#include "omilcrm/access.hpp"
#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"

namespace omilcrm::detail {

/// One open connection; defined by the backend (store/sqlite.hpp).
struct DbImpl;

/// Today by the connection's clock, and now in microseconds since the epoch (UTC).
Date today(const DbImpl& db);
std::int64_t now_us(const DbImpl& db);
/// Fills id-independent metadata for a new record: uuid and timestamps (the id comes from the
/// store's insert).
RecordMeta new_meta(const DbImpl& db);
/// The file the connection is open on, for messages.
const std::string& path_of(const DbImpl& db);

/// Transactions nest: open a level (BEGIN IMMEDIATE at the outermost, savepoints inside),
/// release it, or roll back to it. The depth is how many levels are open.
int open_savepoint(DbImpl& db);
void release_savepoint(DbImpl& db, int level);
void rollback_savepoint(DbImpl& db, int level) noexcept;
int transaction_depth(const DbImpl& db) noexcept;

/// The changes made through a connection (rows changed, rollbacks) and the file's data version
/// (commits by other connections): equal stamps mean nothing stored changed in between.
struct DataStamp {
    std::int64_t changes = 0;
    std::uint64_t rollbacks = 0;
    std::int64_t data_version = 0;
    friend bool operator==(const DataStamp&, const DataStamp&) = default;
};
/// Where the stored data stands now (DbImpl::data_stamp): an answer computed at one stamp is
/// current while the stamp stays the same.
DataStamp data_stamp(DbImpl& db);

/// A savepoint scope for one step of a longer operation (a row of an import): rolled back
/// unless commit() is called.
class Scope {
public:
    explicit Scope(DbImpl& db) : db_(db), level_(open_savepoint(db)) {}
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() {
        if (!done_) rollback_savepoint(db_, level_);
    }
    void commit() {
        release_savepoint(db_, level_);
        done_ = true;
    }

private:
    DbImpl& db_;
    int level_;
    bool done_ = false;
};

/// Opens the write scope of a call that makes one write statement (WriteScope's second form):
/// 0, and nothing opened, inside the caller's transaction (which holds the write lock already);
/// otherwise a level as open_savepoint does.
int open_one_statement(DbImpl& db);
/// A call whose scope opened nothing failed: whatever was computed from the data is recomputed
/// (what rollback_savepoint also does), though SQLite has undone the failed statement.
void one_statement_failed(DbImpl& db) noexcept;

/// The write lock for one public write operation, held from its first read to its last write
/// (BEGIN IMMEDIATE, or a savepoint inside the caller's transaction), so whatever the operation
/// checks is still true when it writes: committed when the operation returns, rolled back when
/// it throws. Every public method that writes starts with one.
class WriteScope {
public:
    explicit WriteScope(DbImpl& db) : db_(db), level_(open_savepoint(db)), exceptions_(std::uncaught_exceptions()) {}
    /// For a call that writes with a single statement, after its checks. Inside the caller's
    /// transaction it opens no savepoint: the transaction already holds the write lock, so the
    /// checks and the write still hold it together, and SQLite undoes a statement that fails on
    /// its own, leaving the transaction's earlier work as it was. A savepoint there copied every
    /// page the call changed into SQLite's sub-journal first, about 30% of such a call.
    /// Outside a transaction it is the first form. A call that writes more than one statement
    /// in this form must undo its earlier ones itself when a later one fails (has_savepoint()).
    struct OneStatement {};
    WriteScope(DbImpl& db, OneStatement)
        : db_(db), level_(open_one_statement(db)), exceptions_(std::uncaught_exceptions()) {}
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    /// Whether a failure is undone by the scope (false: by SQLite, statement by statement).
    bool has_savepoint() const noexcept { return level_ != 0; }
    ~WriteScope() noexcept(false) {
        if (level_ == 0) {
            if (std::uncaught_exceptions() > exceptions_) one_statement_failed(db_);
            return;
        }
        if (std::uncaught_exceptions() > exceptions_) {
            rollback_savepoint(db_, level_);
            return;
        }
        try {
            release_savepoint(db_, level_);
        } catch (...) {
            rollback_savepoint(db_, level_);
            throw;
        }
    }

private:
    DbImpl& db_;
    int level_;
    int exceptions_;
};

/// The records single-row calls read to check their references, kept through the caller's
/// transaction (store/check_cache.hpp).
struct CheckCache;
/// The connection's CheckCache, emptied first when anything may have changed since it was
/// filled; nullptr outside a caller's transaction (where each call reads for itself).
CheckCache* check_cache(DbImpl& db);
/// Rows changed through the connection so far (sqlite3_total_changes64).
std::int64_t total_changes(DbImpl& db) noexcept;
/// After a call's own writes, none of them to a row the cache can hold (a new interaction, a
/// new employer): the cache, if it was current when the count of changes was `before`, is
/// current still.
void keep_check_cache(DbImpl& db, std::int64_t before) noexcept;
/// Undoes a call's insert of row `id` of `table`, inside the caller's transaction, when a later
/// write of the call failed (WriteScope::has_savepoint() false). Should the delete fail with
/// the transaction still open, the transaction is rolled back whole: a call never leaves half
/// its rows behind (the caller's commit then fails).
void undo_insert(DbImpl& db, const char* table, Id id) noexcept;

/// Who acts for the writes made through this connection (Access::act_as); its text is what the
/// change logs record (empty: NULL, as for the rows written before actors were recorded).
const Actor& actor(const DbImpl& db) noexcept;
/// Makes `next` (its text already filled in) the actor and returns the one it replaces.
Actor exchange_actor(DbImpl& db, Actor next) noexcept;

/// Job seekers changed through this connection: whatever was prepared from them (Matching's
/// seeker pools) is stale. Every write to seekers calls it; a rollback counts as one.
void seekers_changed(DbImpl& db) noexcept;

/// NotFound("office", id) unless the office exists: the first thing every read that takes an
/// office id does, so that an unknown office is an error rather than an empty answer.
void check_office(DbImpl& db, Id office_id);

/// Appends one entry to an employer's change log: `field` went from `old_value` to `new_value`.
void log_employer_change(DbImpl& db, Id employer_id, const std::string& field, const std::string& old_value,
                         const std::string& new_value);
/// Opens an ownership period of `employer_id` for `staff_id` from `from` (portfolio history).
void open_ownership(DbImpl& db, Id employer_id, Id staff_id, Date from, const std::string& reason);

}  // namespace omilcrm::detail
