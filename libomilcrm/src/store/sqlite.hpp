#pragma once
// The SQLite backend of the store: the connection, cached statements, the mapping of SQLite's
// errors onto the library's, and the helpers that bind and read rows. Only the store's
// implementation files (src/store/*.cpp) include it; repositories see store/store.hpp.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "store/check_cache.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

/// The cluster meetings of an office with their attendance, for a FROM clause: `c` the office's
/// clusters (the query binds c.office_id), `i` their meetings, `a` a row per member recorded.
/// Attendance exists for cluster meetings only, so it is reached through the office's clusters
/// (interaction_cluster) rather than looked up beside every interaction of the office, which costs
/// a probe per interaction: a second pass over the whole log.
inline constexpr const char* kMeetingAttendance =
    "cluster c CROSS JOIN interaction i INDEXED BY interaction_cluster ON i.cluster_id = c.id "
    "JOIN interaction_attendance a ON a.interaction_id = i.id";

/// A JSON array of ids, bound to `json_each(?)` so that one prepared statement serves a list of
/// any length.
inline std::string json_ids(const std::vector<Id>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "]";
}

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

template <class T>
using is_optional = is_optional_field<T>;

/// Bytes bound as a BLOB (bind_all binds a string as text, checked as UTF-8): a photo's.
struct Blob {
    std::string_view bytes{};
};

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
    /// Binds every value in order from parameter 1: integers, reals, text, Date (ISO text),
    /// Timestamp (microseconds), an enum (its name, by to_string) and std::optional of any of
    /// these (NULL when empty). `s.bind_all(name, commune, latitude)` for three `?`.
    template <class... A>
    Stmt& bind_all(const A&... values) {
        int i = 0;
        (bind_value(++i, values), ...);
        return *this;
    }
    /// Binds one value as bind_all does.
    template <class T>
    void bind_value(int i, const T& v) {
        if constexpr (is_optional<T>::value) {
            if (v) bind_value(i, *v);
            else bind(i);
        } else if constexpr (std::is_same_v<T, Blob>) {
            try {
                s_->bind(i, static_cast<const void*>(v.bytes.data()), static_cast<int>(v.bytes.size()));
            } catch (const SQLite::Exception& e) {
                raise_sqlite(*db_, e);
            }
        } else if constexpr (std::is_same_v<T, Date>) {
            bind(i, v.iso());
        } else if constexpr (std::is_same_v<T, Timestamp>) {
            bind(i, static_cast<std::int64_t>(v.time_since_epoch().count()));
        } else if constexpr (std::is_enum_v<T>) {
            bind(i, std::string(to_string(v)));
        } else if constexpr (std::is_same_v<T, bool>) {
            bind(i, v ? 1 : 0);
        } else if constexpr (std::is_integral_v<T>) {
            bind(i, static_cast<std::int64_t>(v));
        } else {
            bind(i, v);
        }
    }
    /// bind_all for a statement that runs before `values` go out of scope (insert_record): a
    /// std::string is bound in place (SQLITE_STATIC) instead of copied into the statement, which
    /// was a few percent of a single-row call; other values as bind_all binds them. The old
    /// pointers stay in the statement until its next use binds anew; nothing reads them before.
    template <class... A>
    Stmt& bind_all_in_place(const A&... values) {
        int i = 0;
        (bind_in_place(++i, values), ...);
        return *this;
    }
    template <class T>
    void bind_in_place(int i, const T& v) {
        if constexpr (is_optional<T>::value) {
            if (v) bind_in_place(i, *v);
            else bind(i);
        } else if constexpr (std::is_same_v<T, std::string>) {
            check_param(i, v);
            try {
                s_->bindNoCopy(i, v);
            } catch (const SQLite::Exception& e) {
                raise_sqlite(*db_, e);
            }
        } else {
            bind_value(i, v);
        }
    }
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
    /// Whether to stop the running statement (OpenOptions::interrupt), asked by SQLite's
    /// progress handler.
    std::function<bool()> interrupt;
    /// How long the last wait for the lock lasted, for StorageBusy's message.
    std::chrono::microseconds waited{0};
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cache;
    std::unordered_map<std::string, std::unique_ptr<::sqlite3_stmt, FinalizeStmt>> raw_cache;  ///< RawStmt's
    /// Bumped on every change to job seekers made through this connection (seekers_changed) and
    /// on every rollback; with PRAGMA data_version (changes by other connections) it tells when
    /// what Matching prepared from the seekers is stale (store::seekers_stamp).
    std::uint64_t seeker_generation = 0;
    /// Bumped on every rollback: with the connection's change count and PRAGMA data_version it
    /// tells when anything stored may have changed (data_stamp).
    std::uint64_t rollbacks = 0;
    /// Who acts for the writes (Access::act_as); its text goes to the change logs' actor column.
    Actor actor;
    /// Bumped when a transaction begins (BEGIN IMMEDIATE): the check cache's records belong to one.
    std::uint64_t transactions = 0;
    /// What single-row calls read to check their references (check_cache); made on first use.
    std::unique_ptr<CheckCache> checks;

    /// A cached prepared statement, reset and with its bindings cleared; reset again when the
    /// returned handle goes out of scope, so a read that stops early (a single-row get) does not
    /// keep a read snapshot open and the write-ahead log can be reused.
    /// `clear` false for a caller that binds every parameter anew (a record's insert): clearing
    /// the old values first was a few percent of a single-row call.
    Stmt stmt(const std::string& sql, bool clear = true);
    /// The open connection, checked: StorageError when closed, Error when used from a thread
    /// other than its owner's.
    SQLite::Database& conn();
    /// Runs SQL with no result rows (errors raised as the library's).
    void exec(const std::string& sql);
    /// StorageReadOnly when the file was opened read-only; called before any write.
    void check_writable() const;
    std::int64_t now_us() const { return clock->now().time_since_epoch().count(); }
    Date today() const { return clock->today(); }
    /// Where the stored data stands, as far as a cache of answers computed from it can tell: an
    /// answer computed at one stamp is current while the stamp stays the same.
    DataStamp data_stamp();
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
/// database this library can open: StorageError for a foreign file, SchemaVersionError for one
/// from a newer version, StorageCorrupt for a damaged one.
int check_schema(DbImpl& db);
/// Applies the migrations from the file's version up to `target`, in one transaction that holds
/// the write lock from the moment it reads the version (two processes opening a new file at once
/// create its schema once). `before`, when given, is called inside that transaction with the
/// version found, when there is something to migrate, before the first migration (the backup).
/// Returns the version found under the lock. Throws StorageError as check_schema does.
int migrate(SQLite::Database& db, int target, const std::function<void(int version)>& before = {});

// Column helpers.
/// The value of a change log's actor column: the current actor's text, NULL for nobody.
inline std::optional<std::string> actor_column(const DbImpl& db) {
    if (db.actor.text.empty()) return std::nullopt;
    return db.actor.text;
}
inline Timestamp ts_of(std::int64_t us) { return Timestamp{std::chrono::microseconds{us}}; }
/// The ISO date, or "" for none (as spreadsheets and CSV write a missing date).
inline std::string iso_or_empty(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }
/// Reads id, uuid, created_at, updated_at from columns first..first+3.
RecordMeta meta_of(SQLite::Statement& s, int first = 0);

/// Reads a result row left to right, so a mapper names each field once and no column index:
///     RowReader r(s); o.meta = r.meta(); o.name = r.get<std::string>(); o.latitude = r.get<std::optional<double>>();
/// get<T> reads integers, bool, double, std::string, Date (ISO text), Timestamp (microseconds)
/// and std::optional of these (NULL is empty); get(parse) reads text through a parser (an
/// enum's parse_X).
class RowReader {
public:
    explicit RowReader(SQLite::Statement& s, int first = 0) : s_(s), i_(first) {}
    template <class T>
    T get() {
        const SQLite::Column c = s_.getColumn(i_++);
        return read<T>(c);
    }
    template <class Parse>
    auto get(Parse&& parse) {
        const SQLite::Column c = s_.getColumn(i_++);
        return parse(c.getString());
    }
    /// id, uuid, created_at, updated_at.
    RecordMeta meta() {
        RecordMeta m = meta_of(s_, i_);
        i_ += 4;
        return m;
    }
    /// A BLOB column's bytes (empty for NULL).
    std::string blob() {
        const SQLite::Column c = s_.getColumn(i_++);
        return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    }
    void skip(int n = 1) { i_ += n; }
    int index() const noexcept { return i_; }

private:
    template <class T>
    static T read(const SQLite::Column& c) {
        if constexpr (is_optional<T>::value) {
            if (c.isNull()) return std::nullopt;
            return read<typename T::value_type>(c);
        } else if constexpr (std::is_same_v<T, std::string>) {
            return c.getString();
        } else if constexpr (std::is_same_v<T, Date>) {
            return Date::parse(c.getString());
        } else if constexpr (std::is_same_v<T, Timestamp>) {
            return ts_of(c.getInt64());
        } else if constexpr (std::is_same_v<T, bool>) {
            return c.getInt64() != 0;
        } else if constexpr (std::is_integral_v<T>) {
            return static_cast<T>(c.getInt64());
        } else if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(c.getDouble());
        } else {
            static_assert(sizeof(T) == 0, "RowReader::get: a type the store does not read");
        }
    }

    SQLite::Statement& s_;
    int i_;
};

/// "INSERT INTO office (uuid, created_at, updated_at, name, commune_code) VALUES (?,?,?,?,?)":
/// a record's insert, its metadata columns first. Built once per call site (a static).
std::string insert_sql(std::string_view table, std::initializer_list<std::string_view> columns);

/// Runs a record's insert (from insert_sql) with the record's metadata and then `values` in
/// the order of the columns (text bound in place: bind_all_in_place), and sets meta.id to the
/// new row's id.
template <class... A>
Id insert_record(DbImpl& db, const std::string& sql, RecordMeta& meta, const A&... values);

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

template <class... A>
Id insert_record(DbImpl& db, const std::string& sql, RecordMeta& meta, const A&... values) {
    // Every parameter is bound below when the insert has as many as the values given (a call
    // site's insert_sql names one column per value), so the old ones need no clearing first.
    auto s = db.stmt(sql, false);
    if (static_cast<SQLite::Statement&>(s).getBindParameterCount() != static_cast<int>(3 + sizeof...(A)))
        static_cast<SQLite::Statement&>(s).clearBindings();
    s.bind_all_in_place(meta.uuid, meta.created_at, meta.updated_at, values...);
    s.exec();
    meta.id = db.conn().getLastInsertRowid();
    return meta.id;
}

}  // namespace omilcrm::detail
