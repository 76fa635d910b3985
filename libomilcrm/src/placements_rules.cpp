// The pure parts of placements: when follow-ups fall due (placements.hpp) and the checks of
// recording a placement (placements_rules.hpp).
#include "placements_rules.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "omilcrm/error.hpp"
#include "checks.hpp"

namespace omilcrm {

Date follow_up_due(Date start_on, int day) {
    if (day != 30 && day != 90) throw ValidationError("day", std::to_string(day), "must be 30 or 90");
    return start_on.add_days(day);
}

void check_follow_up(Date start_on, int day, Date on, Date today) {
    const Date due = follow_up_due(start_on, day);
    if (on < due)
        throw ValidationError("on", on.iso(),
                              "is before day " + std::to_string(day) + " of the placement (" + due.iso() + ", " +
                                  std::to_string(day) + " days after the start on " + start_on.iso() + ")");
    detail::check_not_future("on", on, today);
}

}  // namespace omilcrm

namespace omilcrm::detail {

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

}  // namespace omilcrm::detail
