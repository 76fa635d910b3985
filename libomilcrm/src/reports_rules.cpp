// The rules of the placement reports: pure functions over vacancies, placements and memberships.
#include "reports_rules.hpp"

#include <map>
#include <unordered_map>

#include "omilcrm/error.hpp"

namespace omilcrm::detail {

namespace {

constexpr int kChannels = 5;  // CaptureChannel's values

}  // namespace

void check_period(Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
}

std::vector<Date> months(Date from, Date to) {
    std::vector<Date> out;
    for (Date m = month_of(from); m <= to; m = m.add_months(1)) out.push_back(m);
    return out;
}

std::vector<FunnelMonth> funnel(const std::vector<FunnelMonth>& counts, Date from, Date to) {
    std::vector<FunnelMonth> out;
    std::map<Date, std::size_t> at;
    for (Date m : months(from, to)) {
        at[m] = out.size();
        out.push_back({.month = m});
    }
    for (const auto& c : counts) {
        const auto it = at.find(month_of(c.month));
        if (it == at.end()) continue;
        FunnelMonth& r = out[it->second];
        r.vacancies += c.vacancies;
        r.positions += c.positions;
        r.referrals += c.referrals;
        r.interviews += c.interviews;
        r.hires += c.hires;
        r.hires_from_referrals += c.hires_from_referrals;
    }
    for (auto& r : out) r.hires_per_referral = ratio(r.hires_from_referrals, r.referrals);
    return out;
}

std::vector<FillTime> time_to_fill(const std::vector<Vacancy>& vacancies, Date from, Date to) {
    std::vector<FillTime> out;
    for (const auto& v : vacancies) {
        if (!within(v.captured_on, from, to) || !v.filled_on) continue;
        out.push_back({.vacancy_id = v.meta.id,
                       .employer_id = v.employer_id,
                       .channel = v.channel,
                       .positions = v.positions,
                       .captured_on = v.captured_on,
                       .filled_on = *v.filled_on,
                       .days_to_fill = *v.filled_on - v.captured_on});
    }
    return out;
}

std::vector<ChannelPlacements> placements_by_channel(const std::vector<Placement>& placements,
                                                     const std::vector<Vacancy>& vacancies, Date from, Date to) {
    std::unordered_map<Id, CaptureChannel> channel_of;
    for (const auto& v : vacancies) channel_of[v.meta.id] = v.channel;
    std::int64_t counts[kChannels] = {0, 0, 0, 0, 0};
    std::int64_t total = 0;
    for (const auto& p : placements) {
        if (!within(p.start_on, from, to)) continue;
        const auto it = channel_of.find(p.vacancy_id);
        ++counts[it == channel_of.end() ? 0 : static_cast<int>(it->second)];
        ++total;
    }
    std::vector<ChannelPlacements> out;
    for (int c = 0; c < kChannels; ++c)
        out.push_back(
            {.channel = static_cast<CaptureChannel>(c), .placements = counts[c], .share = ratio(counts[c], total)});
    return out;
}

ClusterShare cluster_share(const std::vector<ClusterName>& clusters, const std::vector<ClusterMembership>& memberships,
                           const std::vector<Placement>& placements, Date from, Date to) {
    std::unordered_map<Id, std::vector<const ClusterMembership*>> of_employer;
    for (const auto& m : memberships) of_employer[m.employer_id].push_back(&m);
    std::map<Id, std::string> names;
    for (const auto& c : clusters) names[c.id] = c.name;
    std::map<Id, std::int64_t> counts;  // 0 = no cluster
    for (const auto& [id, name] : names) counts[id] = 0;
    ClusterShare out;
    std::int64_t& total = out.placements;
    for (const auto& p : placements) {
        if (!within(p.start_on, from, to)) continue;
        ++total;
        bool any = false;
        const auto it = of_employer.find(p.employer_id);
        if (it != of_employer.end())
            for (const ClusterMembership* m : it->second)
                if (m->joined <= p.start_on && (!m->left || p.start_on < *m->left)) {
                    ++counts[m->cluster_id];
                    any = true;
                }
        if (!any) ++counts[0];
    }
    for (const auto& [cluster, n] : counts) {
        if (cluster == 0) continue;
        out.rows.push_back({.cluster_id = cluster, .name = names[cluster], .placements = n, .share = ratio(n, total)});
    }
    const std::int64_t none = counts[0];
    out.rows.push_back({.cluster_id = 0, .name = "(no cluster)", .placements = none, .share = ratio(none, total)});
    return out;
}

std::vector<RetentionMonth> retention(const std::vector<Placement>& placements, Date from, Date to, Date as_of) {
    std::vector<RetentionMonth> out;
    std::map<Date, std::size_t> at;
    for (Date m : months(from, to)) {
        at[m] = out.size();
        out.push_back({.month = m});
    }
    for (const auto& p : placements) {
        if (!within(p.start_on, from, to)) continue;
        RetentionMonth& r = out[at.at(month_of(p.start_on))];
        ++r.placements;
        if (follow_up_due(p.start_on, 30) <= as_of) ++r.due_30;
        const bool checked_30 = p.checked_30 && *p.checked_30 <= as_of;
        if (checked_30) {
            ++r.checked_30;
            if (p.employed_30.value_or(false)) ++r.employed_30;
        }
        const bool due_90 = follow_up_due(p.start_on, 90) <= as_of;
        if (due_90) ++r.due_90;
        if (p.checked_90 && *p.checked_90 <= as_of) {
            ++r.checked_90;
            if (p.employed_90.value_or(false)) ++r.employed_90;
        } else if (due_90 && checked_30 && p.employed_30 == false) {
            ++r.checked_90;  // gone by day 30: known not to be employed at day 90
        }
    }
    for (auto& r : out) r.retention_90 = ratio(r.employed_90, r.checked_90);
    return out;
}

}  // namespace omilcrm::detail
