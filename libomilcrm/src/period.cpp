#include "omilcrm/period.hpp"

#include <algorithm>

namespace omilcrm {

std::optional<Date> judged_to(Date from, Date to, Date today) noexcept {
    if (from > today) return std::nullopt;
    return std::min(to, today);
}

std::string judged_to_text(const std::optional<Date>& judged) { return judged ? judged->iso() : std::string(); }

}  // namespace omilcrm
