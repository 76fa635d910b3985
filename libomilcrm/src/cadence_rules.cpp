// The rules of contact cadence, pure: the applicable policy, the due list and whether an
// employer complied (public, cadence.hpp), and compliance per group over a period
// (cadence_rules.hpp). Data and the day in, answers out; no database, no clock.
#include "cadence_rules.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "omilcrm/error.hpp"
#include "checks.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {}

bool CadencePolicy::counts(InteractionKind k) const noexcept {
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

namespace cadence {

namespace {

bool member_on(const EmployerFacts& e, Id cluster_id, Date day) {
    for (const auto& m : e.memberships)
        if (m.cluster_id == cluster_id && m.member_on(day)) return true;
    return false;
}

// Better = more specific scope; within Cluster, shorter interval; then lower id (Employer and
// Segment: the newest, highest id, so a changed override takes effect).
bool better(const CadencePolicy& a, const CadencePolicy& b) {
    if (a.scope != b.scope) return a.scope > b.scope;
    if (a.scope == PolicyScope::Cluster) {
        if (a.interval_days != b.interval_days) return a.interval_days < b.interval_days;
        return a.id < b.id;
    }
    return a.id > b.id;
}

// Last qualifying contact on or before `day` in contacts sorted by date.
std::optional<Date> last_contact(const std::vector<const ContactEvent*>& sorted, const CadencePolicy& p, Date day) {
    std::optional<Date> last;
    for (const auto* c : sorted) {
        if (c->on > day) break;
        if (p.counts(c->kind)) last = c->on;
    }
    return last;
}

}  // namespace

const CadencePolicy* applicable_policy(const EmployerFacts& e, const std::vector<CadencePolicy>& policies,
                                       const std::string& track, Date day) {
    const CadencePolicy* best = nullptr;
    for (const auto& p : policies) {
        if (p.track != track) continue;
        bool applies = false;
        switch (p.scope) {
            case PolicyScope::Office:
                applies = true;
                break;
            case PolicyScope::Employer:
                applies = p.scope_id == e.employer_id;
                break;
            case PolicyScope::Segment:
                applies = !p.segment.empty() && p.segment == e.segment;
                break;
            case PolicyScope::Cluster:
                applies = member_on(e, p.scope_id, day);
                break;
        }
        if (applies && (!best || better(p, *best))) best = &p;
    }
    return best;
}

std::vector<DueItem> due_list(const std::vector<EmployerFacts>& employers, const std::vector<ContactEvent>& contacts,
                              const std::vector<CadencePolicy>& policies, const std::string& track, Date day,
                              int within_days) {
    detail::check_not_negative("within_days", within_days);
    std::unordered_map<Id, std::vector<const ContactEvent*>> by_employer;
    for (const auto& c : contacts) by_employer[c.employer_id].push_back(&c);
    for (auto& [id, v] : by_employer)
        std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->on < b->on; });
    static const std::vector<const ContactEvent*> none;

    std::vector<DueItem> out;
    for (const auto& e : employers) {
        if (e.added > day) continue;
        const CadencePolicy* p = applicable_policy(e, policies, track, day);
        if (!p) continue;
        auto it = by_employer.find(e.employer_id);
        const auto& mine = it == by_employer.end() ? none : it->second;
        DueItem d;
        d.employer_id = e.employer_id;
        d.owner_id = e.owner_id;
        d.last_contact = last_contact(mine, *p, day);
        d.due = d.last_contact ? d.last_contact->add_days(p->interval_days) : e.added;
        d.days_overdue = day - d.due;
        d.policy_id = p->id;
        d.scope = p->scope;
        d.interval_days = p->interval_days;
        d.policy_name = p->name;
        if (d.days_overdue >= -within_days) out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const DueItem& a, const DueItem& b) {
        if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
        if (a.last_contact.has_value() != b.last_contact.has_value()) return !a.last_contact.has_value();
        return a.employer_id < b.employer_id;
    });
    return out;
}

bool complied(const EmployerFacts& e, const std::vector<ContactEvent>& contacts_of_e,
              const std::vector<CadencePolicy>& policies, const std::string& track, Date from, Date to) {
    std::vector<const ContactEvent*> sorted;
    for (const auto& c : contacts_of_e)
        if (c.employer_id == e.employer_id) sorted.push_back(&c);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->on < b->on; });
    const Date start = std::max(from, e.added);
    for (Date d = start; d <= to; d = d.add_days(1)) {
        const CadencePolicy* p = applicable_policy(e, policies, track, d);
        if (!p) continue;
        // Judged by the contacts before d: a contact made on d after its due day was still
        // late (overdue on d until it happened), so it must not excuse d itself.
        const auto last = last_contact(sorted, *p, d.add_days(-1));
        // A new employer has one interval for its first contact.
        const Date due = (last ? *last : e.added).add_days(p->interval_days);
        if (d > due) return false;
    }
    return true;
}

}  // namespace cadence
}  // namespace omilcrm

// ---- Compliance per group -------------------------------------------------------------------

namespace omilcrm::cadence {

bool covered(const EmployerFacts& e, const std::vector<CadencePolicy>& policies, const std::string& track, Date from,
             Date to) {
    for (Date d = std::max(from, e.added); d <= to; d = d.add_days(1))
        if (applicable_policy(e, policies, track, d)) return true;
    return false;
}

std::vector<ComplianceRow> compliance(const std::vector<EmployerFacts>& employers,
                                      const std::vector<ContactEvent>& contacts,
                                      const std::vector<CadencePolicy>& policies, const std::string& track, Date from,
                                      Date to, const ComplianceGroups& groups) {
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
