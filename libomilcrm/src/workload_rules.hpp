#pragma once
// The rules of promises kept (Workload), pure: the commitments of a period and the last day
// judged come in, the counts go out; no database and no clock. Not public.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/record.hpp"

namespace omilcrm::detail {

/// A commitment as promises kept needs it.
struct PromiseFacts {
    Id owner_id = 0;
    Date due;
    CommitmentStatus status = CommitmentStatus::Open;
    std::optional<Date> closed_on;
};

struct PromiseCounts {
    std::int64_t due = 0;
    std::int64_t kept_on_time = 0;
    std::int64_t kept_late = 0;
    std::int64_t cancelled = 0;
    std::int64_t open_overdue = 0;
    std::int64_t open = 0;
    /// Kept on time over those that could be judged (kept, or open past due); none when none.
    std::optional<double> kept_on_time_share() const noexcept;
};

/// Commitments due in [from, to], judged on `judged_to` (none: the period has not begun, so
/// every one is open and none judged): counts per owner and for the office (key 0).
/// A commitment kept after `judged_to` is still open that day.
std::map<Id, PromiseCounts> promises(const std::vector<PromiseFacts>& commitments, Date from, Date to,
                                     std::optional<Date> judged_to);

}  // namespace omilcrm::detail
