#pragma once
// The rules of referrals, without a database: the records an operation involves and the day in,
// the answer out, or the error the operation raises (in the order it raises them). Referrals loads
// the records, applies these and writes what they allow. The public is_closed() and can_move() are
// in referrals.hpp. Defined in referrals_rules.cpp. Not public.
#include <optional>
#include <vector>

#include "omilcrm/offices.hpp"
#include "omilcrm/referrals.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm::detail {

/// Whether `seeker` may be referred to `vacancy` on `day`, given the start dates of the vacancy's
/// placements: ValidationError naming "seeker" for a seeker of another office; Conflict for a
/// withdrawn seeker, one without consent for intermediation, or a vacancy that is not open (or
/// partially filled) that day; ValidationError naming "on" for a day before the capture.
void check_referral(const JobSeeker& seeker, const Vacancy& vacancy, const std::vector<Date>& placement_starts,
                    Date day);

/// A stage set by hand (Referrals::advance): ValidationError naming "stage" for hired (reached by
/// recording the placement); Conflict when the referral cannot move there (can_move).
void check_advance(const Referral& r, ReferralStage to);

/// An evaluation of `r` by `by`: ValidationError naming "by" for staff of another office or who
/// is not the labour psychologist; Conflict for a closed referral. A second evaluation is allowed.
void check_evaluation(const Referral& r, const StaffMember& by);

/// What a referral moved to `to` on `on` becomes: its stage and the day it closed (for hired,
/// not selected and withdrew), or none. ValidationError naming "on" for a day before the referral.
struct StageChange {
    ReferralStage stage = ReferralStage::Referred;
    std::optional<Date> closed_on;
};
StageChange stage_change(const Referral& r, ReferralStage to, Date on);

}  // namespace omilcrm::detail
