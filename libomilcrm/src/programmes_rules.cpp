// The pure parts of programmes: the checks of offers and their outcomes (programmes_rules.hpp).
#include "programmes_rules.hpp"

#include <string>

#include "omilcrm/error.hpp"
#include "seekers_rules.hpp"

namespace omilcrm::detail {

void check_offer_target(const Programme& p, std::optional<Id> employer_id, std::optional<Id> seeker_id) {
    if (employer_id.has_value() == seeker_id.has_value())
        throw ValidationError(employer_id ? "seeker" : "employer", "",
                              "a programme is offered to exactly one employer or one seeker");
    if (employer_id && p.audience == ProgrammeAudience::Seekers)
        throw ValidationError("employer", std::to_string(*employer_id), "programme " + p.code + " is for seekers");
    if (seeker_id && p.audience == ProgrammeAudience::Employers)
        throw ValidationError("seeker", std::to_string(*seeker_id), "programme " + p.code + " is for employers");
}

void check_offered_employer(const Employer& e, Id office_id) {
    if (e.office_id != office_id)
        throw ValidationError("employer", std::to_string(e.meta.id), "belongs to another office");
}

void check_offered_seeker(const JobSeeker& s, Id office_id) {
    if (s.office_id != office_id)
        throw ValidationError("seeker", std::to_string(s.meta.id), "is registered at another office");
    if (!has_scope(s.consent_scope, "programmes"))
        throw Conflict("job seeker " + std::to_string(s.meta.id) + " has not consented to be offered programmes");
}

void check_outcome(const ProgrammeOffer& o, OfferOutcome outcome, Date on) {
    if (outcome == OfferOutcome::Offered)
        throw ValidationError("outcome", "offered", "record declined, accepted or enrolled");
    if (o.outcome == OfferOutcome::Declined || o.outcome == OfferOutcome::Enrolled)
        throw Conflict("offer " + std::to_string(o.meta.id) + " is already " + std::string(to_string(o.outcome)));
    if (on < o.offered_on) throw ValidationError("on", on.iso(), "is before the offer (" + o.offered_on.iso() + ")");
}

}  // namespace omilcrm::detail
