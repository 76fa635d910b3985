#pragma once
// The rules of referrals, placements and programme offers, without a database: the records an
// operation involves and the day in, the answer out, or the error the operation raises (in the
// order it raises them). Referrals, Placements and Programmes load the records, apply these and
// write what they allow. Defined in jobs.cpp. Not public.
#include <optional>
#include <vector>

#include "omilcrm/employer.hpp"
#include "omilcrm/jobs.hpp"
#include "omilcrm/offices.hpp"

namespace omilcrm::detail {

// ---- referrals

/// The vacancy's status on `day` as it stood then: counting only the placements (by their start
/// dates) that had started by that day.
VacancyStatus vacancy_status_on(const Vacancy& v, const std::vector<Date>& placement_starts, Date day) noexcept;

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

// ---- placements

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

// ---- programme offers

/// Whom programme `p` may be offered to: exactly one employer or one seeker (ValidationError
/// otherwise), within the programme's audience (ValidationError naming "employer" or "seeker").
void check_offer_target(const Programme& p, std::optional<Id> employer_id, std::optional<Id> seeker_id);

/// The employer an offer of office `office_id` goes to: ValidationError naming "employer" when
/// it belongs to another office.
void check_offered_employer(const Employer& e, Id office_id);

/// The seeker an offer of office `office_id` goes to: ValidationError naming "seeker" for one of
/// another office; Conflict for one without consent to be offered programmes.
void check_offered_seeker(const JobSeeker& s, Id office_id);

/// An outcome recorded for offer `o` on `on`: ValidationError naming "outcome" for offered (set
/// when the offer is made); Conflict once the offer was declined or enrolled in; ValidationError
/// naming "on" for a day before the offer.
void check_outcome(const ProgrammeOffer& o, OfferOutcome outcome, Date on);

}  // namespace omilcrm::detail
