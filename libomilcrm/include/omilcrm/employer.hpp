#pragma once
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/record.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/visiting_hours.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

enum class EmployerStatus { Prospect, Active, Inactive };
template <>
struct EnumNames<EmployerStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"prospect", "active", "inactive"});
};
inline EmployerStatus parse_employer_status(std::string_view text) { return parse_enum<EmployerStatus>(text); }

/// Size band by the Chilean classification (micro, small, medium, large), or unknown.
enum class SizeBand { Unknown, Micro, Small, Medium, Large };
template <>
struct EnumNames<SizeBand> {
    static constexpr std::string_view field = "size";
    static constexpr auto names = std::to_array<std::string_view>({"unknown", "micro", "small", "medium", "large"});
};
SizeBand parse_size_band(std::string_view text);

struct Employer {
    RecordMeta meta{};
    Id office_id = 0;
    Rut rut = Rut::from_body(1);
    std::string legal_name{};  ///< razón social
    std::string trade_name{};  ///< nombre de fantasía
    std::string sector{};     ///< economic sector, free text ("Logística")
    SizeBand size = SizeBand::Unknown;
    std::string address{};
    std::string commune_code{};  ///< CUT code
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::vector<VisitingWindow> visiting_hours{};
    EmployerStatus status = EmployerStatus::Prospect;
    std::string notes{};
    Id owner_id = 0;  ///< the staff member who owns the relationship (portfolio)
    std::string segment{};  ///< tier or segment for cadence policies ("key_account"); free text

    /// Trade name when there is one, else the legal name.
    const std::string& display_name() const noexcept {
        return trade_name.empty() ? legal_name : trade_name;
    }
};

struct NewEmployer {
    Id office_id = 0;       ///< may be 0 when cluster_id is given (the cluster's office is used)
    std::string rut{};      ///< any accepted RUT format
    std::string legal_name{};
    std::string trade_name{};
    std::string sector{};
    SizeBand size = SizeBand::Unknown;
    std::string address{};
    std::string commune{};  ///< code or name; defaults to the office's commune
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::vector<VisitingWindow> visiting_hours{};
    EmployerStatus status = EmployerStatus::Prospect;
    std::string notes{};
    /// Owner of the relationship. 0 = the office's active territorial manager, else its head.
    Id owner_id = 0;
    /// When set, the employer joins this cluster (on `joined`, default today).
    std::optional<Id> cluster_id{};
    std::optional<Date> joined{};
    std::string segment{};
    /// Since when the office works with the employer (the first owner's period starts then, and a
    /// never-contacted employer is due from then); default today. For records brought over
    /// from older files or spreadsheets.
    std::optional<Date> since{};
};

/// Fields to change on an employer; unset fields stay as they are.
struct EmployerUpdate {
    std::optional<std::string> legal_name{};
    std::optional<std::string> trade_name{};
    std::optional<std::string> sector{};
    std::optional<SizeBand> size{};
    std::optional<std::string> address{};
    std::optional<std::string> commune{};
    std::optional<std::optional<double>> latitude{};
    std::optional<std::optional<double>> longitude{};
    std::optional<std::vector<VisitingWindow>> visiting_hours{};
    std::optional<EmployerStatus> status{};
    std::optional<std::string> notes{};
    std::optional<std::string> segment{};
};

/// Fields of a contact to change; unset ones stay as they are.
struct ContactUpdate {
    std::optional<std::string> name{};
    std::optional<std::string> role{};
    std::optional<std::string> email{};
    std::optional<std::string> phone{};
};

/// A person at an employer.
struct Contact {
    RecordMeta meta{};
    Id employer_id = 0;
    std::string name{};
    std::string role{};  ///< job title, free text ("Jefa de RR.HH.")
    std::string email{};
    std::string phone{};  ///< normalised "+56912345678"
    bool primary = false;
};

struct NewContact {
    Id employer_id = 0;
    std::string name{};
    std::string role{};
    std::string email{};
    std::string phone{};
    bool primary = false;  ///< a new primary contact demotes the previous one
};

/// Normalises a Chilean phone number to "+56" and 9 digits ("9 8765 4321" -> "+56987654321",
/// "(32) 212 3456" -> "+56322123456"). Empty stays empty. Throws ValidationError naming `field`.
std::string normalize_phone(std::string_view text, std::string_view field = "phone");
/// Lower-cases and checks an e-mail address. Empty stays empty. Throws ValidationError.
std::string normalize_email(std::string_view text, std::string_view field = "email");

}  // namespace omilcrm
