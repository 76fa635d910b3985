#pragma once
// The `frame` measurement's C++ sides (bench_scale frame): the floor, a bare loop on SQLite's C
// API filling column vectors, and the library's listing exported as Arrow.
#include <cstddef>
#include <string>

#include "omilcrm/omilcrm.hpp"

namespace bench {

/// Rows read, and their order-insensitive checksum of (id, employer_id) as hex.
struct FrameRun {
    std::size_t rows = 0;
    std::string sum{};
};

/// The interactions listing of offices 1..offices (an interaction per row, a cluster meeting per
/// attending member) stepped out of SQLite into column vectors: no library, no Python, no sort.
FrameRun frame_floor(const std::string& db_path, int offices);

/// The same rows through Interactions::table and to_arrow_stream, each office's batch kept.
FrameRun frame_library(omilcrm::Database& db, int offices);

}  // namespace bench
