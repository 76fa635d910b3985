// The rules of data-subject requests, restrictions and retention (Ley 21.719), pure.
#include <algorithm>

#include "omilcrm/data_rights.hpp"
#include "omilcrm/placements.hpp"

namespace omilcrm::rights {

Date due_on(Date received, bool extended) { return received.add_days(kAnswerDays * (extended ? 2 : 1)); }

Date due_on(RightKind kind, Date received, const HolidayCalendar& holidays) {
    if (kind == RightKind::Blocking) return add_business_days(holidays, received, kBlockingBusinessDays);
    return due_on(received, false);
}

bool is_open(RightsStatus s) noexcept { return s == RightsStatus::Received || s == RightsStatus::Extended; }

std::int64_t days_overdue(const RightsRequest& r, Date day) noexcept { return is_open(r.status) ? day - r.due_on : 0; }

bool covers(const SeekerRestriction& r, Date day) noexcept { return r.from <= day && (!r.to || day <= *r.to); }

Date expires_on(Date last_active, int years) { return last_active.add_months(12 * years); }

std::optional<std::string> placement_keeps(Date start_on, std::optional<Date> checked_90, Date day) {
    if (checked_90) return std::nullopt;
    const Date until = follow_up_due(start_on, 90).add_days(30);
    if (day > until) return std::nullopt;
    return "a placement that started on " + start_on.iso() + " is under its 90-day follow-up (due " +
           follow_up_due(start_on, 90).iso() +
           "): the office keeps the data it needs for it until the follow-up is recorded or " + until.iso() +
           " (Ley 19.628 as amended by Ley 21.719: the data is still needed for the purpose it was collected for)";
}

}  // namespace omilcrm::rights
