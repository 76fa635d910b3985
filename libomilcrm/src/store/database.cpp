// The SQLite backend: opening a file, its connection, statements and transactions, and the
// mapping of SQLite's errors onto the library's.
#include "omilcrm/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace detail {

namespace {

// "orders.name" from "UNIQUE constraint failed: orders.name" (the first column named).
std::string constrained_column(std::string_view message) {
    const auto colon = message.find(": ");
    if (colon == std::string_view::npos) return {};
    auto rest = message.substr(colon + 2);
    const auto end = rest.find_first_of(", ");
    return std::string(rest.substr(0, end));
}

// The first identifier of a CHECK constraint's text ("legal_name <> ''" -> "legal_name").
std::string checked_field(std::string_view message) {
    const auto colon = message.find(": ");
    if (colon == std::string_view::npos) return "value";
    auto rest = message.substr(colon + 2);
    std::size_t b = 0;
    while (b < rest.size() && !(std::isalpha(static_cast<unsigned char>(rest[b])) || rest[b] == '_')) ++b;
    std::size_t e = b;
    while (e < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[e])) || rest[e] == '_')) ++e;
    return e > b ? std::string(rest.substr(b, e - b)) : std::string("value");
}

// The busy handler: waits in growing steps up to the connection's busy_timeout, sleeping
// through DbImpl::sleep (so a host may release its own locks), and remembers how long it waited.
int on_busy(void* p, int count) noexcept {
    auto& db = *static_cast<DbImpl*>(p);
    static constexpr int kSteps[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    if (count == 0) db.waited = std::chrono::microseconds{0};
    if (db.waited >= db.busy_timeout) return 0;
    const int ms = kSteps[std::min<std::size_t>(static_cast<std::size_t>(count), std::size(kSteps) - 1)];
    const auto step = std::min<std::chrono::microseconds>(std::chrono::milliseconds(ms), db.busy_timeout - db.waited);
    const auto start = std::chrono::steady_clock::now();
    try {
        if (db.sleep) db.sleep(step);
        else std::this_thread::sleep_for(step);
    } catch (...) {
        return 0;  // the host's sleep failed (an interrupted wait): give up waiting
    }
    db.waited += std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    return 1;
}

// The progress handler: a non-zero answer stops the running statement with SQLITE_INTERRUPT,
// which raise_sqlite turns into Interrupted.
int on_progress(void* p) noexcept {
    auto& db = *static_cast<DbImpl*>(p);
    try {
        return db.interrupt && db.interrupt() ? 1 : 0;
    } catch (...) {
        return 1;
    }
}

}  // namespace

void raise_sqlite(const DbImpl& db, int code, std::string_view message) {
    raise_sqlite(db.path, code, message, db.waited);
}

void raise_sqlite(std::string_view path, int code, std::string_view message, std::chrono::microseconds waited) {
    const std::string msg = printable(message);
    const std::string file = "\"" + std::string(path) + "\"";
    switch (code & 0xFF) {
        case SQLITE_CONSTRAINT:
            switch (code) {
                case SQLITE_CONSTRAINT_UNIQUE:
                case SQLITE_CONSTRAINT_PRIMARYKEY:
                    throw Conflict("a record with the same " + constrained_column(msg) + " already exists");
                case SQLITE_CONSTRAINT_FOREIGNKEY:
                    throw ValidationError("reference", "",
                                          "points to a record that does not exist (or is still referred to)");
                case SQLITE_CONSTRAINT_NOTNULL: {
                    const auto col = constrained_column(msg);
                    throw ValidationError(col.substr(col.find('.') + 1), "", "is required");
                }
                default:
                    throw ValidationError(checked_field(msg), "", "is out of the allowed range (" + msg + ")");
            }
        case SQLITE_BUSY:
        case SQLITE_LOCKED: {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
            throw StorageBusy("database " + file + " is in use by another connection (waited " +
                              std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) +
                              " s for its write lock); nothing was changed, try again");
        }
        case SQLITE_READONLY:
            throw StorageReadOnly("database " + file + " is read-only: " + msg);
        case SQLITE_FULL:
            throw StorageFull("database " + file + ": the disk is full; nothing was changed");
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw StorageCorrupt("database " + file + " is damaged or not a database: " + msg);
        case SQLITE_NOMEM:
            throw StorageError("database " + file + ": out of memory");
        case SQLITE_INTERRUPT:
            throw Interrupted("database " + file + ": interrupted; nothing the call wrote was kept");
        default:
            throw StorageError("database " + file + ": " + msg);
    }
}

void raise_sqlite(const DbImpl& db, const SQLite::Exception& e) {
    raise_sqlite(db, e.getExtendedErrorCode() >= 0 ? e.getExtendedErrorCode() : SQLITE_ERROR, e.what());
}

std::string parameter_column(std::string_view sql, int index) {
    // The index-th '?' outside quotes.
    std::size_t at = std::string_view::npos;
    char quote = 0;
    for (std::size_t i = 0, n = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?' && ++n == static_cast<std::size_t>(index)) {
            at = i;
            break;
        }
    }
    if (at == std::string_view::npos) return "text";
    auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    // "column = ?"
    std::size_t k = at;
    while (k > 0 && sql[k - 1] == ' ') --k;
    if (k > 0 && sql[k - 1] == '=') {
        --k;
        while (k > 0 && sql[k - 1] == ' ') --k;
        std::size_t e = k;
        while (k > 0 && ident(sql[k - 1])) --k;
        if (k < e) return std::string(sql.substr(k, e - k));
    }
    // "INSERT INTO t (a, b, c) VALUES (?, ?, ?)": the position among the values, then that column.
    const auto values = sql.rfind("VALUES", at);
    if (values == std::string_view::npos) return "text";
    const auto open = sql.find('(', values);
    if (open == std::string_view::npos || open > at) return "text";
    int position = 0, depth = 0;
    for (std::size_t i = open + 1; i < at; ++i) {
        if (sql[i] == '(') ++depth;
        else if (sql[i] == ')') --depth;
        else if (sql[i] == ',' && depth == 0) ++position;
    }
    const auto close = sql.rfind(')', values);
    const auto first = close == std::string_view::npos ? close : sql.rfind('(', close);
    if (first == std::string_view::npos) return "text";
    const auto columns = split(sql.substr(first + 1, close - first - 1), ',');
    if (position >= static_cast<int>(columns.size())) return "text";
    return std::string(trim(columns[static_cast<std::size_t>(position)]));
}

void Stmt::check_param(int i, std::string_view v) const {
    if (v.size() <= kMaxTextBytes && is_utf8(v) && v.find('\0') == std::string_view::npos) return;
    const std::string column = parameter_column(s_->getQuery(), i);
    check_text(column.c_str(), v);
}

SQLite::Database& DbImpl::conn() {
    if (!db) throw StorageError("database \"" + path + "\" is closed");
    if (owner && *owner != std::this_thread::get_id())
        throw Error("database \"" + path +
                    "\" belongs to the thread that opened it; open one Database per thread (same file)");
    return *db;
}

void DbImpl::exec(const std::string& sql) {
    auto& c = conn();
    try {
        c.exec(sql);
    } catch (const SQLite::Exception& e) {
        raise_sqlite(*this, e);
    }
}

void DbImpl::check_writable() const {
    if (read_only) throw StorageReadOnly("database \"" + path + "\" is open read-only; writes are refused");
}

void FinalizeStmt::operator()(::sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

RawStmt::RawStmt(DbImpl& db, const std::string& sql) : db_(db) {
    auto& handle = db.conn();
    auto& slot = db.raw_cache[sql];
    if (!slot) {
        ::sqlite3_stmt* s = nullptr;
        if (const int rc =
                sqlite3_prepare_v3(handle.getHandle(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
            rc != SQLITE_OK) {
            db.raw_cache.erase(sql);
            raise_sqlite(db, sqlite3_extended_errcode(handle.getHandle()), sqlite3_errmsg(handle.getHandle()));
        }
        slot.reset(s);
    }
    s_ = slot.get();
}
RawStmt::~RawStmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}
void RawStmt::bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
void RawStmt::bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
bool RawStmt::step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    ::sqlite3* h = sqlite3_db_handle(s_);
    raise_sqlite(db_, sqlite3_extended_errcode(h), sqlite3_errmsg(h));
}
bool RawStmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
std::int64_t RawStmt::int64(int col) const { return sqlite3_column_int64(s_, col); }
std::string_view RawStmt::text(int col) const {
    // A text value's bytes as stored (the library's files are UTF-8): sqlite3_value_blob hands
    // them out in place, where sqlite3_column_text would first copy each one to add a NUL.
    ::sqlite3_value* v = sqlite3_column_value(s_, col);
    const void* p = sqlite3_value_type(v) == SQLITE_TEXT ? sqlite3_value_blob(v) : sqlite3_value_text(v);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_value_bytes(v)))
             : std::string_view();
}

DataStamp data_stamp(DbImpl& db) { return db.data_stamp(); }

DataStamp DbImpl::data_stamp() {
    auto q = stmt("PRAGMA data_version");
    q.executeStep();
    return {sqlite3_total_changes64(conn().getHandle()), rollbacks, q.getColumn(0).getInt64()};
}

Stmt DbImpl::stmt(const std::string& sql, bool clear) {
    auto& c = conn();
    auto it = cache.find(sql);
    if (it == cache.end()) {
        try {
            it = cache.emplace(sql, std::make_unique<SQLite::Statement>(c, sql)).first;
        } catch (const SQLite::Exception& e) {
            raise_sqlite(*this, e);
        }
    } else {
        // tryReset: reset() would re-throw the error of the statement's last run.
        it->second->tryReset();
        if (clear) it->second->clearBindings();
    }
    return Stmt(*this, *it->second);
}

RecordMeta DbImpl::new_meta() const {
    RecordMeta m;
    m.uuid = new_uuid();
    m.created_at = clock->now();
    m.updated_at = m.created_at;
    return m;
}

RecordMeta meta_of(SQLite::Statement& s, int first) {
    RecordMeta m;
    m.id = s.getColumn(first).getInt64();
    m.uuid = s.getColumn(first + 1).getString();
    m.created_at = ts_of(s.getColumn(first + 2).getInt64());
    m.updated_at = ts_of(s.getColumn(first + 3).getInt64());
    return m;
}

// The one transaction mechanism behind Scope (each operation) and Transaction (the caller's).
// The outermost level is BEGIN IMMEDIATE: it takes the file's write lock at once (waiting for
// it through the busy handler), so whatever the operation reads to decide what to write is
// still true when it writes. Inner levels are savepoints.
// Each level's statements are prepared once (stmt()'s cache): a caller's transaction of
// single-row calls opens and releases a savepoint per call, and parsing SAVEPOINT and RELEASE
// again each time was several percent of such a call.
int DbImpl::open_savepoint() {
    conn();
    check_writable();
    const int level = tx_depth + 1;
    stmt(level == 1 ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT omil_" + std::to_string(level)).exec();
    if (level == 1) ++transactions;
    tx_depth = level;
    return level;
}

// Inside the caller's transaction, as long as SQLite has not ended it on its own (a full disk):
// then the call opens a level as before, which starts a new transaction.
int open_one_statement(DbImpl& db) {
    auto& c = db.conn();
    db.check_writable();
    if (db.tx_depth > 0 && !sqlite3_get_autocommit(c.getHandle())) return 0;
    return db.open_savepoint();
}

void one_statement_failed(DbImpl& db) noexcept {
    ++db.seeker_generation;
    ++db.rollbacks;
}

std::int64_t total_changes(DbImpl& db) noexcept { return db.db ? sqlite3_total_changes64(db.db->getHandle()) : -1; }

CheckCache* check_cache(DbImpl& db) {
    auto& c = db.conn();
    if (db.tx_depth == 0 || sqlite3_get_autocommit(c.getHandle())) return nullptr;
    if (!db.checks) db.checks = std::make_unique<CheckCache>();
    CheckCache& k = *db.checks;
    const std::int64_t changes = sqlite3_total_changes64(c.getHandle());
    if (k.changes != changes || k.rollbacks != db.rollbacks || k.transaction != db.transactions) {
        k.clear();
        k.changes = changes;
        k.rollbacks = db.rollbacks;
        k.transaction = db.transactions;
    }
    return &k;
}

void keep_check_cache(DbImpl& db, std::int64_t before) noexcept {
    if (!db.checks || !db.db) return;
    CheckCache& k = *db.checks;
    if (k.changes == before && k.rollbacks == db.rollbacks && k.transaction == db.transactions)
        k.changes = sqlite3_total_changes64(db.db->getHandle());
}

void undo_insert(DbImpl& db, const char* table, Id id) noexcept {
    ++db.seeker_generation;
    ++db.rollbacks;
    if (!db.db || sqlite3_get_autocommit(db.db->getHandle())) return;  // SQLite ended it already
    try {
        db.stmt(std::string("DELETE FROM ") + table + " WHERE id = ?").bind_all(id).exec();
        return;
    } catch (...) {
    }
    try {
        if (!sqlite3_get_autocommit(db.db->getHandle())) db.db->exec("ROLLBACK");
    } catch (...) {
        // Nothing more can be done here.
    }
}

void DbImpl::release_savepoint(int level) {
    stmt(level == 1 ? std::string("COMMIT") : "RELEASE omil_" + std::to_string(level)).exec();
    tx_depth = level - 1;
}

void DbImpl::rollback_savepoint(int level) noexcept {
    tx_depth = level - 1;
    ++seeker_generation;  // a cached matching pool may hold rows that are gone
    ++rollbacks;          // and any answer computed inside the transaction (data_stamp)
    if (!db) return;
    // SQLite may already have rolled the whole transaction back on its own (a full disk, an
    // I/O error); then there is nothing left to undo.
    if (sqlite3_get_autocommit(db->getHandle())) return;
    try {
        if (level == 1) {
            db->exec("ROLLBACK");
        } else {
            const auto name = "omil_" + std::to_string(level);
            db->exec("ROLLBACK TO " + name);
            db->exec("RELEASE " + name);
        }
    } catch (...) {
        // Nothing more can be done here.
    }
}

Date today(const DbImpl& db) { return db.today(); }
std::int64_t now_us(const DbImpl& db) { return db.now_us(); }
RecordMeta new_meta(const DbImpl& db) { return db.new_meta(); }
const std::string& path_of(const DbImpl& db) { return db.path; }
int open_savepoint(DbImpl& db) { return db.open_savepoint(); }
void release_savepoint(DbImpl& db, int level) { db.release_savepoint(level); }
void rollback_savepoint(DbImpl& db, int level) noexcept { db.rollback_savepoint(level); }
int transaction_depth(const DbImpl& db) noexcept { return db.tx_depth; }
const Actor& actor(const DbImpl& db) noexcept { return db.actor; }
Actor exchange_actor(DbImpl& db, Actor next) noexcept {
    Actor previous = std::move(db.actor);
    db.actor = std::move(next);
    return previous;
}

std::string insert_sql(std::string_view table, std::initializer_list<std::string_view> columns) {
    std::string sql = "INSERT INTO " + std::string(table) + " (uuid, created_at, updated_at";
    std::string values = "?,?,?";
    for (auto c : columns) {
        sql += ", ";
        sql += c;
        values += ",?";
    }
    return sql + ") VALUES (" + values + ")";
}

}  // namespace detail

Date Repository::today() const { return db_->today(); }
Timestamp Repository::now() const { return db_->clock->now(); }

// ---- Transaction -------------------------------------------------------------------------

Transaction::Transaction(detail::DbImpl& db) : db_(&db), level_(db.open_savepoint()) {}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_), level_(other.level_) { other.db_ = nullptr; }

void Transaction::commit() {
    if (!db_) throw Error("transaction is no longer active");
    if (db_->tx_depth != level_) throw Error("an inner transaction is still open; commit or roll it back first");
    db_->release_savepoint(level_);
    db_ = nullptr;
}

void Transaction::rollback() {
    if (!db_) return;
    db_->rollback_savepoint(level_);
    db_ = nullptr;
}

Transaction::~Transaction() { rollback(); }

// ---- Database ----------------------------------------------------------------------------

Database::Database(std::unique_ptr<detail::DbImpl> impl)
    : impl_(std::move(impl))
#define OMILCRM_REPOSITORY_INIT(Type, name) , name##_(*impl_)
          OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_INIT)
#undef OMILCRM_REPOSITORY_INIT
{
}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

namespace detail {

template <class F>
auto while_busy(DbImpl& impl, F&& f) {
    const auto start = std::chrono::steady_clock::now();
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const SQLite::Exception& e) {
            const int code = e.getErrorCode() & 0xFF;
            if (code != SQLITE_BUSY && code != SQLITE_LOCKED) throw;
            impl.waited =
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
            if (impl.waited >= impl.busy_timeout) throw;
            const std::chrono::microseconds step = std::chrono::milliseconds(std::min(1 << std::min(attempt, 6), 50));
            if (impl.sleep) impl.sleep(step);
            else std::this_thread::sleep_for(step);
        }
    }
}

// Where the backup of a file at `version` goes: "office.omilcrm.v11.bak", or the first of
// ".v11.2.bak", ".v11.3.bak", ... that does not exist. The file is created here, empty, with the
// permissions of the office file (it holds the same personal data) and O_EXCL, so an existing
// file is never overwritten.
std::string create_backup_file(const std::string& path, int version) {
    struct stat original {};
    const mode_t mode = ::stat(path.c_str(), &original) == 0 ? (original.st_mode & 07777) : 0600;
    const std::string stem = path + ".v" + std::to_string(version);
    for (int n = 1; n < 1000; ++n) {
        const std::string candidate = stem + (n == 1 ? "" : "." + std::to_string(n)) + ".bak";
        const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0)
            throw StorageError("cannot write the backup \"" + candidate + "\" before upgrading \"" + path +
                               "\": " + std::strerror(errno) + "; nothing was changed");
        (void)::fchmod(fd, mode);  // open() applied the umask
        ::close(fd);
        return candidate;
    }
    throw StorageError("cannot write a backup of \"" + path + "\": " + stem + ".bak and 998 more exist");
}

// Copies the file into `backup` (an empty file) with SQLite's online backup API, then makes the
// copy a single file in rollback-journal mode. Called while `impl` holds the file's write lock
// and has written nothing yet: the copy is read through a second, read-only connection (the
// backup API refuses a source in a write transaction), which sees the last commit, and nothing
// can be committed between the copy and the upgrade that follows under the same lock.
void write_backup(DbImpl& impl, const std::string& backup) {
    ::sqlite3* src = nullptr;
    ::sqlite3* dest = nullptr;
    auto fail = [&](const std::string& why) {
        if (src) sqlite3_close(src);
        if (dest) sqlite3_close(dest);
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(backup + suffix, ignored);
        throw StorageError("cannot write the backup \"" + backup + "\" before upgrading \"" + impl.path +
                           "\": " + printable(why) + "; nothing was changed");
    };
    if (sqlite3_open_v2(impl.path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        fail(src ? sqlite3_errmsg(src) : "out of memory");
    sqlite3_busy_timeout(src, static_cast<int>(impl.busy_timeout.count()));
    if (sqlite3_open_v2(backup.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        fail(dest ? sqlite3_errmsg(dest) : "out of memory");
    ::sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
    if (!b) fail(sqlite3_errmsg(dest));
    const int stepped = sqlite3_backup_step(b, -1);
    const int finished = sqlite3_backup_finish(b);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
        if ((stepped & 0xFF) == SQLITE_FULL || (finished & 0xFF) == SQLITE_FULL) fail("the disk is full");
        fail(stepped != SQLITE_DONE && stepped != SQLITE_OK ? sqlite3_errstr(stepped) : sqlite3_errmsg(dest));
    }
    sqlite3_close(src);
    src = nullptr;
    // The copy carries the office file's WAL mark; one file is what a backup should be.
    char* error = nullptr;
    if (sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "cannot leave WAL mode";
        sqlite3_free(error);
        fail(why);
    }
    if (sqlite3_close(dest) != SQLITE_OK) {
        dest = nullptr;
        fail("cannot close it");
    }
}

// Upgrades the open file (or creates its schema) under the write lock; for a file with a schema,
// its backup first. Returns what was done when a file with a schema was upgraded.
std::optional<UpgradeReport> upgrade_open_file(DbImpl& impl) {
    const int latest = latest_schema_version();
    std::string backup;
    int from = 0;
    try {
        from = while_busy(impl, [&] {
            return migrate(*impl.db, latest, [&](int version) {
                if (version == 0) return;  // a new file: nothing to keep
                if (!backup.empty()) {     // an earlier attempt's, that then found the file busy
                    std::error_code ignored;
                    std::filesystem::remove(backup, ignored);
                }
                backup = create_backup_file(impl.path, version);
                write_backup(impl, backup);
            });
        });
    } catch (...) {
        if (!backup.empty()) {
            std::error_code ignored;
            std::filesystem::remove(backup, ignored);
        }
        throw;
    }
    if (from == 0 || from >= latest) return std::nullopt;
    return UpgradeReport{.path = impl.path, .from_version = from, .to_version = latest, .backup = backup};
}

// How to upgrade a file, as the C++ API says it.
std::string how_to_upgrade(const std::string& path, int version, bool read_only) {
    return std::string(read_only ? "it is open read-only, so it cannot be upgraded here; " : "") +
           "upgrade it with Database::upgrade(\"" + path + "\") (or `omilcrm migrate " + path +
           "`), which first writes a backup, " + path + ".v" + std::to_string(version) +
           ".bak; or open it with OpenOptions::upgrade = Upgrade::Automatic";
}

// What open() does once the file is open: checks it, switches it to WAL and creates its schema
// or upgrades it, each step retried while another process holds a lock (SQLite does not always
// wait on its own while a file is being created or switched to WAL). A read-only connection
// writes nothing, and neither does a refusal.
std::optional<UpgradeReport> finish_open(DbImpl& impl, bool memory, bool read_only, const OpenOptions& options) {
    const std::string& path = impl.path;
    auto& db = *impl.db;
    db.exec("PRAGMA foreign_keys = ON");
    // Statement and savepoint journals (what undoes a failed call inside a transaction) in
    // memory: SQLite's default moves them to a temporary file once they pass 64 KiB, and within
    // a long transaction of single-row calls every later call then wrote its pages there.
    db.exec("PRAGMA temp_store = MEMORY");
    // Looks at the file before touching it: a foreign or damaged file, or one from a newer
    // library, is refused as it is.
    const int version = while_busy(impl, [&] { return check_schema(impl); });
    const int latest = latest_schema_version();
    if (version == 0 && !memory && options.mode != OpenMode::Create)
        throw StorageError("no office database in \"" + path +
                           "\": the file is empty (open it with OpenMode::Create to create one there)");
    if (version > 0 && version < latest && (read_only || options.upgrade != Upgrade::Automatic))
        throw SchemaVersionError(path, version, latest, how_to_upgrade(path, version, read_only));
    if (read_only) return std::nullopt;
    if (!memory) {
        // WAL before the first migration, so that even a new file is never written in the
        // rollback journal's mode by one process while another switches it.
        while_busy(impl, [&] {
            db.exec("PRAGMA journal_mode = WAL");
            return 0;
        });
        db.exec("PRAGMA synchronous = NORMAL");
        // The write-ahead log holds a whole transaction, so a bulk load grows it; once it has
        // been checkpointed it is cut back to 64 MB rather than kept at its largest.
        db.exec("PRAGMA journal_size_limit = 67108864");
    }
    if (version < latest) return upgrade_open_file(impl);
    return std::nullopt;
}

}  // namespace detail

Database Database::open(const std::string& path, OpenOptions options) {
    if (path.empty())
        throw ValidationError("path", path,
                              "is empty; give a file name, or \":memory:\" for a private in-memory database");
    if (path.find('\0') != std::string::npos) throw ValidationError("path", path, "contains a NUL character");
    const bool memory = path == ":memory:";
    if (memory && options.mode == OpenMode::ReadOnly)
        throw ValidationError("mode", "read_only",
                              "a private in-memory database starts empty; there is nothing to read in it");
    auto impl = std::make_unique<detail::DbImpl>();
    impl->path = path;
    impl->clock = options.clock ? options.clock : std::make_shared<SystemClock>();
    impl->busy_timeout = options.busy_timeout;
    impl->sleep = options.sleep;
    impl->interrupt = options.interrupt;
    if (options.same_thread) impl->owner = std::this_thread::get_id();
    // STRICT tables (3.37) and the JSON functions built in (3.38; the due list passes employers
    // to SQLite as a JSON array).
    if (sqlite3_libversion_number() < 3038000)
        throw StorageError(std::string("cannot open database \"") + path + "\": SQLite " + sqlite3_libversion() +
                           " is too old; libomilcrm needs SQLite 3.38 or later");
    bool read_only = options.mode == OpenMode::ReadOnly;
    const bool create = memory || options.mode == OpenMode::Create;
    if (!memory) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const bool exists = fs::exists(path, ec);
        const auto parent = fs::path(path).parent_path();
        if (!exists && !create)
            throw StorageError("no office database at \"" + path +
                               "\": no such file (open it with OpenMode::Create to create one)");
        if (!exists && !parent.empty() && !fs::is_directory(parent))
            throw StorageError("cannot create database \"" + path + "\": folder \"" + parent.string() +
                               "\" does not exist");
        if (exists && fs::is_directory(path, ec))
            throw StorageError("cannot open database \"" + path + "\": it is a folder");
        if (exists && ::access(path.c_str(), W_OK) != 0) read_only = true;
    }
    impl->read_only = read_only;
    // Without OPEN_CREATE, a file removed since it was checked is an error, never a new one.
    const int flags =
        (read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0)) |
        SQLite::OPEN_NOMUTEX;
    try {
        impl->db = std::make_unique<SQLite::Database>(path, flags, 0);
    } catch (const SQLite::Exception& e) {
        throw StorageError("cannot open database \"" + path + "\": " + detail::printable(e.what()));
    }
    sqlite3_busy_handler(impl->db->getHandle(), &detail::on_busy, impl.get());
    if (impl->interrupt) sqlite3_progress_handler(impl->db->getHandle(), 4096, &detail::on_progress, impl.get());
    std::optional<UpgradeReport> upgraded;
    try {
        upgraded = detail::finish_open(*impl, memory, read_only, options);
    } catch (const SQLite::Exception& e) {
        if (read_only && e.getExtendedErrorCode() == SQLITE_READONLY_DIRECTORY)
            throw StorageReadOnly("cannot read \"" + path +
                                  "\" read-only: it is in WAL mode, and SQLite needs to create its -shm index "
                                  "beside it, but the folder is not writable; copy the file to a writable "
                                  "folder (with its -wal file, if there is one) and open the copy");
        detail::raise_sqlite(*impl, e);
    }
    Database db(std::move(impl));
    db.upgraded_ = std::move(upgraded);
    return db;
}

UpgradeReport Database::upgrade(const std::string& path, OpenOptions options) {
    if (path == ":memory:")
        throw ValidationError("path", path, "is a new in-memory database; there is nothing to upgrade");
    if (std::error_code ec; std::filesystem::exists(path, ec) && ::access(path.c_str(), W_OK) != 0)
        throw StorageReadOnly("cannot upgrade \"" + path + "\": the file is not writable; nothing was changed");
    options.mode = OpenMode::ReadWrite;
    options.upgrade = Upgrade::Automatic;
    auto db = open(path, std::move(options));
    if (db.upgraded_) return *db.upgraded_;
    const int version = db.schema_version();
    return UpgradeReport{.path = path, .from_version = version, .to_version = version, .backup = {}};
}

Transaction Database::transaction() { return Transaction(*impl_); }

void Database::close() {
    if (!impl_->db) return;
    if (impl_->tx_depth > 0) throw Error("cannot close the database inside an open transaction");
    impl_->cache.clear();
    impl_->raw_cache.clear();
    impl_->db.reset();
}
bool Database::is_open() const noexcept { return impl_->db != nullptr; }
bool Database::read_only() const noexcept { return impl_->read_only; }
const std::string& Database::path() const noexcept { return impl_->path; }
const Clock& Database::clock() const noexcept { return *impl_->clock; }
int Database::schema_version() const { return detail::schema_version(impl_->conn()); }
int Database::latest_schema_version() noexcept { return detail::latest_schema_version(); }
const std::optional<UpgradeReport>& Database::upgraded() const noexcept { return upgraded_; }

}  // namespace omilcrm
