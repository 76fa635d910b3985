#pragma once
// The store's functions for the placement reports (Reports): the counts and rows they read.
#include <vector>

#include "reports_rules.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// The capture funnel of an office over [from, to] counted by month, a step at a time: vacancies
/// and positions captured, referrals made, referrals interviewed (once, in the month of their
/// first interview; referrals made after the period left out) and placements started (with
/// those that came from a referral). An entry per step and month with any; see detail::funnel.
std::vector<detail::FunnelMonth> funnel_counts(DbImpl& db, Id office_id, Date from, Date to);

struct ClusterMemberships {
    std::vector<detail::ClusterName> clusters;  ///< the office's clusters, by id
    std::vector<detail::ClusterMembership> memberships;
};
/// The office's clusters and every membership of them, past and present.
ClusterMemberships cluster_memberships(DbImpl& db, Id office_id);

}  // namespace omilcrm::store
