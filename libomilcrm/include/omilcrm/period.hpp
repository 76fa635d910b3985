#pragma once
// Report periods: which of a period's days a report can judge on the day it is made. Pure: the
// date comes in, no clock is read.
#include <optional>
#include <string>

#include "omilcrm/date.hpp"

namespace omilcrm {

/// The last day of the period [from, to] (from <= to) that a report made on `today` can judge:
/// `to` once the period is over, otherwise `today`. Days that have not come cannot be missed
/// contacts or overdue requests, so a report of a period that is not over judges it up to today,
/// and says so (Table metadata "judged_to"). Empty when the period has not begun (from after
/// today): there is nothing to judge yet.
std::optional<Date> judged_to(Date from, Date to, Date today) noexcept;

/// judged_to() as the reports write it in their metadata: the ISO date, or "" when nothing could
/// be judged yet.
std::string judged_to_text(const std::optional<Date>& judged);

}  // namespace omilcrm
