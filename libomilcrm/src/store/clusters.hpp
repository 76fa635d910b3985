#pragma once
// The store's functions for clusters: the clusters, their members over time, and the attendance
// recorded at their meetings.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/clusters.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared cluster (validated, metadata filled); sets c.meta.id.
void insert_cluster(DbImpl& db, Cluster& c);
std::optional<Cluster> find_cluster(DbImpl& db, Id id);
/// The clusters of an office, by name and id.
std::vector<Cluster> list_clusters(DbImpl& db, Id office_id);
void set_cluster_representative(DbImpl& db, Id cluster_id, std::optional<Id> contact_id);
/// Sets the rhythm; another rhythm than the stored one adds one to the cluster's revision.
void set_cluster_meets(DbImpl& db, Id cluster_id, const std::optional<Recurrence>& meets);
/// One revision more for every cluster of the office that meets (its holidays changed).
void bump_cluster_revisions(DbImpl& db, Id office_id);

/// Adds a membership period of the employer from `joined`.
void insert_membership(DbImpl& db, Id cluster_id, Id employer_id, Date joined);
/// The employer's current (not left) membership of the cluster: its row and the day it joined.
struct CurrentMembership {
    Id row = 0;
    Date joined;
};
std::optional<CurrentMembership> current_membership(DbImpl& db, Id cluster_id, Id employer_id);
/// Ends the membership period `row` on `left`.
void set_membership_left(DbImpl& db, Id row, Date left);
/// Employer ids that were members on `as_of`, by id.
std::vector<Id> cluster_members(DbImpl& db, Id cluster_id, Date as_of);
/// Every membership period of the cluster, by day joined and employer.
std::vector<Membership> list_memberships(DbImpl& db, Id cluster_id);
/// Clusters the employer belonged to on `as_of`, by id.
std::vector<Id> clusters_of_employer(DbImpl& db, Id employer_id, Date as_of);

/// One member at one of the cluster's recorded meetings.
struct MeetingAttendance {
    Id interaction_id = 0;
    Date on;
    Id employer_id = 0;
    std::string employer;  ///< legal name
    bool attended = false;
};
/// The attendance at the cluster's meetings (not removed ones), by day, meeting and member's name.
std::vector<MeetingAttendance> cluster_attendance(DbImpl& db, Id cluster_id);

}  // namespace omilcrm::store
