#pragma once
// Placements: hires into vacancies, with their 30- and 90-day follow-ups, and the Placements
// repository. Listings carry seeker ids, never personal data.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Employer;
struct JobSeeker;
struct Office;
struct Referral;
struct StaffMember;
struct Vacancy;

struct Placement {
    RecordMeta meta{};
    Id office_id = 0;
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Id employer_id = 0;
    std::optional<Id> referral_id{};
    Date start_on{};
    EmploymentType contract_type = EmploymentType::FullTime;
    std::optional<Id> recorded_by{};
    /// The 30- and 90-day follow-ups, when recorded: still employed or not.
    std::optional<bool> employed_30{};
    std::optional<Date> checked_30{};
    std::optional<bool> employed_90{};
    std::optional<Date> checked_90{};
};
template <>
struct RecordFields<Placement> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Placement::meta), ref<Office>("office_id", &Placement::office_id),
        ref<JobSeeker>("seeker_id", &Placement::seeker_id), ref<Vacancy>("vacancy_id", &Placement::vacancy_id),
        ref<Employer>("employer_id", &Placement::employer_id), ref<Referral>("referral_id", &Placement::referral_id),
        field("start_on", &Placement::start_on), field("contract_type", &Placement::contract_type),
        ref<StaffMember>("recorded_by", &Placement::recorded_by), field("employed_30", &Placement::employed_30),
        field("checked_30", &Placement::checked_30), field("employed_90", &Placement::employed_90),
        field("checked_90", &Placement::checked_90));
};

struct NewPlacement {
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Date start_on{};
    std::optional<EmploymentType> contract_type{};  ///< default: the vacancy's employment type
    std::optional<Id> recorded_by{};
    std::optional<Date> recorded_on{};  ///< default today; the day the referral (if any) moves to hired
};
/// record()'s keywords.
template <>
struct RecordFields<NewPlacement> {
    static constexpr auto fields = std::make_tuple(
        ref<JobSeeker>("seeker", &NewPlacement::seeker_id).required(),
        ref<Vacancy>("vacancy", &NewPlacement::vacancy_id).required(),
        field("start_on", &NewPlacement::start_on).required(), field("contract_type", &NewPlacement::contract_type),
        ref<StaffMember>("by", &NewPlacement::recorded_by), field("recorded_on", &NewPlacement::recorded_on));
};

/// The day the follow-up at `day` (30 or 90) of a placement that started on `start_on` falls due:
/// the start plus that many days. ValidationError naming "day" for any other mark.
Date follow_up_due(Date start_on, int day);

/// Checks a follow-up at `day` made on `on`: day 30 or 90 (ValidationError naming "day"), not
/// before it falls due and not after `today` (ValidationError naming "on"): a 30-day check made
/// on day 3 says nothing about day 30.
void check_follow_up(Date start_on, int day, Date on, Date today);

/// A follow-up that is due: day 30 or 90 after the start, not yet recorded.
struct PlacementCheck {
    Id placement_id = 0;
    Id employer_id = 0;
    int day = 30;
    Date due_on{};
};
template <>
struct RecordFields<PlacementCheck> {
    static constexpr auto fields =
        std::make_tuple(ref<Placement>("placement_id", &PlacementCheck::placement_id),
                        ref<Employer>("employer_id", &PlacementCheck::employer_id), field("day", &PlacementCheck::day),
                        field("due_on", &PlacementCheck::due_on));
};

class Placements : public Repository {
public:
    using Repository::Repository;
    /// Records a hire into a vacancy. Refused for a cancelled vacancy, a vacancy whose positions
    /// are all filled, or a start before the capture. A referral of the seeker to the vacancy
    /// moves to hired in the same transaction.
    Placement record(const NewPlacement& p);
    Placement get(Id id) const;
    /// Records the follow-up at day 30 or 90: is the person still employed? Once per day mark.
    Placement follow_up(Id id, int day, bool employed, std::optional<Date> on = {}, std::optional<Id> staff_id = {},
                        const std::string& note = {});
    /// Follow-ups due on `day` and not yet recorded, oldest first.
    std::vector<PlacementCheck> checks_due(Id office_id, Date day) const;
    std::vector<Placement> list(Id office_id) const;
    std::vector<Placement> for_vacancy(Id vacancy_id) const;
    /// One row per placement (seeker ids, no personal data).
    Table table(Id office_id) const;
};

}  // namespace omilcrm
