#pragma once
// What each staff member carries, for the coordinator to balance («altamente demandantes»): the
// portfolio, contacts due, open commitments and follow-ups, open requests of their employers and
// referrals in progress; and promises kept: the share of commitments kept by their due day, per
// staff member and for the office («no ofrecer lo que no se puede cumplir»). Requests resolved
// within their deadline per department are Requests::deadline_compliance. The Workload
// repository is db.workload().
#include <optional>

#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

class Workload : public Repository {
public:
    using Repository::Repository;
    /// A row per staff member active on `day` (default today): staff_id, staff, role, employers
    /// (the portfolio), due_contacts (due on or before the day by the cadence), overdue_contacts
    /// (past due), open_commitments, overdue_commitments, open_follow_ups, overdue_follow_ups,
    /// open_requests and overdue_requests (of the employers they own) and referrals_in_progress
    /// (made by them, not closed). Overdue means due before the day.
    Table staff(Id office_id, std::optional<Date> day = {}) const;
    /// Commitments due in [from, to], per staff member who owns them and for the office (last
    /// row, staff_id empty): due, kept_on_time (kept on or before the due day), kept_late,
    /// cancelled, open_overdue (open past due on the last day judged), open (not yet due), and
    /// kept_on_time_share: kept on time over those that could be judged (kept, or open past
    /// due), empty when none could. A period that is not over is judged up to today (metadata
    /// "judged_to").
    Table promises(Id office_id, Date from, Date to) const;
};

}  // namespace omilcrm
