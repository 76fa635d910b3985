#include "omilcrm/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <filesystem>

#include "omilcrm/error.hpp"
#include "store/impl.hpp"

namespace omilcrm {

namespace detail {

namespace {
SQLite::Database& open_db(DbImpl& db) {
    if (!db.db) throw StorageError("database \"" + db.path + "\" is closed");
    return *db.db;
}
}  // namespace

void FinalizeStmt::operator()(::sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

RawStmt::RawStmt(DbImpl& db, const std::string& sql) : db_(open_db(db)) {
    auto& slot = db.raw_cache[sql];
    if (!slot) {
        ::sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(db_.getHandle(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
            db.raw_cache.erase(sql);
            throw StorageError(std::string("cannot prepare a statement: ") + sqlite3_errmsg(db_.getHandle()));
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
    throw StorageError(std::string("reading \"") + db_.getFilename() + "\": " + sqlite3_errmsg(db_.getHandle()));
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

Stmt DbImpl::stmt(const std::string& sql) {
    open_db(*this);
    auto it = cache.find(sql);
    if (it == cache.end()) {
        it = cache.emplace(sql, std::make_unique<SQLite::Statement>(*db, sql)).first;
    } else {
        // tryReset: reset() would re-throw the error of the statement's last run.
        it->second->tryReset();
        it->second->clearBindings();
    }
    return Stmt(*it->second);
}

RecordMeta DbImpl::new_meta() const {
    RecordMeta m;
    m.uuid = new_uuid();
    m.created_at = clock->now();
    m.updated_at = m.created_at;
    return m;
}

std::optional<Date> opt_date(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return Date::parse(c.getString());
}
Date date_of(const SQLite::Column& c) { return Date::parse(c.getString()); }
std::optional<double> opt_real(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getDouble();
}
std::optional<Id> opt_id(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
}
void bind_opt(SQLite::Statement& s, int i, const std::optional<double>& v) {
    if (v) s.bind(i, *v);
    else s.bind(i);
}
void bind_opt(SQLite::Statement& s, int i, const std::optional<Id>& v) {
    if (v) s.bind(i, static_cast<std::int64_t>(*v));
    else s.bind(i);
}
void bind_opt(SQLite::Statement& s, int i, const std::optional<Date>& v) {
    if (v) s.bind(i, v->iso());
    else s.bind(i);
}
RecordMeta meta_of(SQLite::Statement& s, int first) {
    RecordMeta m;
    m.id = s.getColumn(first).getInt64();
    m.uuid = s.getColumn(first + 1).getString();
    m.created_at = ts_of(s.getColumn(first + 2).getInt64());
    m.updated_at = ts_of(s.getColumn(first + 3).getInt64());
    return m;
}

// The one savepoint mechanism behind Scope (each operation) and Transaction (the caller's).
int DbImpl::open_savepoint() {
    if (!db) throw StorageError("database \"" + path + "\" is closed");
    const int level = tx_depth + 1;
    try {
        db->exec("SAVEPOINT omil_" + std::to_string(level));
    } catch (const SQLite::Exception& e) {
        throw StorageError(std::string("could not start a transaction: ") + e.what());
    }
    tx_depth = level;
    return level;
}

void DbImpl::release_savepoint(int level) {
    try {
        db->exec("RELEASE omil_" + std::to_string(level));
    } catch (const SQLite::Exception& e) {
        throw StorageError(std::string("could not commit: ") + e.what());
    }
    tx_depth = level - 1;
}

void DbImpl::rollback_savepoint(int level) noexcept {
    const auto name = "omil_" + std::to_string(level);
    try {
        db->exec("ROLLBACK TO " + name);
        db->exec("RELEASE " + name);
    } catch (...) {
        // Nothing more can be done here; SQLite has rolled back on its own.
    }
    tx_depth = level - 1;
    ++seeker_generation;  // a cached matching pool may hold rows that are gone
}

bool is_unique_violation(const SQLite::Exception& ex) noexcept {
    return ex.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE;
}

Scope::Scope(DbImpl& db) : db_(db), level_(db.open_savepoint()) {}

void Scope::commit() {
    db_.release_savepoint(level_);
    done_ = true;
}

Scope::~Scope() {
    if (!done_) db_.rollback_savepoint(level_);
}

}  // namespace detail

Date Repository::today() const { return db_->today(); }

// ---- Transaction -------------------------------------------------------------------------

Transaction::Transaction(detail::DbImpl& db) : db_(&db), level_(db.open_savepoint()) {}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_), level_(other.level_) {
    other.db_ = nullptr;
}

void Transaction::commit() {
    if (!db_) throw Error("transaction is no longer active");
    if (db_->tx_depth != level_)
        throw Error("an inner transaction is still open; commit or roll it back first");
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
    : impl_(std::move(impl)),
      offices_(*impl_),
      staff_(*impl_),
      employers_(*impl_),
      contacts_(*impl_),
      clusters_(*impl_),
      portfolio_(*impl_),
      interactions_(*impl_),
      commitments_(*impl_),
      follow_ups_(*impl_),
      cadence_(*impl_),
      planner_(*impl_),
      calendar_(*impl_),
      departments_(*impl_),
      catalogue_(*impl_),
      routing_(*impl_),
      requests_(*impl_),
      open311_(*impl_),
      vacancies_(*impl_),
      seekers_(*impl_),
      referrals_(*impl_),
      placements_(*impl_),
      programmes_(*impl_),
      matching_(*impl_),
      reports_(*impl_),
      events_(*impl_),
      outreach_(*impl_),
      regional_(*impl_),
      imports_(*impl_) {}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::string& path, OpenOptions options) {
    auto impl = std::make_unique<detail::DbImpl>();
    impl->path = path;
    impl->clock = options.clock ? options.clock : std::make_shared<SystemClock>();
    const bool memory = path == ":memory:" || path.empty();
    // STRICT tables (3.37) and the JSON functions built in (3.38; the due list passes employers
    // to SQLite as a JSON array).
    if (sqlite3_libversion_number() < 3038000)
        throw StorageError(std::string("cannot open database \"") + path + "\": SQLite " + sqlite3_libversion() +
                           " is too old; libomilcrm needs SQLite 3.38 or later");
    if (!memory) {
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty() && !std::filesystem::is_directory(parent))
            throw StorageError("cannot open database \"" + path + "\": folder \"" +
                               parent.string() + "\" does not exist");
    }
    try {
        impl->db = std::make_unique<SQLite::Database>(
            memory ? ":memory:" : path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
        impl->db->exec("PRAGMA foreign_keys = ON");
        // Checks the version (refusing newer files untouched) and upgrades older ones.
        detail::migrate(*impl->db, detail::latest_schema_version());
        if (!memory) {
            impl->db->exec("PRAGMA journal_mode = WAL");
            impl->db->exec("PRAGMA synchronous = NORMAL");
            // The write-ahead log holds a whole transaction, so a bulk load grows it; once it
            // has been checkpointed it is cut back to 64 MB rather than kept at its largest.
            impl->db->exec("PRAGMA journal_size_limit = 67108864");
        }
    } catch (const SQLite::Exception& e) {
        throw StorageError("cannot open database \"" + path + "\": " + e.what());
    }
    return Database(std::move(impl));
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
const std::string& Database::path() const noexcept { return impl_->path; }
const Clock& Database::clock() const noexcept { return *impl_->clock; }
int Database::schema_version() const {
    if (!impl_->db) throw StorageError("database \"" + impl_->path + "\" is closed");
    return detail::schema_version(*impl_->db);
}
int Database::latest_schema_version() noexcept { return detail::latest_schema_version(); }

}  // namespace omilcrm
