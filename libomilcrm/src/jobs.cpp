// The pure parts of vacancies, referrals and programmes: names, status and stage rules, and the
// checks of referrals, placements and programme offers (referral_rules.hpp).
#include <algorithm>
#include <array>
#include <tuple>

#include "omilcrm/jobs.hpp"
#include "checks.hpp"
#include "referral_rules.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {
constexpr std::array<std::string_view, 4> kScopes = {"intermediation", "programmes", "contact", "statistics"};
}  // namespace


VacancyStatus vacancy_status(int positions, int placed, Date valid_through, std::optional<Date> cancelled_on,
                             Date day) noexcept {
    if (cancelled_on && *cancelled_on <= day) return VacancyStatus::Cancelled;
    if (placed >= positions) return VacancyStatus::Filled;
    if (valid_through < day) return VacancyStatus::Expired;
    if (placed > 0) return VacancyStatus::PartiallyFilled;
    return VacancyStatus::Open;
}

std::vector<std::string> normalize_consent_scopes(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const auto& s : in) out.emplace_back(kScopes[detail::index_of(s, kScopes, "consent_scope")]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Date follow_up_due(Date start_on, int day) {
    if (day != 30 && day != 90) throw ValidationError("day", std::to_string(day), "must be 30 or 90");
    return start_on.add_days(day);
}

void check_follow_up(Date start_on, int day, Date on, Date today) {
    const Date due = follow_up_due(start_on, day);
    if (on < due)
        throw ValidationError("on", on.iso(),
                              "is before day " + std::to_string(day) + " of the placement (" + due.iso() +
                                  ", " + std::to_string(day) + " days after the start on " + start_on.iso() + ")");
    detail::check_not_future("on", on, today);
}

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

namespace {

bool has_scope(const std::vector<std::string>& scopes, std::string_view scope) {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

}  // namespace

// ---- referrals

VacancyStatus vacancy_status_on(const Vacancy& v, const std::vector<Date>& placement_starts, Date day) noexcept {
    int placed = 0;
    for (const Date start : placement_starts) placed += start <= day ? 1 : 0;
    return vacancy_status(v.positions, placed, v.valid_through, v.cancelled_on, day);
}

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
        throw Conflict("vacancy " + std::to_string(vacancy.meta.id) + " is " + std::string(to_string(status)) +
                       " on " + day.iso());
    if (day < vacancy.captured_on)
        throw ValidationError("on", day.iso(), "is before the vacancy was captured (" + vacancy.captured_on.iso() + ")");
}

void check_advance(const Referral& r, ReferralStage to) {
    if (to == ReferralStage::Hired)
        throw ValidationError("stage", "hired", "is reached by recording the placement (placements.record)");
    if (!can_move(r.stage, to))
        throw Conflict("referral " + std::to_string(r.meta.id) + " cannot move from " +
                       std::string(to_string(r.stage)) + " to " + std::string(to_string(to)));
}

void check_evaluation(const Referral& r, const StaffMember& by) {
    if (by.office_id != r.office_id)
        throw ValidationError("by", std::to_string(by.meta.id), "works at another office");
    if (by.role != StaffRole::LaborPsychologist)
        throw ValidationError("by", std::to_string(by.meta.id),
                              "is " + std::string(to_string(by.role)) +
                                  "; evaluations are made by the labour psychologist");
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

// ---- placements

void check_placement(const JobSeeker& seeker, const Vacancy& vacancy, Date start_on) {
    if (seeker.office_id != vacancy.office_id)
        throw ValidationError("seeker", std::to_string(seeker.meta.id), "is registered at another office");
    if (vacancy.cancelled_on)
        throw Conflict("vacancy " + std::to_string(vacancy.meta.id) + " was cancelled on " +
                       vacancy.cancelled_on->iso());
    if (vacancy.placed >= vacancy.positions)
        throw Conflict("vacancy " + std::to_string(vacancy.meta.id) + " has all its " +
                       std::to_string(vacancy.positions) + " positions filled");
    if (start_on < vacancy.captured_on)
        throw ValidationError("start_on", start_on.iso(),
                              "is before the vacancy was captured (" + vacancy.captured_on.iso() + ")");
}

std::optional<Referral> referral_to(const std::vector<Referral>& seeker_referrals, Id vacancy_id) {
    std::optional<Referral> out;
    for (const auto& r : seeker_referrals)
        if (r.vacancy_id == vacancy_id) out = r;
    return out;
}

void check_referral_open(const std::optional<Referral>& referral) {
    if (referral && is_closed(referral->stage))
        throw Conflict("referral " + std::to_string(referral->meta.id) + " of this seeker to this vacancy is closed (" +
                       std::string(to_string(referral->stage)) + ")");
}

Date hired_on(const Referral& referral, Date recorded_on) noexcept {
    return std::max(recorded_on, referral.referred_on);
}

std::vector<PlacementCheck> checks_due(const std::vector<Placement>& placements, Date day) {
    std::vector<PlacementCheck> out;
    for (const auto& p : placements) {
        // A person no longer employed at 30 days needs no 90-day check.
        if (!p.employed_30 && follow_up_due(p.start_on, 30) <= day)
            out.push_back({p.meta.id, p.employer_id, 30, follow_up_due(p.start_on, 30)});
        if (!p.employed_90 && p.employed_30.value_or(true) && follow_up_due(p.start_on, 90) <= day)
            out.push_back({p.meta.id, p.employer_id, 90, follow_up_due(p.start_on, 90)});
    }
    std::sort(out.begin(), out.end(), [](const PlacementCheck& a, const PlacementCheck& b) {
        return std::tie(a.due_on, a.placement_id, a.day) < std::tie(b.due_on, b.placement_id, b.day);
    });
    return out;
}

// ---- programme offers

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
    if (on < o.offered_on)
        throw ValidationError("on", on.iso(), "is before the offer (" + o.offered_on.iso() + ")");
}

}  // namespace omilcrm::detail
