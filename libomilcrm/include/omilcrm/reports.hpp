#pragma once
// Reports over vacancies, referrals and placements, for analysts: the capture funnel, time to
// fill, placements by channel and by cluster, and 90-day retention; the Reports repository
// (db.reports()). Periods are inclusive dates; every report is a Table.
#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// Reports over vacancies and placements, for analysts. Periods are inclusive dates.
class Reports : public Repository {
public:
    using Repository::Repository;
    /// Per month of [from, to]: vacancies and positions captured, referrals made, seekers
    /// interviewed, hires (placements started), those of them that came from a referral, and
    /// hires from referrals per referral.
    Table funnel(Id office_id, Date from, Date to) const;
    /// Vacancies captured in [from, to] that are filled: days from capture to the start of the
    /// placement that filled the last position.
    Table time_to_fill(Id office_id, Date from, Date to) const;
    /// Placements started in [from, to] by the channel their vacancy was captured through.
    Table placements_by_channel(Id office_id, Date from, Date to) const;
    /// Placements started in [from, to] by the cluster the employer belonged to on the start
    /// date ("(no cluster)" for the rest), with each one's share of the office's placements.
    Table cluster_share(Id office_id, Date from, Date to) const;
    /// Placements started in [from, to], by month: how many, how many reached day 90 by
    /// `as_of`, how many were checked at 90 days, still employed, and the retention rate
    /// (employed over checked). Someone found no longer employed at day 30 counts as checked and
    /// not employed at day 90. The same for day 30 (due, checked, employed).
    Table retention(Id office_id, Date from, Date to, Date as_of) const;
};

}  // namespace omilcrm
