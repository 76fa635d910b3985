// The schema's migrations: src/store/migrations/NNNN.sql, embedded in the library when it is
// built (cmake/EmbedData.cmake). No SQLite type here; migrate() in sqlite.hpp runs them.
#pragma once

#include <string_view>
#include <vector>

namespace omilcrm::detail {

struct Migration {
    int version;            // the version the file is at after this migration: 1 for 0001.sql
    std::string_view name;  // "0001.sql"
    std::string_view sql;   // the file's text, run as one script
};

/// Every migration, in order: migrations()[i] takes a file from version i to i + 1, so
/// latest_schema_version() is migrations().size().
const std::vector<Migration>& migrations();

}  // namespace omilcrm::detail
