#pragma once
// Vacancies captured from employers: the record, its status (which follows from the facts) and
// the Vacancies repository. Vacancies carry no seeker data.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Employer;
struct Interaction;
struct Office;
struct StaffMember;

/// How a vacancy reached the office.
enum class CaptureChannel { Visit, ClusterMeeting, Email, Event, Other };
template <>
struct EnumNames<CaptureChannel> {
    static constexpr std::string_view field = "channel";
    static constexpr auto names =
        std::to_array<std::string_view>({"visit", "cluster_meeting", "email", "event", "other"});
};

/// Follows from the facts (see vacancy_status()); only cancellation is set by hand.
enum class VacancyStatus { Open, PartiallyFilled, Filled, Expired, Cancelled };
template <>
struct EnumNames<VacancyStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names =
        std::to_array<std::string_view>({"open", "partially_filled", "filled", "expired", "cancelled"});
};

/// The status on `day`: cancelled (from the day it was cancelled) wins, then filled (placements
/// reach the positions), then expired (after valid_through), then partially filled (some
/// placements), else open.
VacancyStatus vacancy_status(int positions, int placed, Date valid_through, std::optional<Date> cancelled_on,
                             Date day) noexcept;

struct Vacancy {
    RecordMeta meta{};
    Id office_id = 0;
    Id employer_id = 0;
    std::string title{};
    std::string description{};
    std::string occupation{};  ///< ISCO-08 unit group, "9333"
    int positions = 1;
    EmploymentType employment_type = EmploymentType::FullTime;
    Shift shift = Shift::Day;
    std::string schedule{};                  ///< free text, "lun-vie 08:00-17:30"
    std::optional<std::int64_t> wage_min{};  ///< CLP per month, gross
    std::optional<std::int64_t> wage_max{};
    std::string commune{};  ///< CUT code of the workplace
    std::string address{};
    EducationLevel education = EducationLevel::None;  ///< minimum asked
    int experience_months = 0;
    std::vector<std::string> licences{};  ///< normalised ("A2", "B")
    std::vector<std::string> skills{};    ///< normalised tags
    CaptureChannel channel = CaptureChannel::Other;
    std::optional<Id> interaction_id{};  ///< the visit or meeting where it was captured
    std::optional<Id> captured_by{};     ///< staff
    Date captured_on{};
    Date valid_through{};
    std::optional<Date> cancelled_on{};
    std::string cancel_reason{};
    // Derived when read:
    int placed = 0;                              ///< placements made into it
    VacancyStatus status = VacancyStatus::Open;  ///< on the database's today
    std::optional<Date> filled_on{};             ///< start of the placement that filled the last position
};
template <>
struct RecordFields<Vacancy> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Vacancy::meta), ref<Office>("office_id", &Vacancy::office_id),
        ref<Employer>("employer_id", &Vacancy::employer_id), field("title", &Vacancy::title),
        field("occupation", &Vacancy::occupation), field("positions", &Vacancy::positions),
        field("description", &Vacancy::description), field("employment_type", &Vacancy::employment_type),
        field("shift", &Vacancy::shift), field("schedule", &Vacancy::schedule), field("wage_min", &Vacancy::wage_min),
        field("wage_max", &Vacancy::wage_max), field("commune", &Vacancy::commune), field("address", &Vacancy::address),
        field("education", &Vacancy::education), field("experience_months", &Vacancy::experience_months),
        field("licences", &Vacancy::licences), field("skills", &Vacancy::skills), field("channel", &Vacancy::channel),
        ref<Interaction>("interaction_id", &Vacancy::interaction_id),
        ref<StaffMember>("captured_by", &Vacancy::captured_by), field("captured_on", &Vacancy::captured_on),
        field("valid_through", &Vacancy::valid_through), field("cancel_reason", &Vacancy::cancel_reason),
        field("cancelled_on", &Vacancy::cancelled_on), field("placed", &Vacancy::placed),
        field("status", &Vacancy::status), field("filled_on", &Vacancy::filled_on));
    /// Derived when read, never written: not a column of the vacancies' spreadsheet.
    static constexpr auto derived = std::to_array<std::string_view>({"placed", "status", "filled_on"});
};

struct NewVacancy {
    Id employer_id = 0;
    std::string title{};
    std::string occupation{};
    int positions = 1;
    std::string description{};
    EmploymentType employment_type = EmploymentType::FullTime;
    Shift shift = Shift::Day;
    std::string schedule{};
    std::optional<std::int64_t> wage_min{};
    std::optional<std::int64_t> wage_max{};
    std::string commune{};  ///< default: the employer's commune
    std::string address{};  ///< default: the employer's address
    EducationLevel education = EducationLevel::None;
    int experience_months = 0;
    std::vector<std::string> licences{};
    std::vector<std::string> skills{};
    /// Default: from the interaction's kind when one is given (visit, cluster meeting, email,
    /// event), else other.
    std::optional<CaptureChannel> channel{};
    std::optional<Id> interaction_id{};  ///< must be an interaction with this employer
    std::optional<Id> captured_by{};
    std::optional<Date> captured_on{};    ///< default today
    std::optional<Date> valid_through{};  ///< default captured_on + 30 days
};
/// capture()'s keywords: the employer, the staff member who captured it (by) and the day (on).
template <>
struct RecordFields<NewVacancy> {
    static constexpr auto fields = std::make_tuple(
        ref<Employer>("employer", &NewVacancy::employer_id).required(), field("title", &NewVacancy::title).required(),
        field("occupation", &NewVacancy::occupation).required(), field("positions", &NewVacancy::positions),
        field("description", &NewVacancy::description), field("employment_type", &NewVacancy::employment_type),
        field("shift", &NewVacancy::shift), field("schedule", &NewVacancy::schedule),
        field("wage_min", &NewVacancy::wage_min), field("wage_max", &NewVacancy::wage_max),
        field("commune", &NewVacancy::commune), field("address", &NewVacancy::address),
        field("education", &NewVacancy::education), field("experience_months", &NewVacancy::experience_months),
        field("licences", &NewVacancy::licences), field("skills", &NewVacancy::skills),
        field("channel", &NewVacancy::channel), ref<Interaction>("interaction", &NewVacancy::interaction_id),
        ref<StaffMember>("by", &NewVacancy::captured_by), field("on", &NewVacancy::captured_on),
        field("valid_through", &NewVacancy::valid_through));
};

/// Filters for vacancy lists (unset = all).
struct VacancyFilter {
    std::optional<Id> employer_id{};
    std::optional<VacancyStatus> status{};
    bool open_only = false;  ///< open or partially filled
};
template <>
struct RecordFields<VacancyFilter> {
    static constexpr auto fields =
        std::make_tuple(ref<Employer>("employer", &VacancyFilter::employer_id), field("status", &VacancyFilter::status),
                        field("open_only", &VacancyFilter::open_only));
};

class Vacancies : public Repository {
public:
    using Repository::Repository;
    /// Records a vacancy captured from an employer. The occupation must be an ISCO-08 unit group;
    /// licences and skills are normalised; the commune and address default to the employer's.
    Vacancy capture(const NewVacancy& v);
    /// Bulk path: in one transaction, every row validated as capture() does. Errors name the
    /// row (rows[i].occupation); a row naming a record that does not exist is a ValidationError
    /// too. One bad row and nothing is written; empty input writes nothing. Returns the new ids.
    /// `progress`, if given, is told the rows written so far (see Progress); if it throws, nothing is written.
    std::vector<Id> capture_many(const std::vector<NewVacancy>& rows, const Progress& progress = {});
    /// With its placements counted and its status on today's date.
    Vacancy get(Id id) const;
    std::vector<Vacancy> list(Id office_id, const VacancyFilter& f = {}) const;
    /// Cancels it by hand (the reason is required); placements already made stay.
    Vacancy cancel(Id id, const std::string& reason, std::optional<Date> on = {});
    /// Moves the valid-through date (an expired vacancy reopens if the new date is later).
    Vacancy extend(Id id, Date valid_through);
    /// schema.org JobPosting as JSON-LD, ready for job boards. Carries no seeker data.
    std::string job_posting(Id id) const;
    /// One row per vacancy: no seeker data, only counts.
    Table table(Id office_id, const VacancyFilter& f = {}) const;
};

}  // namespace omilcrm
