// The pure parts of referrals: the stage rules (referrals.hpp) and the checks of referring,
// advancing and evaluating (referrals_rules.hpp).
#include "referrals_rules.hpp"

#include <string>

#include "omilcrm/error.hpp"
#include "seekers_rules.hpp"
#include "vacancies_rules.hpp"

namespace omilcrm {

bool is_closed(ReferralStage s) noexcept {
    return s == ReferralStage::Hired || s == ReferralStage::NotSelected || s == ReferralStage::Withdrew;
}

bool can_move(ReferralStage from, ReferralStage to) noexcept {
    if (is_closed(from)) return false;
    // Interview and evaluation happen in either order; nothing goes back to referred.
    return to != ReferralStage::Referred && to != from;
}

}  // namespace omilcrm

namespace omilcrm::detail {

void check_referral(const JobSeeker& seeker, const Vacancy& vacancy, const std::vector<Date>& placement_starts,
                    Date day) {
    if (seeker.office_id != vacancy.office_id)
        throw ValidationError("seeker", std::to_string(seeker.meta.id), "is registered at another office");
    if (!seeker.active)
        throw Conflict("job seeker " + std::to_string(seeker.meta.id) + " is withdrawn from the register");
    if (!has_scope(seeker.consent_scope, "intermediation"))
        throw Conflict("job seeker " + std::to_string(seeker.meta.id) +
                       " has not consented to intermediation; their profile cannot be sent to employers");
    const VacancyStatus status = vacancy_status_on(vacancy, placement_starts, day);
    if (status != VacancyStatus::Open && status != VacancyStatus::PartiallyFilled)
        throw Conflict("vacancy " + std::to_string(vacancy.meta.id) + " is " + std::string(to_string(status)) + " on " +
                       day.iso());
    if (day < vacancy.captured_on)
        throw ValidationError("on", day.iso(),
                              "is before the vacancy was captured (" + vacancy.captured_on.iso() + ")");
}

void check_advance(const Referral& r, ReferralStage to) {
    if (to == ReferralStage::Hired)
        throw ValidationError("stage", "hired", "is reached by recording the placement (placements.record)");
    if (!can_move(r.stage, to))
        throw Conflict("referral " + std::to_string(r.meta.id) + " cannot move from " +
                       std::string(to_string(r.stage)) + " to " + std::string(to_string(to)));
}

void check_evaluation(const Referral& r, const StaffMember& by) {
    if (by.office_id != r.office_id) throw ValidationError("by", std::to_string(by.meta.id), "works at another office");
    if (by.role != StaffRole::LaborPsychologist)
        throw ValidationError(
            "by", std::to_string(by.meta.id),
            "is " + std::string(to_string(by.role)) + "; evaluations are made by the labour psychologist");
    if (is_closed(r.stage))
        throw Conflict("referral " + std::to_string(r.meta.id) + " is closed (" + std::string(to_string(r.stage)) +
                       ")");
}

StageChange stage_change(const Referral& r, ReferralStage to, Date on) {
    if (on < r.referred_on)
        throw ValidationError("on", on.iso(), "is before the referral (" + r.referred_on.iso() + ")");
    StageChange c;
    c.stage = to;
    if (is_closed(to)) c.closed_on = on;
    return c;
}

}  // namespace omilcrm::detail
