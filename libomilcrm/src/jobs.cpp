// The pure parts of vacancies, referrals and programmes: names, status and stage rules.
#include <algorithm>
#include <array>

#include "omilcrm/jobs.hpp"
#include "checks.hpp"
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
