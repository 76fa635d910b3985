#pragma once
// Offices (an OMIL: the municipal employment office of one commune) and their staff: the records,
// the staff roles, and the Offices and Staff repositories (db.offices(), db.staff()).
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// An OMIL: the municipal employment office of one commune.
struct Office {
    RecordMeta meta{};
    std::string name{};
    std::string commune_code{};  ///< CUT code, "05103"
    std::string address{};
    std::string email{};
    std::string phone{};               ///< normalised, "+56322123456"
    std::optional<double> latitude{};  ///< where visit plans start
    std::optional<double> longitude{};

    /// The office's time zone, its commune's (territory::time_zone): "America/Punta_Arenas" for
    /// an office of Magallanes. Its today, deadlines, Open311 times and calendar are in it.
    std::string_view time_zone() const;
};
template <>
struct RecordFields<Office> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Office::meta), field("name", &Office::name), field("commune", &Office::commune_code),
        field("address", &Office::address), field("email", &Office::email), field("phone", &Office::phone),
        field("latitude", &Office::latitude), field("longitude", &Office::longitude));
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
template <>
struct RecordFields<NewOffice> {
    static constexpr auto fields = std::make_tuple(
        field("name", &NewOffice::name).required(), field("commune", &NewOffice::commune).required(),
        field("address", &NewOffice::address), field("email", &NewOffice::email), field("phone", &NewOffice::phone),
        field("latitude", &NewOffice::latitude), field("longitude", &NewOffice::longitude));
};

enum class StaffRole { Head, TerritorialManager, LaborPsychologist, Administrative, Other };
template <>
struct EnumNames<StaffRole> {
    static constexpr std::string_view field = "role";
    static constexpr auto names = std::to_array<std::string_view>(
        {"head", "territorial_manager", "labor_psychologist", "administrative", "other"});
};

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
template <>
struct RecordFields<StaffMember> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &StaffMember::meta), field("office_id", &StaffMember::office_id),
                        field("name", &StaffMember::name), field("role", &StaffMember::role),
                        field("email", &StaffMember::email), field("phone", &StaffMember::phone),
                        field("started", &StaffMember::started), field("left", &StaffMember::left));
};

struct NewStaffMember {
    Id office_id = 0;
    std::string name{};
    StaffRole role = StaffRole::Other;
    std::string email{};
    std::string phone{};
    std::optional<Date> started{};  ///< defaults to today
};
template <>
struct RecordFields<NewStaffMember> {
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &NewStaffMember::office_id).required(), field("name", &NewStaffMember::name).required(),
        field("role", &NewStaffMember::role).required(), field("email", &NewStaffMember::email),
        field("phone", &NewStaffMember::phone), field("started", &NewStaffMember::started));
};

// ---- Repositories --------------------------------------------------------------------------

class Offices : public Repository {
public:
    using Repository::Repository;
    Office add(const NewOffice& o);
    Office get(Id id) const;
    std::vector<Office> list() const;
    Table table() const;
};

class Staff : public Repository {
public:
    using Repository::Repository;
    StaffMember add(const NewStaffMember& s);
    StaffMember get(Id id) const;
    /// Staff of an office; with `active_on`, only those working there that day.
    std::vector<StaffMember> list(Id office_id, std::optional<Date> active_on = {}) const;
    /// Records that the person leaves the office on `on` (their last day is the day before).
    StaffMember leave(Id staff_id, Date on);
    Table table(Id office_id) const;
};

}  // namespace omilcrm
