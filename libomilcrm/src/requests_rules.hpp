#pragma once
// The internal rules of service requests (the public ones, life cycle and routing, are declared
// in requests.hpp): those of the reports, pure: the requests, the calendar and "today" come in,
// the figures go out; no database and no clock. Requests::deadline_compliance and
// Requests::open_by_department read the rows and build their tables from these. Not public.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/requests.hpp"

namespace omilcrm::detail {

/// What the deadline-compliance report needs of one request.
struct RequestOutcome {
    Id id = 0;
    Id department_id = 0;  ///< 0 = triage
    std::string category;
    RequestStatus status = RequestStatus::Received;
    Date received_on;
    std::optional<Date> due_on;
    std::optional<Date> resolved_on;
    std::vector<Pause> pauses;  ///< the clock's stops, for the business days to resolve
};

/// One department and category of the deadline-compliance report.
struct DeadlineRow {
    Id department_id = 0;  ///< 0 = triage
    std::string category;
    std::int64_t received = 0;
    std::int64_t resolved = 0;
    std::int64_t resolved_on_time = 0;  ///< resolved on or before the deadline
    std::int64_t open = 0;
    std::int64_t open_overdue = 0;                          ///< open and past the deadline on the day judged
    std::optional<double> on_time_share;                    ///< resolved_on_time / resolved; none without resolved ones
    std::optional<double> median_business_days_to_resolve;  ///< none without resolved ones
};

struct DeadlineCompliance {
    /// The last day judged: judged_to(from, to, today); empty when the period has not begun.
    std::optional<Date> judged_to;
    /// By department id (triage, 0, first), then category; only pairs with requests.
    std::vector<DeadlineRow> rows;
};

/// The deadline compliance of the requests received in [from, to], per department and category.
/// Requests received outside the period, duplicates and rejected ones are not counted. A request
/// resolved is on time when resolved on or before its deadline, and its business days to resolve
/// count from receipt to resolution over `holidays`, not counting its pauses; one still open is
/// overdue when its deadline falls before the last day judged (`to`, or `today` while the period
/// is not over: judged_to()). Throws ValidationError (field "end") when to < from.
DeadlineCompliance deadline_compliance(const std::vector<RequestOutcome>& requests, const HolidayCalendar& holidays,
                                       Date from, Date to, Date today);

/// One department's open requests on a day.
struct OpenLoad {
    Id department_id = 0;  ///< 0 = triage
    std::int64_t open = 0;
    std::int64_t overdue = 0;             ///< due before the day
    std::int64_t oldest_age_days = 0;     ///< calendar days since receipt
    std::optional<double> mean_age_days;  ///< none without open requests
};

/// Open requests per department on `day`: a row for each department of `department_ids` (in
/// ascending id order, with or without requests), and a triage row (id 0, first) when requests
/// without a department are open. `open_requests` are the office's open requests; a request of a
/// department not listed gets a row of its own.
std::vector<OpenLoad> open_by_department(const std::vector<ServiceRequest>& open_requests,
                                         const std::vector<Id>& department_ids, Date day);

}  // namespace omilcrm::detail
