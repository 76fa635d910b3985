#include "cadence_compliance.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace omilcrm::cadence {

bool covered(const EmployerFacts& e, const std::vector<CadencePolicy>& policies, const std::string& track,
             Date from, Date to) {
    for (Date d = std::max(from, e.added); d <= to; d = d.add_days(1))
        if (applicable_policy(e, policies, track, d)) return true;
    return false;
}

std::vector<ComplianceRow> compliance(const std::vector<EmployerFacts>& employers,
                                      const std::vector<ContactEvent>& contacts,
                                      const std::vector<CadencePolicy>& policies, const std::string& track,
                                      Date from, Date to, const ComplianceGroups& groups) {
    std::unordered_map<Id, std::vector<ContactEvent>> by_employer;
    for (const auto& c : contacts) by_employer[c.employer_id].push_back(c);
    static const std::vector<ContactEvent> none;

    ComplianceRow all{"office", groups.office_id, groups.office_name, 0, 0, to};
    std::map<Id, ComplianceRow> by_staff, by_cluster;
    for (const auto& [id, name] : groups.staff) by_staff[id] = {"staff", id, name, 0, 0, to};
    for (const auto& [id, name] : groups.clusters) by_cluster[id] = {"cluster", id, name, 0, 0, to};
    for (const auto& e : employers) {
        if (e.added > to) continue;
        // Only employers that some policy covers during the period are judged.
        if (!covered(e, policies, track, from, to)) continue;
        auto it = by_employer.find(e.employer_id);
        const bool ok = complied(e, it == by_employer.end() ? none : it->second, policies, track, from, to);
        auto count = [&](ComplianceRow& r) {
            ++r.employers;
            if (ok) ++r.complied;
        };
        count(all);
        count(by_staff[e.owner_id]);
        for (const auto& m : e.memberships)
            if (m.member_on(to)) count(by_cluster[m.cluster_id]);
    }
    std::vector<ComplianceRow> out{all};
    for (auto& [id, r] : by_staff)
        if (r.employers) out.push_back(r);
    for (auto& [id, r] : by_cluster)
        if (r.employers) out.push_back(r);
    return out;
}

}  // namespace omilcrm::cadence
