#pragma once
// Placements: hires into vacancies, with their 30- and 90-day follow-ups, and the Placements
// repository. Listings carry seeker ids, never personal data.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

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

struct NewPlacement {
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Date start_on{};
    std::optional<EmploymentType> contract_type{};  ///< default: the vacancy's employment type
    std::optional<Id> recorded_by{};
    std::optional<Date> recorded_on{};  ///< default today; the day the referral (if any) moves to hired
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
