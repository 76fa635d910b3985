#pragma once
// What every stored record carries.
#include <cstdint>
#include <string>

#include "omilcrm/date.hpp"

namespace omilcrm {

using Id = std::int64_t;

struct RecordMeta {
    Id id = 0;           ///< integer id, for fast joins inside one database
    std::string uuid{};  ///< stable across databases (consolidation matches on it)
    Timestamp created_at{};
    Timestamp updated_at{};
};

/// A new random (version 4) UUID in canonical text form.
std::string new_uuid();

}  // namespace omilcrm
