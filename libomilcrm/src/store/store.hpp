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

/// The write lock for one public write operation, held from its first read to its last write
/// (BEGIN IMMEDIATE, or a savepoint inside the caller's transaction), so whatever the operation
/// checks is still true when it writes: committed when the operation returns, rolled back when
/// it throws. Every public method that writes starts with one.
class WriteScope {
public:
    explicit WriteScope(DbImpl& db) : db_(db), level_(open_savepoint(db)), exceptions_(std::uncaught_exceptions()) {}
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    ~WriteScope() noexcept(false) {
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
