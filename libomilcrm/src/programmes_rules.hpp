#pragma once
// The rules of programme offers, without a database: the records an offer involves and the day
// in, or the error the operation raises (in the order it raises them). Programmes loads the
// records, applies these and writes what they allow. Defined in programmes_rules.cpp. Not public.
#include <optional>

#include "omilcrm/employers.hpp"
#include "omilcrm/programmes.hpp"
#include "omilcrm/seekers.hpp"

namespace omilcrm::detail {

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
