#pragma once
// The `frame` measurement's C++ sides (bench_scale frame): the floor, a bare loop on SQLite's C
// API filling column vectors, and the library's listing exported as Arrow.
#include <cstddef>
#include <string>

#include "omilcrm/omilcrm.hpp"

struct sqlite3;

namespace bench {

/// Rows read, and their order-insensitive checksum of (id, employer_id) as hex.
struct FrameRun {
    std::size_t rows = 0;
    std::string sum{};
};

/// A read-only connection of the floor's, opened once per process as the library's Database is
/// (so both read through a warm page cache after the first run), and like it without SQLite's
/// mutex (SQLITE_OPEN_NOMUTEX: one thread), which would otherwise be taken for every cell.
struct FloorDb {
    explicit FloorDb(const std::string& path);
    ~FloorDb();
    FloorDb(const FloorDb&) = delete;
    FloorDb& operator=(const FloorDb&) = delete;
    sqlite3* db = nullptr;
};

/// The interactions listing of offices 1..offices (an interaction per row, a cluster meeting per
/// attending member) stepped out of SQLite into column vectors: no library, no Python, no sort.
FrameRun frame_floor(FloorDb& db, int offices);

/// The same rows through Interactions::table and to_arrow_stream, each office's batch kept.
FrameRun frame_library(omilcrm::Database& db, int offices);

}  // namespace bench
