#pragma once
// The rules of placements, without a database: the records a placement involves and the day in,
// the answer out, or the error recording it raises (in the order it raises them). Placements
// loads the records, applies these and writes what they allow. The public follow_up_due() and
// check_follow_up() are in placements.hpp. Defined in placements_rules.cpp. Not public.
#include <optional>
#include <vector>

#include "omilcrm/placements.hpp"
#include "omilcrm/referrals.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm::detail {

/// Whether `seeker` may be placed in `vacancy` from `start_on`: ValidationError naming "seeker"
/// for a seeker of another office; Conflict for a cancelled vacancy or one with every position
/// filled; ValidationError naming "start_on" for a start before the capture.
void check_placement(const JobSeeker& seeker, const Vacancy& vacancy, Date start_on);

/// The referral a placement in `vacancy_id` closes: the last of the seeker's referrals (as
/// given, oldest first) to that vacancy, or none.
std::optional<Referral> referral_to(const std::vector<Referral>& seeker_referrals, Id vacancy_id);

/// Conflict when the placement's referral is already closed (the seeker was not selected or
/// withdrew); nothing without a referral.
void check_referral_open(const std::optional<Referral>& referral);

/// The day a placement recorded on `recorded_on` moves its referral to hired: that day, or the
/// referral's own day if it is later.
Date hired_on(const Referral& referral, Date recorded_on) noexcept;

/// The follow-ups of these placements due by `day` and not recorded: day 30, and day 90 unless the
/// person was found no longer employed at day 30. By due date, placement and day.
std::vector<PlacementCheck> checks_due(const std::vector<Placement>& placements, Date day);

}  // namespace omilcrm::detail
