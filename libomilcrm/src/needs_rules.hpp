#pragma once
// The rules of needs as neighbours (Needs), pure: a need's status from its history, and the
// report of needs raised beside those served. No database and no clock. Not public.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/needs.hpp"
#include "omilcrm/requests.hpp"

namespace omilcrm::detail {

/// Dropped when dropped; else served when its request was resolved or closed; answered when a
/// request was opened for it; open otherwise.
NeedStatus need_status(bool dropped, std::optional<RequestStatus> request);

struct NeedCounts {
    std::string category;  ///< the code; "" for free text, "(all)" for the total
    std::string name;      ///< the category's name, "(other)" for free text, "(all)" for the total
    std::int64_t raised = 0, answered = 0, served = 0, dropped = 0, open = 0;
    /// Served over raised (none when nothing was raised).
    std::optional<double> served_share() const noexcept;
};

/// Needs raised in [from, to] per category, in the order of `names` (code -> name; categories
/// with no need are left out), free text last as "(other)", then the total.
std::vector<NeedCounts> needs_report(const std::vector<EmployerNeed>& needs,
                                     const std::vector<std::pair<std::string, std::string>>& names, Date from, Date to);

}  // namespace omilcrm::detail
