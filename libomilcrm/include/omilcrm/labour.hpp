#pragma once
// Values shared by vacancies, job seekers and matching: education levels, employment types,
// shifts, driving licences and skills. Pure; no storage.
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "omilcrm/enums.hpp"

namespace omilcrm {

/// Highest education completed, in increasing order (Chile's levels).
enum class EducationLevel {
    None,                ///< "none": no requirement / no schooling completed
    Primary,             ///< "primary": enseñanza básica
    Secondary,           ///< "secondary": enseñanza media científico-humanista
    TechnicalSecondary,  ///< "technical_secondary": enseñanza media técnico-profesional
    Technical,           ///< "technical": técnico de nivel superior (CFT/IP)
    University,          ///< "university": título profesional o licenciatura
    Postgraduate,        ///< "postgraduate"
};
template <>
struct EnumNames<EducationLevel> {
    static constexpr std::string_view field = "education";
    static constexpr auto names = std::to_array<std::string_view>(
        {"none", "primary", "secondary", "technical_secondary", "technical", "university", "postgraduate"});
};

/// schema.org JobPosting employmentType values, lower case.
enum class EmploymentType { FullTime, PartTime, Temporary, Contractor, Intern, Other };
template <>
struct EnumNames<EmploymentType> {
    static constexpr std::string_view field = "employment_type";
    static constexpr auto names =
        std::to_array<std::string_view>({"full_time", "part_time", "temporary", "contractor", "intern", "other"});
};
/// "FULL_TIME", "PART_TIME", ... as schema.org writes them.
std::string_view schema_org_name(EmploymentType t) noexcept;

/// When the work happens. A vacancy has one; a seeker lists the ones they can work.
enum class Shift { Day, Afternoon, Night, Rotating, Weekend, Flexible };
template <>
struct EnumNames<Shift> {
    static constexpr std::string_view field = "shift";
    static constexpr auto names =
        std::to_array<std::string_view>({"day", "afternoon", "night", "rotating", "weekend", "flexible"});
};

/// Chile's driving licence classes (Ley de Tránsito): professional A1-A5, non-professional B, C,
/// special D (machinery), E (animal traction), F (armed forces). Returns the canonical class
/// ("a2", "A-2" and " A2 " give "A2"); throws ValidationError naming `field` otherwise.
std::string normalize_licence(std::string_view text, std::string_view field = "licences");
/// Each licence normalised, duplicates removed, sorted.
std::vector<std::string> normalize_licences(const std::vector<std::string>& in, std::string_view field = "licences");

/// A skill as a tag: trimmed, lower case, accents kept out ("Grúa Horquilla" -> "grua horquilla"),
/// inner spaces collapsed. Empty input, or input with a comma (a list given as one skill), is
/// refused with ValidationError naming `field`.
std::string normalize_skill(std::string_view text, std::string_view field = "skills");
/// Each skill normalised, duplicates removed, sorted.
std::vector<std::string> normalize_skills(const std::vector<std::string>& in, std::string_view field = "skills");

}  // namespace omilcrm
