#pragma once
// Clusters: groups of employers that act through one representative and meet regularly
// (industrial parks, trade associations, chambers of commerce), their membership periods, and the
// Clusters repository (db.clusters()).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/recurrence.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

enum class ClusterKind { IndustrialPark, TradeAssociation, ChamberOfCommerce, Other };
template <>
struct EnumNames<ClusterKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names =
        std::to_array<std::string_view>({"industrial_park", "trade_association", "chamber_of_commerce", "other"});
};

/// A group of employers that acts through one representative and meets regularly.
struct Cluster {
    RecordMeta meta{};
    Id office_id = 0;
    std::string name{};
    ClusterKind kind = ClusterKind::Other;
    std::optional<Id> representative_id{};  ///< a Contact of a member employer
    std::optional<Recurrence> meets{};      ///< meeting rhythm
    std::string notes{};
    /// 0 when added, one more at each change of its meetings (set_meets with another rhythm, an
    /// office holiday added): the calendar's SEQUENCE of its meetings, so calendars update them.
    int revision = 0;
};
template <>
struct RecordFields<Cluster> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Cluster::meta), field("office_id", &Cluster::office_id), field("name", &Cluster::name),
        field("kind", &Cluster::kind), field("representative_id", &Cluster::representative_id),
        field("meets", &Cluster::meets), field("notes", &Cluster::notes), field("revision", &Cluster::revision));
};

struct NewCluster {
    Id office_id = 0;
    std::string name{};
    ClusterKind kind = ClusterKind::Other;
    std::optional<Recurrence> meets{};
    std::string notes{};
};
template <>
struct RecordFields<NewCluster> {
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &NewCluster::office_id).required(), field("name", &NewCluster::name).required(),
        field("kind", &NewCluster::kind), field("meets", &NewCluster::meets), field("notes", &NewCluster::notes));
};

struct Membership {
    Id cluster_id = 0;
    Id employer_id = 0;
    Date joined{};
    std::optional<Date> left{};  ///< the member is out from this day on

    bool member_on(Date d) const noexcept { return joined <= d && (!left || d < *left); }
};
template <>
struct RecordFields<Membership> {
    static constexpr auto fields =
        std::make_tuple(field("cluster_id", &Membership::cluster_id), field("employer_id", &Membership::employer_id),
                        field("joined", &Membership::joined), field("left", &Membership::left));
};

// ---- Repositories --------------------------------------------------------------------------

class Clusters : public Repository {
public:
    using Repository::Repository;
    Cluster add(const NewCluster& c);
    Cluster get(Id id) const;
    std::vector<Cluster> list(Id office_id) const;
    /// The employer joins on `joined`. Joining again while a member is a Conflict.
    Membership add_member(Id cluster_id, Id employer_id, Date joined);
    /// The employer leaves on `left` (not a member from that day on).
    Membership remove_member(Id cluster_id, Id employer_id, Date left);
    /// Employer ids that were members on `as_of`.
    std::vector<Id> members(Id cluster_id, Date as_of) const;
    /// Every membership period, past and present.
    std::vector<Membership> memberships(Id cluster_id) const;
    /// Clusters the employer belonged to on `as_of`.
    std::vector<Id> clusters_of(Id employer_id, Date as_of) const;
    /// The representative must be a contact of a current member employer.
    Cluster set_representative(Id cluster_id, Id contact_id);
    Cluster set_meets(Id cluster_id, std::optional<Recurrence> meets);
    /// Meeting dates from the rhythm between two dates, none on a holiday (Requests::holidays).
    std::vector<Date> meetings(Id cluster_id, Date from, Date to) const;
    /// Meetings of every cluster of the office from `from` for `days` days: (cluster id, date),
    /// by date; none on a holiday of the office.
    std::vector<std::pair<Id, Date>> upcoming(Id office_id, Date from, int days) const;
    /// Attendance at the cluster's recorded meetings: one row per meeting and member.
    Table attendance(Id cluster_id) const;
};

}  // namespace omilcrm
