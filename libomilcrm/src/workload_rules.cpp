// The rules of promises kept: pure functions over commitments.
#include "workload_rules.hpp"

namespace omilcrm::detail {

std::optional<double> PromiseCounts::kept_on_time_share() const noexcept {
    const std::int64_t judged = kept_on_time + kept_late + open_overdue;
    if (judged == 0) return std::nullopt;
    return double(kept_on_time) / double(judged);
}

std::map<Id, PromiseCounts> promises(const std::vector<PromiseFacts>& commitments, Date from, Date to,
                                     std::optional<Date> judged_to) {
    std::map<Id, PromiseCounts> out;
    out[0];  // the office's row, even with nothing due
    for (const auto& c : commitments) {
        if (c.due < from || to < c.due) continue;
        for (PromiseCounts* counts : {&out[c.owner_id], &out[0]}) {
            PromiseCounts& n = *counts;
            ++n.due;
            const bool closed = judged_to && c.closed_on && *c.closed_on <= *judged_to;
            if (closed && c.status == CommitmentStatus::Kept) {
                if (*c.closed_on <= c.due) ++n.kept_on_time;
                else ++n.kept_late;
            } else if (closed && c.status == CommitmentStatus::Cancelled) {
                ++n.cancelled;
            } else if (judged_to && c.due < *judged_to) {
                ++n.open_overdue;
            } else {
                ++n.open;
            }
        }
    }
    return out;
}

}  // namespace omilcrm::detail
