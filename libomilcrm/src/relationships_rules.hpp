#pragma once
// The rules of the gradual approach and of reciprocity (Relationships), pure: the days of each
// employer's steps and the events of a period come in, stages and counts go out; no database and
// no clock. Not public.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/relationships.hpp"
#include "reports_rules.hpp"

namespace omilcrm::detail {

/// The first day of each step of an employer, as the store read them (each on or before the day
/// asked about).
struct StageSteps {
    Id employer_id = 0;
    std::string name;
    LeadSource lead_source = LeadSource::Unknown;
    std::string lead_detail;
    std::optional<Date> first_contact;
    std::optional<Date> first_served;
    std::optional<Date> first_vacancy;
    std::optional<Date> first_hire;
};

/// The employer's stage on `as_of`: the furthest step taken on or before it, and that step's day.
/// Steps dated after `as_of` are not taken (and are left out of the answer).
EmployerStage stage_of(const StageSteps& steps, Date as_of);

/// Employers by stage: counts[stage] for each stage.
using StageCounts = std::array<std::int64_t, 5>;

struct FunnelRow {
    Id cluster_id = 0;  ///< 0 for "(no cluster)" and for the whole office
    std::string cluster;
    std::int64_t employers = 0;
    StageCounts stages{};
};

/// A row per cluster (members on `as_of`, in the clusters' order), "(no cluster)" for employers
/// that belonged to none that day, and "(office)" for all of them. An employer in two clusters
/// counts in both, and once in the office's row.
std::vector<FunnelRow> stage_funnel(const std::vector<EmployerStage>& stages, const std::vector<ClusterName>& clusters,
                                    const std::vector<ClusterMembership>& memberships, Date as_of);

/// What an employer gave or received on a day, as the store read them for a period.
struct ReciprocityEvent {
    enum class Kind { Request, Resolved, Vacancy, Hire };
    Id employer_id = 0;
    Date on;
    Kind kind = Kind::Request;
    std::int64_t positions = 0;  ///< a vacancy's positions
    bool on_time = false;        ///< a resolution on or before the request's due day
};

struct Reciprocity {
    std::int64_t requests = 0;
    std::int64_t resolved = 0;
    std::int64_t resolved_on_time = 0;
    std::int64_t vacancies = 0;
    std::int64_t positions = 0;
    std::int64_t hires = 0;
    /// Served (a request resolved) and gave nothing back (no vacancy, no hire).
    bool served_only() const noexcept { return resolved > 0 && vacancies == 0 && hires == 0; }
    void add(const ReciprocityEvent& e);
};

/// Events in [from, to] added up per employer (employers with none are absent).
std::map<Id, Reciprocity> reciprocity_by_employer(const std::vector<ReciprocityEvent>& events, Date from, Date to);

struct ClusterMonth {
    Date month;  ///< its first day
    Id cluster_id = 0;
    std::string cluster;
    Reciprocity counts;
};

/// Events in [from, to] by month and cluster, each counted for every cluster the employer
/// belonged to on the event's day (events of employers in no cluster that day are left out).
/// Every month touching the period appears for every cluster, in month then cluster order.
std::vector<ClusterMonth> reciprocity_by_cluster(const std::vector<ReciprocityEvent>& events,
                                                 const std::vector<ClusterName>& clusters,
                                                 const std::vector<ClusterMembership>& memberships, Date from, Date to);

}  // namespace omilcrm::detail
