#pragma once
#include <optional>
#include <string>

#include "omilcrm/record.hpp"

namespace omilcrm {

/// One period during which a staff member owned the relationship with an employer.
struct Ownership {
    Id employer_id = 0;
    Id staff_id = 0;
    Date from{};
    std::optional<Date> to{};  ///< exclusive; empty while current
    std::string reason{};
};

}  // namespace omilcrm
