#pragma once
// The store's functions for staff workload and promises kept (Workload).
#include <map>
#include <vector>

#include "store/store.hpp"
#include "workload_rules.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Open work per staff member of an office on `day` (overdue: due before it).
struct StaffLoad {
    std::int64_t employers = 0;
    std::int64_t open_commitments = 0;
    std::int64_t overdue_commitments = 0;
    std::int64_t open_follow_ups = 0;
    std::int64_t overdue_follow_ups = 0;
    std::int64_t open_requests = 0;
    std::int64_t overdue_requests = 0;
    std::int64_t referrals_in_progress = 0;
};
std::map<Id, StaffLoad> staff_load(DbImpl& db, Id office_id, Date day);

/// The office's commitments due in [from, to].
std::vector<detail::PromiseFacts> promise_facts(DbImpl& db, Id office_id, Date from, Date to);

}  // namespace omilcrm::store
