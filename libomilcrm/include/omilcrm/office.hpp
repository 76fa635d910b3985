#pragma once
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/record.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

/// An OMIL: the municipal employment office of one commune.
struct Office {
    RecordMeta meta{};
    std::string name{};
    std::string commune_code{};  ///< CUT code, "05103"
    std::string address{};
    std::string email{};
    std::string phone{};  ///< normalised, "+56322123456"
    std::optional<double> latitude{};  ///< where visit plans start
    std::optional<double> longitude{};
};

struct NewOffice {
    std::string name{};
    std::string commune{};  ///< code or name; stored as the CUT code
    std::string address{};
    std::string email{};
    std::string phone{};
    std::optional<double> latitude{};
    std::optional<double> longitude{};
};

enum class StaffRole { Head, TerritorialManager, LaborPsychologist, Administrative, Other };
template <>
struct EnumNames<StaffRole> {
    static constexpr std::string_view field = "role";
    static constexpr auto names = std::to_array<std::string_view>({"head", "territorial_manager", "labor_psychologist", "administrative", "other"});
};
/// "head", "territorial_manager", "labor_psychologist", "administrative", "other"
inline StaffRole parse_staff_role(std::string_view text) { return parse_enum<StaffRole>(text); }

struct StaffMember {
    RecordMeta meta{};
    Id office_id = 0;
    std::string name{};
    StaffRole role = StaffRole::Other;
    std::string email{};
    std::string phone{};
    Date started{};
    std::optional<Date> left{};  ///< set when the person leaves the office

    bool active_on(Date d) const noexcept { return started <= d && (!left || d < *left); }
};

struct NewStaffMember {
    Id office_id = 0;
    std::string name{};
    StaffRole role = StaffRole::Other;
    std::string email{};
    std::string phone{};
    std::optional<Date> started{};  ///< defaults to today
};

}  // namespace omilcrm
