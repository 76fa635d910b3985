#pragma once
// The internal rules of contact cadence (the public ones, the applicable policy, the due list and
// complied(), are declared in cadence.hpp). Cadence compliance over a period, as a pure rule: which employers a policy
// covers, which of them were contacted on time throughout, and the count per group (the office, each staff member's
// portfolio, each cluster). Data and the period in, rows out; no database, no clock. Cadence::compliance reads the data
// and decides the period (judged_to); this decides the rest.
#include <string>
#include <utility>
#include <vector>

#include "omilcrm/cadence.hpp"

namespace omilcrm::cadence {

/// True when a policy of `track` applies to the employer on some day of [from, to] from the
/// day it was added: only such employers are judged.
bool covered(const EmployerFacts& e, const std::vector<CadencePolicy>& policies, const std::string& track, Date from,
             Date to);

/// The groups compliance is counted for, with their names.
struct ComplianceGroups {
    Id office_id = 0;
    std::string office_name;
    std::vector<std::pair<Id, std::string>> staff;     ///< the office's staff (id, name)
    std::vector<std::pair<Id, std::string>> clusters;  ///< the office's clusters (id, name)
};

/// Compliance over [from, to], `to` being the last day judged (every row's judged_to): each
/// employer added by `to` that a policy covers (covered()) counts once for the office, once for
/// its owner's portfolio and once for every cluster it is a member of on `to`; it complied when
/// its contacts (any order, other employers' ignored) kept it within its interval throughout
/// (complied()). The office's row first, then the staff members and the clusters that have an
/// employer judged, each by id.
std::vector<ComplianceRow> compliance(const std::vector<EmployerFacts>& employers,
                                      const std::vector<ContactEvent>& contacts,
                                      const std::vector<CadencePolicy>& policies, const std::string& track, Date from,
                                      Date to, const ComplianceGroups& groups);

}  // namespace omilcrm::cadence
