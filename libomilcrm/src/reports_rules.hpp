#pragma once
// The rules of the placement reports (Reports), pure: vacancies, placements, memberships and the
// counts the store makes come in, the figures go out; no database and no clock. Not public.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm::detail {

/// Every report of a period checks it first: ValidationError (field "end") when to < from.
void check_period(Date from, Date to);

/// True when `d` is in [from, to].
inline bool within(Date d, Date from, Date to) { return from <= d && d <= to; }

/// The first day of the month of `d`.
inline Date month_of(Date d) { return Date(d.year(), d.month(), 1); }

/// The first day of every month touching [from, to], in order.
std::vector<Date> months(Date from, Date to);

/// `num / den`, none when `den` is 0.
inline std::optional<double> ratio(std::int64_t num, std::int64_t den) noexcept {
    if (den == 0) return std::nullopt;
    return double(num) / double(den);
}

// ---- Funnel ------------------------------------------------------------------------------

/// One month of the capture funnel. As the store counts them, an entry holds the counts of one
/// step (the others 0); several entries of one month add up.
struct FunnelMonth {
    Date month;  ///< its first day
    std::int64_t vacancies = 0;
    std::int64_t positions = 0;
    std::int64_t referrals = 0;
    std::int64_t interviews = 0;
    std::int64_t hires = 0;
    std::int64_t hires_from_referrals = 0;
    std::optional<double> hires_per_referral;  ///< hires_from_referrals / referrals
};

/// A row for every month touching [from, to], in order, each with the counts of `counts` for its
/// month added up (counts of months outside the period are left out) and hires from referrals
/// per referral (none without referrals).
std::vector<FunnelMonth> funnel(const std::vector<FunnelMonth>& counts, Date from, Date to);

// ---- Time to fill ------------------------------------------------------------------------

struct FillTime {
    Id vacancy_id = 0;
    Id employer_id = 0;
    CaptureChannel channel = CaptureChannel::Other;
    int positions = 1;
    Date captured_on;
    Date filled_on;
    std::int64_t days_to_fill = 0;  ///< calendar days from capture to filled
};

/// The vacancies captured in [from, to] that are filled, in the order given, with the days from
/// capture to the start of the placement that filled them.
std::vector<FillTime> time_to_fill(const std::vector<Vacancy>& vacancies, Date from, Date to);

// ---- Placements by channel ---------------------------------------------------------------

struct ChannelPlacements {
    CaptureChannel channel = CaptureChannel::Other;
    std::int64_t placements = 0;
    std::optional<double> share;  ///< of the period's placements; none when there are none
};

/// Placements started in [from, to] by the channel their vacancy was captured through: a row per
/// channel, in the enum's order. A placement whose vacancy is not among `vacancies` counts under
/// the first channel (visit).
std::vector<ChannelPlacements> placements_by_channel(const std::vector<Placement>& placements,
                                                     const std::vector<Vacancy>& vacancies, Date from, Date to);

// ---- Cluster share -----------------------------------------------------------------------

struct ClusterName {
    Id id = 0;
    std::string name;
};

/// An employer's membership of a cluster: from `joined` until `left` (exclusive; none = still).
struct ClusterMembership {
    Id cluster_id = 0;
    Id employer_id = 0;
    Date joined;
    std::optional<Date> left;
};

struct ClusterPlacements {
    Id cluster_id = 0;  ///< 0 = no cluster
    std::string name;   ///< "(no cluster)" for cluster 0
    std::int64_t placements = 0;
    std::optional<double> share;  ///< of the period's placements; none when there are none
};

struct ClusterShare {
    /// A row per cluster by id, then the "(no cluster)" row.
    std::vector<ClusterPlacements> rows;
    std::int64_t placements = 0;  ///< of the period, each counted once
};

/// Placements started in [from, to] by the cluster their employer belonged to on the start day
/// (joined on or before it, not left by then): a placement counts in every such cluster, or
/// under "(no cluster)" when there is none.
ClusterShare cluster_share(const std::vector<ClusterName>& clusters, const std::vector<ClusterMembership>& memberships,
                           const std::vector<Placement>& placements, Date from, Date to);

// ---- Retention ---------------------------------------------------------------------------

struct RetentionMonth {
    Date month;  ///< its first day
    std::int64_t placements = 0;
    std::int64_t due_30 = 0;
    std::int64_t checked_30 = 0;
    std::int64_t employed_30 = 0;
    std::int64_t due_90 = 0;
    std::int64_t checked_90 = 0;
    std::int64_t employed_90 = 0;
    std::optional<double> retention_90;  ///< employed_90 / checked_90
};

/// Placements started in [from, to] by the month they started (a row for every month touching
/// the period), as known on `as_of`: how many follow-ups were due at 30 and 90 days, how many
/// were checked by then and found still employed. Someone found no longer employed at day 30
/// counts as checked and not employed at day 90 once day 90 is due.
std::vector<RetentionMonth> retention(const std::vector<Placement>& placements, Date from, Date to, Date as_of);

}  // namespace omilcrm::detail
