// Versioned schema. Each migration, src/store/migrations/NNNN.sql, takes the file from version
// i to i+1; never edit a shipped migration, add a new one (migrations/README.md says how).
#include <sqlite3.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "omilcrm/error.hpp"

namespace omilcrm::data {
// Generated from src/store/migrations/*.sql by cmake/EmbedData.cmake, in version order.
std::string_view migration_sql(std::size_t i);
std::size_t migration_sql_count();
std::string_view migration_sql_name(std::size_t i);
}  // namespace omilcrm::data

namespace omilcrm::detail {

namespace {

// 'OMIL' in ASCII: marks a file as an omilcrm database.
constexpr int kApplicationId = 0x4F4D494C;

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> m = [] {
        std::vector<Migration> all;
        const std::size_t n = data::migration_sql_count();
        all.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            // CMake has checked the names: 0001.sql, 0002.sql, ... without a gap.
            const std::string_view name = data::migration_sql_name(i);
            int version = 0;
            for (const char c : name.substr(0, 4)) version = version * 10 + (c - '0');
            all.push_back({version, name, data::migration_sql(i)});
        }
        return all;
    }();
    return m;
}

int latest_schema_version() noexcept { return static_cast<int>(migrations().size()); }

int schema_version(SQLite::Database& db) {
    SQLite::Statement q(db, "PRAGMA user_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

namespace {
int pragma_int(SQLite::Database& db, const char* sql) {
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

// Refuses, before anything is written, a file that is not this library's at `version`.
void check_header(SQLite::Database& db, int version) {
    const std::string file = "\"" + db.getFilename() + "\"";
    const int latest = latest_schema_version();
    const int app = pragma_int(db, "PRAGMA application_id");
    const int objects = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
    if (version < 0 || (app != 0 && app != kApplicationId) || (version == 0 && objects > 0) ||
        (version > 0 && app != kApplicationId))
        throw StorageError(file + " is not an omilcrm database");
    if (version > latest) throw SchemaVersionError(db.getFilename(), version, latest, "");
    if (version > 0) {
        // Every version has had these; a file that lacks one was damaged or made by hand.
        for (const char* table : {"office", "staff", "employer", "contact"})
            if (!db.tableExists(table))
                throw StorageCorrupt(file + " is damaged: schema version " + std::to_string(version) +
                                     " but no table " + table);
    }
}
}  // namespace

int check_schema(DbImpl& impl) {
    auto& db = impl.conn();
    const int version = schema_version(db);
    check_header(db, version);
    return version;
}

int migrate(SQLite::Database& db, int target, const std::function<void(int version)>& before) {
    if (const int v = schema_version(db); v >= target) return v;
    // Foreign keys are checked once at the end, as SQLite advises for table rebuilds: a migration
    // may drop and recreate a table that others refer to.
    const int foreign_keys = pragma_int(db, "PRAGMA foreign_keys");
    db.exec("PRAGMA foreign_keys = OFF");
    auto restore = [&] {
        if (foreign_keys) db.exec("PRAGMA foreign_keys = ON");
    };
    try {
        // The write lock first, then the version again: another process may have upgraded the
        // file (or created its schema) while this one waited.
        db.exec("BEGIN IMMEDIATE");
    } catch (...) {
        restore();
        throw;
    }
    int current = 0;
    try {
        current = schema_version(db);
        check_header(db, current);
        if (current < target && before) before(current);
        for (int v = current; v < target; ++v) db.exec(std::string(migrations()[static_cast<std::size_t>(v)].sql));
        SQLite::Statement check(db, "PRAGMA foreign_key_check");
        if (check.executeStep())
            throw StorageError("upgrading \"" + db.getFilename() + "\" would break a reference from table " +
                               check.getColumn(0).getString() + "; nothing was changed");
        if (current < target) {
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            db.exec("PRAGMA user_version = " + std::to_string(target));
        }
        db.exec("COMMIT");
    } catch (...) {
        // A full disk or an I/O error may have rolled the transaction back already.
        if (!sqlite3_get_autocommit(db.getHandle())) {
            try {
                db.exec("ROLLBACK");
            } catch (...) {
            }
        }
        try {
            restore();
        } catch (...) {
        }
        throw;
    }
    restore();
    return current;
}

}  // namespace omilcrm::detail
