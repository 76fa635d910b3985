#pragma once
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/record.hpp"
#include "omilcrm/recurrence.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

enum class ClusterKind { IndustrialPark, TradeAssociation, ChamberOfCommerce, Other };
template <>
struct EnumNames<ClusterKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>({"industrial_park", "trade_association", "chamber_of_commerce", "other"});
};
/// "industrial_park", "trade_association", "chamber_of_commerce", "other"
inline ClusterKind parse_cluster_kind(std::string_view text) { return parse_enum<ClusterKind>(text); }

/// A group of employers that acts through one representative and meets regularly.
struct Cluster {
    RecordMeta meta{};
    Id office_id = 0;
    std::string name{};
    ClusterKind kind = ClusterKind::Other;
    std::optional<Id> representative_id{};  ///< a Contact of a member employer
    std::optional<Recurrence> meets{};      ///< meeting rhythm
    std::string notes{};
};

struct NewCluster {
    Id office_id = 0;
    std::string name{};
    ClusterKind kind = ClusterKind::Other;
    std::optional<Recurrence> meets{};
    std::string notes{};
};

struct Membership {
    Id cluster_id = 0;
    Id employer_id = 0;
    Date joined{};
    std::optional<Date> left{};  ///< the member is out from this day on

    bool member_on(Date d) const noexcept { return joined <= d && (!left || d < *left); }
};

}  // namespace omilcrm
