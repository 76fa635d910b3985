// The rules of the service-request reports: pure functions over the requests.
#include "request_reports.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "omilcrm/period.hpp"
#include "report_rules.hpp"

namespace omilcrm::detail {

namespace {

// The median of `days` (not empty); sorts them.
double median_of(std::vector<int>& days) {
    std::sort(days.begin(), days.end());
    const std::size_t n = days.size();
    return n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
}

bool counted(RequestStatus s) noexcept { return s != RequestStatus::Duplicate && s != RequestStatus::Rejected; }

}  // namespace

DeadlineCompliance deadline_compliance(const std::vector<RequestOutcome>& requests, const HolidayCalendar& holidays,
                                     Date from, Date to, Date today) {
    check_period(from, to);
    DeadlineCompliance out;
    // Overdue is judged up to today at the latest: a deadline that falls after today is not
    // missed yet, however far the period runs.
    out.judged_to = judged_to(from, to, today);
    const std::optional<Date>& judged = out.judged_to;

    // One pass over the days from the start of the period to the last resolution, so each
    // request's business days to resolve cost O(1) (BusinessDayCounter).
    Date last_resolved = to;
    for (const auto& r : requests)
        if (r.resolved_on && last_resolved < *r.resolved_on && within(r.received_on, from, to) && counted(r.status))
            last_resolved = *r.resolved_on;
    const BusinessDayCounter business_days(holidays, from, last_resolved);

    struct Row {
        DeadlineRow figures;
        std::vector<int> days;
    };
    std::map<std::pair<Id, std::string>, Row> rows;
    for (const auto& r : requests) {
        if (!within(r.received_on, from, to) || !counted(r.status)) continue;
        Row& row = rows[{r.department_id, r.category}];
        DeadlineRow& f = row.figures;
        ++f.received;
        if (r.resolved_on) {
            ++f.resolved;
            if (r.due_on && *r.resolved_on <= *r.due_on) ++f.resolved_on_time;
            row.days.push_back(business_days.between(r.received_on, *r.resolved_on, r.pauses));
        } else if (is_open(r.status)) {
            ++f.open;
            if (r.due_on && judged && *r.due_on < *judged) ++f.open_overdue;
        }
    }
    out.rows.reserve(rows.size());
    for (auto& [key, row] : rows) {
        DeadlineRow& f = row.figures;
        f.department_id = key.first;
        f.category = key.second;
        if (f.resolved) f.on_time_share = double(f.resolved_on_time) / double(f.resolved);
        if (!row.days.empty()) f.median_business_days_to_resolve = median_of(row.days);
        out.rows.push_back(std::move(f));
    }
    return out;
}

std::vector<OpenLoad> open_by_department(const std::vector<ServiceRequest>& open_requests,
                                         const std::vector<Id>& department_ids, Date day) {
    struct Row {
        OpenLoad load;
        std::int64_t total_age = 0;
    };
    std::map<Id, Row> rows;  // 0 = triage, first
    for (Id id : department_ids) rows[id];
    rows[0];
    for (const auto& r : open_requests) {
        Row& row = rows[r.department_id.value_or(0)];
        const std::int64_t age = day - r.received_on;
        ++row.load.open;
        if (r.due_on && *r.due_on < day) ++row.load.overdue;
        row.load.oldest_age_days = std::max(row.load.oldest_age_days, age);
        row.total_age += age;
    }
    std::vector<OpenLoad> out;
    out.reserve(rows.size());
    for (auto& [id, row] : rows) {
        if (id == 0 && row.load.open == 0) continue;
        row.load.department_id = id;
        if (row.load.open) row.load.mean_age_days = double(row.total_age) / double(row.load.open);
        out.push_back(row.load);
    }
    return out;
}

}  // namespace omilcrm::detail
